"""End to end: ``bitext run`` on the seeds, through the installed command, with the real encoder."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bitext import formats

BITEXT = [sys.executable, "-m", "bitext"]


def bitext(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*BITEXT, *args], capture_output=True, text=True, cwd=cwd, timeout=900)


@pytest.fixture(scope="module")
def run_out(tmp_path_factory, seeds_dir) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("alignments")
    return out, bitext("run", str(seeds_dir), "--out", str(out))


def test_run_aligns_seed_000_one_to_one(run_out):
    out, proc = run_out
    assert proc.returncode == 0, proc.stderr
    rows = formats.read(out / "000_8326cda90e95f37e.jsonl")
    by_kind: dict[str, list] = {}
    for r in rows:
        by_kind.setdefault(r.kind, []).append(r)
    assert [len(by_kind[k]) for k in ("title", "abstract", "keywords")] == [1, 16, 4]
    for kind, pairs in by_kind.items():
        assert [(r.src_idx, r.tgt_idx) for r in pairs] == [((i,), (i,)) for i in range(len(pairs))], kind
    assert all(r.score > 0.5 for r in rows)
    assert rows[0].src.startswith("Türk Devletleri Arasında") and rows[0].tgt.startswith("Exploring")


def test_run_writes_every_format_and_reports(run_out):
    out, proc = run_out
    stem = "000_8326cda90e95f37e"
    for name in (f"{stem}.tmx", f"{stem}.tr", f"{stem}.en", f"{stem}.tsv", f"{stem}.jsonl",
                 f"checks/{stem}.check.jsonl", "report.html", "README.md"):
        assert (out / name).stat().st_size > 0, name
    tr = (out / f"{stem}.tr").read_text(encoding="utf-8").splitlines()
    en = (out / f"{stem}.en").read_text(encoding="utf-8").splitlines()
    assert len(tr) == len(en) == 21
    assert len(formats.read(out / f"{stem}.tmx")) == 21
    assert not list(out.glob(".*.tmp")), "no temp files left behind"


def test_run_reports_english_only_documents(run_out):
    out, proc = run_out
    for stem in ("001_ca07c16d152b956b", "002_76063b8f23ec714f", "004_a2d14618bf49f2a4"):
        assert stem in proc.stdout
        assert not (out / f"{stem}.jsonl").exists()
    assert "no Turkish counterpart" in proc.stdout
    assert "code-page damage" in proc.stderr  # seed 000's 'Gündođdu' is reported (a note: stderr)
    assert "backends: sentences tr offline, en offline; entities tr offline" in proc.stderr


def test_run_check_flags_seed_000(run_out):
    out, _ = run_out
    reports = [json.loads(line) for line in
               (out / "checks" / "000_8326cda90e95f37e.check.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = [r for r in reports if "src" in r]
    flagged = {(r["kind"], c["category"]) for r in pairs for c in r["findings"]}
    assert ("keywords", "TERM") in flagged
    assert ("abstract", "PUNCT") in flagged
    rank = {"ok": 0, "minor": 1, "major": 2, "critical": 3}
    above_minor = [r for r in pairs if r["kind"] == "abstract" and rank[r["severity"]] > 1
                   and not any(f["category"] == "PUNCT" for f in r["findings"])]
    assert above_minor == []


def test_reference_outputs_are_current(run_out):
    """alignments/ in the repository holds what ``bitext run`` makes of seeds/."""
    out, _ = run_out
    ref = Path(__file__).resolve().parent.parent / "alignments"
    stem = "000_8326cda90e95f37e"
    for name in (f"{stem}.jsonl", f"{stem}.tmx", f"{stem}.tsv", f"checks/{stem}.check.jsonl",
                 "README.md"):
        assert (ref / name).read_text(encoding="utf-8") == (out / name).read_text(encoding="utf-8"), name


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    for bad in (empty, binary, tmp_path / "missing.txt"):
        out = tmp_path / "out"
        proc = bitext("run", str(bad), "--out", str(out))
        assert proc.returncode == 2, (bad, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr and bad.name in lines[0], proc.stderr
        assert not out.exists() or not any(out.iterdir())


def test_run_refuses_before_writing_when_one_input_is_bad(tmp_path, seed000):
    good = tmp_path / "in"
    good.mkdir()
    shutil.copy(seed000, good / seed000.name)
    (good / "zz_empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    proc = bitext("run", str(good), "--out", str(out))
    assert proc.returncode == 2
    assert not out.exists() or not any(out.iterdir())
