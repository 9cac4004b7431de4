"""Fuzzing every reader and every command's entry point with hypothesis (issue 19).

Inputs: random bytes, random Unicode (lone surrogates, controls, RTL and combining marks), random
JSON structures, random TMX/XML, random TSV with quotes, backslashes and tabs. Asserted: no
exception but :class:`~bitext.errors.BitextError` from a reader; from a command (``bitext.cli.main``
in-process, as the console script runs it) exit 0, 1 or 2 only, an error line naming the input
file, no partial output (no temp file; nothing at all after exit 2), nothing outside the output
folder touched. Each test runs ``FEW`` examples; its ``slow`` twin runs ``MANY``
(``BITEXT_FUZZ_EXAMPLES``, default 150).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext import corpus, formats, textcodec
from bitext.errors import BitextError

FEW, MANY = 15, int(os.environ.get("BITEXT_FUZZ_EXAMPLES", 150))
COUNTS = [FEW, pytest.param(MANY, marks=pytest.mark.slow, id="many")]

# ---------------------------------------------------------------- strategies

ODD = "\u0000\u0007\u001b\u007f\u0085\u200b\u200e\u200f\u202e\u2028\u2029\ufeff\ufffe\u0301\u0308" \
      "\u05d0\u0627\u0130\u0131\ud800\udfff\t\r\n\\\"'<>&[]/"
text = st.text(st.one_of(st.characters(), st.sampled_from(list(ODD))), max_size=60)
words = st.lists(st.sampled_from(list("abcçğıİöşü .,'’-") + ["Kedi ", "The ", "cat."]),
                 max_size=20).map("".join)


def encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")  # lone surrogates become (invalid) CESU-8 bytes


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.one_of(text, st.sampled_from(
        ["translation", "tr", "en", "tr-TR", "en-US", "src", "tgt", "score", "src_idx", "doc",
         "../../evil", "severity", "findings"])), kids, max_size=5), max_leaves=20)


@st.composite
def jsonl_bytes(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            tr = {draw(st.sampled_from(["tr", "tr-TR", "en", "EN_us", "../x", "", "t r"])): draw(text),
                  draw(st.sampled_from(["en", "en-US", "tr", "xx-YY-zz"])): draw(json_values)}
            obj = {"translation": tr, "score": draw(st.one_of(st.floats(), st.integers(), text))}
        else:
            obj = draw(json_values)
        lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans()), allow_nan=True))
    if draw(st.booleans()):
        lines.append("[" * draw(st.integers(1, 5000)))
    return encode("\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n", "\r"])))


@st.composite
def tmx_bytes(draw) -> bytes:
    def seg() -> str:
        return draw(st.one_of(text, st.sampled_from(["&e;", "&amp;", "<b>x</b>", "]]>", "&#0;",
                                                     "&#xD800;", "<seg>"])))
    tus = "".join(
        f'<tu><prop type="x-bitext-score">{draw(st.sampled_from(["0.5", "nan", "x", "1e999", ""]))}'
        f'</prop><tuv xml:lang="{draw(st.sampled_from(["tr", "tr-TR", "en", "", "../e"]))}"><seg>{seg()}'
        f'</seg></tuv><tuv xml:lang="{draw(st.sampled_from(["en", "en-GB", "tr"]))}"><seg>{seg()}</seg>'
        f"</tuv></tu>" for _ in range(draw(st.integers(0, 3))))
    doctype = draw(st.sampled_from(["", '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
                                    '<!DOCTYPE tmx [<!ENTITY e "boom">]>',
                                    '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>']))
    body = f'<?xml version="1.0"?>{doctype}<tmx version="1.4"><header srclang="tr"/><body>{tus}</body></tmx>'
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(body)))
        body = body[:cut] + draw(text) + body[cut:]
    return encode(body)


@st.composite
def tsv_bytes(draw) -> bytes:
    cell = st.one_of(words, text, st.sampled_from(['"quoted\tcell"', "a\\tb", "\\", "nan", "inf",
                                                   "1e999", "0.9", "tr", "en", "http://x/y"]))
    rows = draw(st.lists(st.lists(cell, min_size=1, max_size=11), min_size=1, max_size=5))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return encode(end.join("\t".join(r) for r in rows) + end)


raw = st.binary(max_size=300)
any_bytes = st.one_of(raw, text.map(encode), jsonl_bytes(), tmx_bytes(), tsv_bytes(),
                      st.builds(lambda a, b: a + b"\xff" + b, words.map(encode), words.map(encode)))


SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_8326cda90e95f37e.txt").read_text("utf-8")


@st.composite
def mutated_seed(draw) -> bytes:
    """A real bilingual paper with random text spliced in at random places (it still aligns)."""
    doc = SEED
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(doc)))
        doc = doc[:at] + draw(text) + doc[at:]
    return encode(doc)


def fuzz(n: int, *strategies):
    """The test body run on ``n`` examples of ``strategies``."""
    def wrap(body):
        return settings(max_examples=n, deadline=None, database=None,
                        suppress_health_check=list(HealthCheck))(given(*strategies)(body))
    return wrap


# ---------------------------------------------------------------- readers

def reader_raises_only_bitext_errors(read, data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            read(path)
        except BitextError as err:
            assert name in str(err) or "format" in str(err), str(err)


READERS = {
    "corpus.tsv": lambda p: corpus.read(p),
    "corpus.jsonl": lambda p: corpus.read(p),
    "corpus.tmx": lambda p: corpus.read(p),
    "corpus.dat": lambda p: corpus.read(p),  # format from the content
    "text.txt": lambda p: textcodec.decode(p.read_bytes(), str(p)),
    "doc.txt": lambda p: __import__("bitext.documents").documents.read_document(p),
    "x.check.jsonl": lambda p: list(__import__("bitext.studio.tasks").studio.tasks.read_pairs(p)),
    "pairs.tsv": lambda p: __import__("bitext.check.inputs").check.inputs.read_tsv(p),
    "beads.txt": lambda p: formats.parse_vecalign(p.read_bytes().decode("utf-8", "replace"), str(p)),
}


@pytest.mark.parametrize("n", COUNTS)
@pytest.mark.parametrize("name", sorted(READERS))
def test_readers(name, n):
    @fuzz(n, any_bytes)
    def body(data):
        reader_raises_only_bitext_errors(READERS[name], data, name)
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_server_state_reader(n, monkeypatch, tmp_path):
    from bitext.studio import server
    monkeypatch.setenv("BITEXT_DATA", str(tmp_path))
    (tmp_path / "studio").mkdir()

    @fuzz(n, st.one_of(raw, json_values.map(lambda v: encode(json.dumps(v)))))
    def body(data):
        (tmp_path / "studio" / "server.json").write_bytes(data)
        try:
            server.status()
        except BitextError as err:
            assert "server.json" in str(err)
    body()


# ---------------------------------------------------------------- commands

def invoke(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """``bitext ARGS`` in this process, as the console script runs it: (exit code, out, err)."""
    from bitext.cli import main
    out, err = io.StringIO(), io.StringIO()
    old = sys.argv, sys.stdin
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    sys.argv = ["bitext", *args]
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as ex:
                code = 0 if ex.code is None else ex.code
    finally:
        sys.argv, sys.stdin = old
        for sig, handler in handlers.items():  # main() installs its own
            signal.signal(sig, handler)
    return code, out.getvalue(), err.getvalue()


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def command_is_safe(make_args, files: dict[str, bytes], stdin: bytes = b"") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        for name, data in files.items():
            (root / "in" / name).write_bytes(data)
        before = listing(root / "in")
        args = make_args(root / "in", root / "out")
        code, _out, err = invoke([str(a) for a in args], stdin)
        assert "Traceback" not in err and code in (0, 1, 2), (code, err)
        if code == 2:
            line = err.strip().splitlines()[-1]
            assert line.startswith("bitext: error: ") and (
                any(name in line for name in files) or "<stdin>" in line or "<arguments>" in line
                or "argument" in line), line
            assert not (root / "out").exists() or not listing(root / "out"), "partial output"
        assert listing(root / "in") == before, "an input was touched"
        assert sorted(p.name for p in root.iterdir()) in (["in"], ["in", "out"]), "wrote outside out/"
        if (root / "out").exists():
            assert not [p for p in (root / "out").rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("n", COUNTS)
@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx", "moses"])
def test_export(fmt, n):
    @fuzz(n, st.sampled_from(["c.tsv", "c.jsonl", "c.tmx", "c.tr"]), any_bytes)
    def body(name, data):
        files = {name: data, **({"c.en": data} if name == "c.tr" else {})}
        command_is_safe(lambda i, o: ["export", i / name, "-f", fmt, "-o", o / "x" / "c"], files)
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_export_stdin_to_stdout(n):
    @fuzz(n, any_bytes)
    def body(data):
        command_is_safe(lambda i, o: ["export", "-", "-f", "jsonl", "-o", "-"], {}, data)
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_check(n):
    @fuzz(n, st.one_of(tsv_bytes(), jsonl_bytes(), any_bytes), st.sampled_from(["p.tsv", "p.jsonl"]))
    def body(data, name):
        command_is_safe(lambda i, o: ["check", "--pairs", i / name, "--encoder", "none",
                                      "--format", "jsonl", "--out", o / "r.jsonl"], {name: data})
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_check_two_files_and_arguments(n):
    @fuzz(n, any_bytes, any_bytes, text.filter(lambda s: s and not s.startswith("-")))
    def body(a, b, sentence):
        command_is_safe(lambda i, o: ["check", i / "s.tr", i / "t.en", "--encoder", "none",
                                      "--format", "jsonl", "--out", o / "r.jsonl"],
                        {"s.tr": a, "t.en": b})
        command_is_safe(lambda i, o: ["check", "--text", sentence.replace("\x00", ""), "Hello.",
                                      "--encoder", "none", "--format", "jsonl", "--out", o / "r"], {})
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_align(n):
    @fuzz(n, any_bytes, any_bytes, st.booleans())
    def body(a, b, preseg):
        command_is_safe(lambda i, o: ["align", i / "a.tr", i / "b.en", "--encoder", "length",
                                      "-f", "tsv", "-o", o / "a.tsv"] + (["--presegmented"] if preseg else []),
                        {"a.tr": a, "b.en": b})
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_entities(n):
    @fuzz(n, any_bytes, st.sampled_from(["table", "jsonl", "conll"]))
    def body(data, fmt):
        command_is_safe(lambda i, o: ["entities", i / "e[/]x.txt".replace("/", "_"), "--format", fmt],
                        {"e[_]x.txt": data})
    body()


@pytest.mark.parametrize("n", [5, pytest.param(max(10, MANY // 5), marks=pytest.mark.slow, id="many")])
def test_run(n):
    @fuzz(n, st.one_of(any_bytes, mutated_seed()), st.sampled_from(["d.txt", "d.tr.txt", "[b]d.txt"]))
    def body(data, name):
        command_is_safe(lambda i, o: ["run", i, "--out", o, "--encoder", "length", "--no-check"],
                        {name: data})
    body()


@pytest.mark.parametrize("n", COUNTS)
def test_studio_status_and_down(n, monkeypatch, tmp_path):
    monkeypatch.setenv("BITEXT_DATA", str(tmp_path))
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    (tmp_path / "studio").mkdir()

    @fuzz(n, st.one_of(raw, json_values.map(lambda v: encode(json.dumps(v)))), st.sampled_from(["status", "down"]))
    def body(data, cmd):
        (tmp_path / "studio" / "server.json").write_bytes(data)
        code, _out, err = invoke(["studio", cmd])
        assert "Traceback" not in err and code in (0, 1, 2), (code, err)
        if code == 2:
            assert "server.json" in err
    body()
