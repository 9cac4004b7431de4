"""Bad input on every command, end to end: exit code 2, one line on stderr naming the file (or
the option) and the fix, no traceback, and nothing written: no output, no temp file.

Each case runs ``python -m bitext`` in a folder of its own holding only ``blocker`` (a file, to
put in the way of an output path) and ``taken/`` (a folder, to give where a file belongs); after
the run the folder must hold exactly these two. The cases are independent subprocesses that
mostly wait on imports, so a module fixture runs them all concurrently, once.
No encoder model runs here: the aligner's ``--encoder length`` (Gale–Church) method, and
``bitext check --encoder none``; loading models is tested in test_encoder.py.
"""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import docfiles
from bitext.errors import OutputError
from bitext.fileio import atomic_open, check_writable

TR = ("Bu çalışmada İstanbul'daki öğrencilerin başarısı incelenmiştir. Sonuçlar şaşırtıcı "
      "değildir. Öğretmenlerin etkisi büyüktür.\n")
EN = ("This study examines the success of students in Istanbul. The results are not "
      "surprising. The influence of teachers is great.\n")
LONG = ("Bu çok uzun bir cümledir ve bitmek bilmez " * 130)[:5000] + "."  # one 5,001-char sentence
LENGTH = ("--encoder", "length")

INPUTS: dict[str, bytes | str] = {
    "tr.txt": TR, "en.txt": EN, "empty.txt": "",
    "binary.txt": bytes(range(256)) * 8,
    "tr1254.txt": TR.encode("cp1254"),
    "broken_utf8.txt": TR.encode() + b"ikinci sat\xfdr \xff bozuk\n",  # UTF-8 with stray bytes
    "long.txt": LONG + "\n",
    "pairs.tsv": "Kedi uyuyor ve rüya görüyor.\tThe cat is sleeping and dreaming.\n",
    "onecol.tsv": "sadece bir sütun\nikinci satır\n",
    "emptytgt.tsv": "Kedi uyuyor ve rüya görüyor.\t\n",
    "long.tsv": f"{LONG}\tThe cat is sleeping.\n",
    "badutf8_pairs.tsv": b"Kedi uyuyor.\tThe cat sleeps.\nK\xf6pek.\tThe dog.\n",
    "corpus.tsv": "d\td\tKedi uyuyor.\tThe cat sleeps.\t0.9\t0\t0\tbody\ttr\ten\n",
    "empty.tsv": "",
    "badutf8.tsv": b"d\td\tKedi uyuyor.\tThe cat sleeps.\t0.9\nd\td\tK\xf6pek.\tDog.\t0.8\n",
    "badutf8.jsonl": b'{"translation": {"tr": "K\xf6pek", "en": "Dog"}}\n',
    "badutf8.tmx": b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="tr"/>'
                   b'<body><tu><tuv xml:lang="tr"><seg>K\xf6pek</seg></tuv><tuv xml:lang="en">'
                   b'<seg>Dog</seg></tuv></tu></body></tmx>\n',
    "malformed.tmx": '<?xml version="1.0"?>\n<tmx version="1.4">\n<body><tu><tuv xml:lang="tr">'
                     '<seg>kedi</tuv></tu></body></tmx>\n',
    "html.tmx": "<html><body>not a translation memory</body></html>\n",
    "badscore.jsonl": '{"translation": {"tr": "Kedi.", "en": "Cat."}, "score": "high"}\n',
    "swap/z.tr.txt": EN, "swap/z.en.txt": TR,  # a pair whose files are swapped
    "pair/x.tr.txt": TR, "pair/x.en.txt": EN,
    "folder/inside.txt": TR,
    "scan.pdf": docfiles.scanned_pdf(),  # no text layer
    "broken.pdf": b"%PDF-1.4\nnot a PDF after all\n",
    "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),  # Word 97-2003
}

# (id, arguments ({in} is the inputs folder), what the error line must name)
ERROR_CASES: list[tuple[str, list[str], str]] = [
    # bitext align
    ("align-empty", ["align", "{in}/empty.txt", "{in}/en.txt", *LENGTH, "-f", "tsv", "-o", "o.tsv"],
     "empty.txt"),
    ("align-binary", ["align", "{in}/binary.txt", "{in}/en.txt", *LENGTH, "-o", "o.txt"], "binary.txt"),
    ("align-broken-utf8", ["align", "{in}/broken_utf8.txt", "{in}/en.txt", *LENGTH, "-o", "o.txt"],
     "broken_utf8.txt:2"),
    ("align-swapped", ["align", "{in}/en.txt", "{in}/tr.txt", *LENGTH, "-o", "o.txt"], "en.txt"),
    ("align-tr-given-as-en", ["align", "{in}/en.txt", "{in}/tr.txt", "--src-lang", "en",
                              "--tgt-lang", "en", *LENGTH, "-o", "o.txt"], "tr.txt"),
    ("align-one-language", ["align", "{in}/tr.txt", "{in}/tr.txt", *LENGTH, "-o", "o.txt"], "tr.txt"),
    ("align-missing", ["align", "{in}/missing.txt", "{in}/en.txt", *LENGTH], "missing.txt"),
    ("align-folder", ["align", "{in}/folder", "{in}/en.txt", *LENGTH], "folder"),
    ("align-long-sentence", ["align", "{in}/long.txt", "{in}/en.txt", *LENGTH, "-f", "jsonl",
                             "-o", "o.jsonl"], "long.txt:1"),
    ("align-format", ["align", "{in}/tr.txt", "{in}/en.txt", *LENGTH, "--format", "xml"], "--format"),
    ("align-moses-stdout", ["align", "{in}/tr.txt", "{in}/en.txt", *LENGTH, "-f", "moses"], "--out"),
    ("align-out-under-file", ["align", "{in}/tr.txt", "{in}/en.txt", *LENGTH, "-f", "tsv",
                              "-o", "blocker/o.tsv"], "blocker"),
    ("align-encoder-missing", ["align", "{in}/tr.txt", "{in}/en.txt", "--encoder", "{in}/nomodel"],
     "nomodel"),
    ("align-encoder-not-a-model", ["align", "{in}/tr.txt", "{in}/en.txt", "--encoder", "{in}/folder"],
     "folder"),
    ("align-max-bead", ["align", "{in}/tr.txt", "{in}/en.txt", *LENGTH, "--max-bead", "0"],
     "--max-bead"),
    ("align-no-arguments", ["align"], "Missing argument"),
    ("unknown-option", ["--frobnicate"], "--frobnicate"),
    # bitext export
    ("export-badutf8-tsv", ["export", "{in}/badutf8.tsv", "-f", "tmx", "-o", "o.tmx"], "badutf8.tsv:2"),
    ("export-badutf8-jsonl", ["export", "{in}/badutf8.jsonl", "-f", "tsv", "-o", "o.tsv"],
     "badutf8.jsonl:1"),
    ("export-badutf8-tmx", ["export", "{in}/badutf8.tmx", "-f", "tsv", "-o", "o.tsv"], "badutf8.tmx:2"),
    ("export-malformed-tmx", ["export", "{in}/malformed.tmx", "-f", "tsv", "-o", "o.tsv"],
     "malformed.tmx:3"),
    ("export-not-tmx", ["export", "{in}/html.tmx", "-f", "tsv", "-o", "o.tsv"], "html.tmx"),
    ("export-one-column", ["export", "{in}/onecol.tsv", "-f", "tmx", "-o", "o.tmx"], "onecol.tsv:1"),
    ("export-empty", ["export", "{in}/empty.tsv", "-f", "tmx", "-o", "o.tmx"], "empty.tsv"),
    ("export-bad-score", ["export", "{in}/badscore.jsonl", "-f", "tmx", "-o", "o.tmx"],
     "badscore.jsonl:1"),
    ("export-folder", ["export", "{in}/folder", "-f", "tmx", "-o", "o.tmx"], "folder"),
    ("export-format", ["export", "{in}/corpus.tsv", "-f", "xliff", "-o", "o.xlf"], "--format"),
    ("export-from", ["export", "{in}/corpus.tsv", "--from", "csv", "-f", "tmx", "-o", "o.tmx"], "csv"),
    ("export-out-under-file", ["export", "{in}/corpus.tsv", "-f", "tmx", "-o", "blocker/o.tmx"],
     "blocker"),
    ("export-moses-under-file", ["export", "{in}/corpus.tsv", "-f", "moses", "-o", "blocker/c"],
     "blocker"),
    ("export-out-is-folder", ["export", "{in}/corpus.tsv", "-f", "jsonl", "-o", "taken"], "taken"),
    # bitext entities
    ("entities-empty", ["entities", "{in}/empty.txt"], "empty.txt"),
    ("entities-binary", ["entities", "{in}/binary.txt"], "binary.txt"),
    ("entities-broken-utf8", ["entities", "{in}/broken_utf8.txt"], "broken_utf8.txt:2"),
    ("entities-tr-given-as-en", ["entities", "{in}/tr.txt", "--lang", "en"], "tr.txt"),
    ("entities-missing", ["entities", "{in}/missing.txt"], "missing.txt"),
    ("entities-folder", ["entities", "{in}/folder"], "folder"),
    ("entities-format", ["entities", "{in}/tr.txt", "--format", "xml"], "--format"),
    ("entities-language", ["entities", "{in}/tr.txt", "--lang", "xx"], "--lang"),
    # bitext models
    ("models-list-missing", ["models", "list", "--encoder", "{in}/nomodel"], "nomodel"),
    ("models-list-not-a-model", ["models", "list", "--encoder", "{in}/folder"], "folder"),
    ("models-fetch-option", ["models", "fetch", "stanza", "--language", "tr"], "--language"),
    # bitext run
    ("run-empty", ["run", "{in}/empty.txt", "-o", "out", *LENGTH], "empty.txt"),
    ("run-missing", ["run", "{in}/missing", "-o", "out", *LENGTH], "missing"),
    ("run-no-documents", ["run", "taken", "-o", "out", *LENGTH], "taken"),
    ("run-swapped-pair", ["run", "{in}/swap", "-o", "out", *LENGTH], "z.tr.txt"),
    ("run-out-under-file", ["run", "{in}/pair", "-o", "blocker/out", *LENGTH], "blocker"),
    ("run-scanned-pdf", ["run", "{in}/scan.pdf", "-o", "out", *LENGTH], "scan.pdf"),
    ("run-broken-pdf", ["run", "{in}/broken.pdf", "-o", "out", *LENGTH], "broken.pdf"),
    ("run-old-doc", ["run", "{in}/old.doc", "-o", "out", *LENGTH], "old.doc"),
    ("align-scanned-pdf", ["align", "{in}/scan.pdf", "{in}/en.txt", *LENGTH, "-o", "o.txt"],
     "scan.pdf"),
    ("run-encoder-missing", ["run", "{in}/pair", "-o", "out", "--encoder", "{in}/nomodel"],
     "nomodel"),
    # bitext bench (bad options fail before any work)
    ("bench-align-method", ["bench", "align", "--method", "magic"], "magic"),
    ("bench-align-limit", ["bench", "align", "--limit-docs", "0"], "--limit-docs"),
    ("bench-entities-devset-utf8", ["bench", "entities", "--dev-set", "{in}/badutf8.jsonl"],
     "badutf8.jsonl:1"),
    ("bench-entities-devset-empty", ["bench", "entities", "--dev-set", "{in}/empty.txt"], "empty.txt"),
    ("bench-segment-sentences", ["bench", "segment", "--sentences", "0"], "--sentences"),
    # bitext check
    ("check-one-column", ["check", "--pairs", "{in}/onecol.tsv", "--encoder", "none"], "onecol.tsv:1"),
    ("check-badutf8", ["check", "--pairs", "{in}/badutf8_pairs.tsv", "--encoder", "none"],
     "badutf8_pairs.tsv:2"),
    ("check-long-sentence", ["check", "--pairs", "{in}/long.tsv", "--encoder", "none"], "long.tsv:1"),
    ("check-missing", ["check", "--pairs", "{in}/missing.tsv", "--encoder", "none"], "missing.tsv"),
    ("check-tr-given-as-en", ["check", "--pairs", "{in}/pairs.tsv", "--src-lang", "en",
                              "--tgt-lang", "tr", "--encoder", "none"], "pairs.tsv:1"),
    ("check-format", ["check", "--pairs", "{in}/pairs.tsv", "--format", "xml"], "--format"),
    ("check-fail-on", ["check", "--pairs", "{in}/pairs.tsv", "--fail-on", "fatal"], "--fail-on"),
    ("check-out-under-file", ["check", "--pairs", "{in}/pairs.tsv", "--encoder", "none",
                              "--format", "jsonl", "--out", "blocker/r.jsonl"], "blocker"),
]
if hasattr(os, "geteuid") and os.geteuid() != 0:  # root writes anywhere
    ERROR_CASES.append(("export-out-read-only", ["export", "{in}/corpus.tsv", "-f", "tmx",
                                                 "-o", "{in}/locked/o.tmx"], "locked"))

# Not errors: decoded and reported, or handled. (id, arguments, text stderr must contain)
OK_CASES: list[tuple[str, list[str], str]] = [
    ("align-cp1254", ["align", "{in}/tr1254.txt", "{in}/en.txt", *LENGTH], "cp1254"),
    ("entities-cp1254", ["entities", "{in}/tr1254.txt", "--format", "jsonl"], "cp1254"),
    ("run-one-language", ["run", "{in}/en.txt", "-o", "out", *LENGTH], ""),
    ("check-empty-target", ["check", "--pairs", "{in}/emptytgt.tsv", "--encoder", "none"], ""),
]


def _bitext(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "BITEXT_ENCODER"}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONIOENCODING="utf-8",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))  # this checkout's bitext
    return subprocess.run([sys.executable, "-m", "bitext", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    for name, content in INPUTS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "locked").mkdir(mode=0o555)
    return root


@pytest.fixture(scope="module")
def results(inputs, tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """Every case run once, concurrently, each in a folder of its own."""
    runs = {}
    for case_id, args, _ in ERROR_CASES + OK_CASES:
        cwd = tmp_path_factory.mktemp(case_id)
        (cwd / "blocker").write_text("a file in the way\n", encoding="utf-8")
        (cwd / "taken").mkdir()
        runs[case_id] = ([a.format(**{"in": inputs}) for a in args], cwd)
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        futures = {k: pool.submit(_bitext, args, cwd) for k, (args, cwd) in runs.items()}
        return {k: (f.result(), runs[k][1]) for k, f in futures.items()}


@pytest.mark.parametrize("case_id,mention", [(c[0], c[2]) for c in ERROR_CASES],
                         ids=[c[0] for c in ERROR_CASES])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(results, case_id, mention):
    run, cwd = results[case_id]
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert "Traceback" not in run.stderr
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("bitext: error: ") and mention in lines[0], lines[0]
    assert "fix:" in lines[0] or "--help" in lines[0], lines[0]
    assert run.stdout == ""
    assert _listing(cwd) == ["blocker", "taken"]  # no output, no temp file, nothing created
    assert (cwd / "blocker").read_text(encoding="utf-8") == "a file in the way\n"


@pytest.mark.parametrize("case_id,expect", [(c[0], c[2]) for c in OK_CASES],
                         ids=[c[0] for c in OK_CASES])
def test_handled_input_succeeds_and_is_reported(results, case_id, expect):
    run, cwd = results[case_id]
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and expect in run.stderr
    assert not [p for p in _listing(cwd) if p.endswith(".tmp")]


def test_reports_of_handled_input(results):
    run, _ = results["align-cp1254"]
    assert "bitext: note: tr1254.txt: not UTF-8" in run.stderr and run.stdout.startswith("[0")
    assert '"İstanbul"' in results["entities-cp1254"][0].stdout
    run, cwd = results["run-one-language"]
    assert "no Turkish counterpart" in run.stdout and _listing(cwd) == ["blocker", "taken"]


def test_inputs_untouched(results, inputs):
    """Failed runs leave their inputs as they were: no temp files beside them."""
    expected = sorted({str(Path(n)) for n in INPUTS} | {str(Path(n).parent) for n in INPUTS
                                                          if "/" in n} | {"locked"})
    assert _listing(inputs) == expected


# ---------------------------------------------------------------- the library underneath

def test_atomic_open_refuses_unwritable_paths_and_keeps_the_old_file(tmp_path):
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    for bad in (tmp_path / "blocker" / "o.txt", tmp_path):
        with pytest.raises(OutputError, match="fix:"):
            check_writable(bad)
        with pytest.raises(OutputError, match="fix:"), atomic_open(bad) as fh:
            fh.write("never")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_writable(tmp_path / "blocker", folder=True)
    check_writable(tmp_path / "new" / "deeper" / "o.txt")  # creatable: fine, and nothing made
    target = tmp_path / "keep.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert _listing(tmp_path) == ["blocker", "keep.txt"]
