"""The library API: top-level functions, typed results, clear TypeErrors, models loaded once,
and the README's example, executed."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import bitext
from bitext.records import Alignment, Entity, PairReport

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_runs_and_prints_what_it_says():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- api-example -->\n```python\n(.*?)```\n<!-- /api-example -->", text, re.S)
    assert block, "README's Python API example is marked with <!-- api-example -->"
    code = block.group(1)
    expected = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == expected


def test_results_are_typed_records():
    al = bitext.align_sentences(["Bir.", "İki."], ["One.", "Two."], encoder="length")
    assert isinstance(al, Alignment) and [(b.src, b.tgt) for b in al.beads] == [((0,), (0,)), ((1,), (1,))]
    [rep] = bitext.check_pairs([("Toplantı yapıldı.", "The meeting was held.")], encoder="none")
    assert isinstance(rep, PairReport) and rep.severity in ("ok", "minor", "major", "critical")
    ents = bitext.recognize("NATO ve AGİT toplantısı", "tr")
    assert all(isinstance(e, Entity) for e in ents) and {e.key for e in ents} >= {"ORG:nato", "ORG:osce"}


@pytest.mark.parametrize("call, message", [
    (lambda: bitext.align_sentences("Bir. İki.", ["One.", "Two."]), r"src is a single str.*split_sentences"),
    (lambda: bitext.align_sentences(["Bir."], "One."), r"tgt is a single str"),
    (lambda: bitext.align_sentences(["Bir.", 2], ["One."]), r"src\[1\] is int"),
    (lambda: bitext.check_pairs("Bir.\tOne."), r"pairs is str"),
    (lambda: bitext.check_pairs(("Bir.", "One.")), r"pairs\[0\] is str.*\[\(tr, en\)\]"),
    (lambda: bitext.check_pairs([("Bir.", "One.", "x")]), r"pairs\[0\] is tuple"),
    (lambda: bitext.recognize(["NATO"], "tr"), r"text is list"),
    (lambda: bitext.split_sentences(None, "tr"), r"text is NoneType"),
])
def test_wrong_types_are_clear_type_errors(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_models_load_once():
    from bitext import encoder as enc_module
    from bitext.encoder import load_encoder
    bitext.align_sentences(["Toplantı yapıldı."], ["The meeting was held."])
    first = load_encoder()
    loaded = dict(enc_module._LOADED)
    bitext.align_sentences(["Toplantı yapıldı."], ["The meeting was held."])
    bitext.check_pairs([("Toplantı yapıldı.", "The meeting was held.")])
    assert load_encoder() is first and enc_module._LOADED == loaded


def test_module_and_function_names_do_not_clash():
    import bitext.aligner  # noqa: F401  (the stage module, imported first on purpose)
    from bitext import align_sentences, check_pairs, recognize
    assert callable(align_sentences) and callable(check_pairs) and callable(recognize)
    assert set(bitext.__all__) >= {"align_sentences", "check_pairs", "recognize", "run", "split_sentences"}
