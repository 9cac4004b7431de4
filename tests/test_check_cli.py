"""`bitext check` end to end: bad input refused with one line and exit 2; formats; --fail-on."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def bitext(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from bitext.cli import main; main()", *args],
                          capture_output=True, text=True, env=ENV, cwd=cwd, timeout=300)


SWAPPED = ("The committee will meet again next week to discuss the budget.\tKomite bütçeyi "
           "görüşmek için gelecek hafta yeniden toplanacak.\n")
GOOD = ("Toplantıya katılmadı ve 2.000 kişi bekledi.\tHe attended the meeting and 3,000 people waited.\n"
        "Bu çalışma önemlidir.\tThis study is important.\n")


@pytest.mark.parametrize("name,content,expect", [
    ("one_column.tsv", "Bu bir cümle.\nİkinci cümle.\tSecond sentence.\n", "one_column.tsv:1: one column"),
    ("long.tsv", "Bu bir cümle.\t" + "a" * 5000 + "\n", "long.tsv:1: target of 5,000 characters"),
    ("swapped.tsv", "Bu bir cümle.\tThis is a sentence.\n" + SWAPPED + SWAPPED.replace("next", "this"),
     "swapped.tsv:2: columns look swapped: 2 of 3 rows"),
    ("latin5.tsv", "Bu bir cümle.\tThis is a sentence.\n".encode("utf-8") + "Türkçe şöyle\tTurkish\n".encode("cp1254"),
     "latin5.tsv:2: invalid UTF-8"),
])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, name, content, expect):
    path = tmp_path / name
    (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
    out = tmp_path / "report.html"
    res = bitext("check", "--pairs", str(path), "--encoder", "none", "--format", "html", "--out", str(out))
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and expect in lines[0] and "fix:" in lines[0], res.stderr
    assert "Traceback" not in res.stderr and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]


def test_jsonl_and_fail_on(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text(GOOD, encoding="utf-8")
    res = bitext("check", "--pairs", str(path), "--encoder", "none", "--format", "jsonl",
                 "--fail-on", "major")
    assert res.returncode == 1, res.stderr
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(rows) == 2 and {"score", "severity", "findings", "signature"} <= set(rows[0])
    cats = {f["category"] for f in rows[0]["findings"]}
    assert {"NUM", "MEAN"} <= cats and rows[0]["severity"] == "major"
    num = next(f for f in rows[0]["findings"] if f["category"] == "NUM")
    assert num["src_spans"][0]["text"] == "2.000" and num["tgt_spans"][0]["text"] == "3,000"
    assert rows[1]["severity"] == "ok"
    ok = bitext("check", "--pairs", str(path), "--encoder", "none", "--fail-on", "critical",
                "--out", str(tmp_path / "t.txt"))
    assert ok.returncode == 0 and "severity" in (tmp_path / "t.txt").read_text(encoding="utf-8")


def test_one_bad_row_is_reported_and_the_rest_checked(tmp_path):
    """An empty side, a swapped row and a source in the target language are findings of their
    own pair; the other pairs are checked as usual (exit 0 without --fail-on)."""
    path = tmp_path / "mixed.tsv"
    path.write_text(GOOD + SWAPPED + "İkinci cümle.\t \n"
                    + "The budget talks ended without an agreement late on Friday.\tNegotiations stopped.\n",
                    encoding="utf-8")
    res = bitext("check", "--pairs", str(path), "--encoder", "none", "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(rows) == 5 and rows[1]["severity"] == "ok"
    assert {"NUM", "MEAN"} <= {f["category"] for f in rows[0]["findings"]}
    swapped, empty, english = rows[2]["findings"], rows[3]["findings"], rows[4]["findings"]
    assert [f["category"] for f in swapped] == ["UNTRANSLATED"] and "swapped" in swapped[0]["message"]
    assert swapped[0]["severity"] == "major" and swapped[0]["src_spans"]
    assert rows[3]["severity"] == "critical" and "the target is empty" in empty[0]["message"]
    assert any(f["category"] == "UNTRANSLATED" and "source is in en, not tr" in f["message"]
               for f in english)


def test_two_files_and_usage_errors(tmp_path):
    (tmp_path / "a.tr").write_text("Bu çalışma önemlidir.\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("This study is important.\nExtra line.\n", encoding="utf-8")
    res = bitext("check", str(tmp_path / "a.tr"), str(tmp_path / "a.en"), "--encoder", "none")
    assert res.returncode == 2 and "1 lines, but" in res.stderr
    assert bitext("check", "--encoder", "none").returncode == 2
    assert bitext("check", "x", "y", "--format", "pdf").returncode == 2


def test_reference_metrics_with_signatures(tmp_path):
    path, ref = tmp_path / "pairs.tsv", tmp_path / "ref.en"
    path.write_text(GOOD, encoding="utf-8")
    ref.write_text("He did not attend the meeting and 2,000 people waited.\nThis study is important.\n",
                   encoding="utf-8")
    res = bitext("check", "--pairs", str(path), "--encoder", "none", "--format", "jsonl", "--ref", str(ref))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    names = [m["name"] for m in rows[0]["metrics"]]
    assert names == ["BLEU", "chrF++", "TER"] and "nrefs:1" in rows[0]["metrics"][0]["signature"]
    assert rows[1]["metrics"][0]["score"] == 100.0 and rows[0]["metrics"][0]["score"] < 100.0
    html = bitext("check", "--pairs", str(path), "--encoder", "none", "--format", "html", "--ref", str(ref))
    assert "vs reference: BLEU 100 · chrF++ 100 · TER 0" in html.stdout
    ref.write_text("Only one line.\n", encoding="utf-8")
    bad = bitext("check", "--pairs", str(path), "--encoder", "none", "--ref", str(ref))
    assert bad.returncode == 2 and "ref.en: 1 reference lines for 2 pairs" in bad.stderr
