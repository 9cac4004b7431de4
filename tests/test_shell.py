"""Shell and data-set conventions: --version, -h, completion, stdout/stderr, `run --json`, and a
`bitext run` folder that the real Hugging Face `datasets` loads."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bitext import __version__

BITEXT = [sys.executable, "-m", "bitext"]
REPO = Path(__file__).resolve().parent.parent


def bitext(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([*BITEXT, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=900, stdin=subprocess.DEVNULL)


def test_version_and_short_help():
    proc = bitext("--version")
    assert proc.returncode == 0 and proc.stdout == f"bitext {__version__}\n"
    for args in (["-h"], ["run", "-h"], ["check", "-h"], ["studio", "push", "-h"]):
        proc = bitext(*args)
        assert proc.returncode == 0 and "Usage: bitext" in proc.stdout, args


def test_shell_completion():
    env = {"_BITEXT_COMPLETE": "complete_bash", "COMP_WORDS": "bitext ru", "COMP_CWORD": "1"}
    assert bitext(env=env).stdout.split() == ["run"]
    env = {"_BITEXT_COMPLETE": "complete_bash", "COMP_WORDS": "bitext run --j", "COMP_CWORD": "2"}
    assert bitext(env=env).stdout.split() == ["--json"]
    script = bitext("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert script.returncode == 0 and "_BITEXT_COMPLETE" in script.stdout


def test_run_without_seeds_asks_for_documents(tmp_path):
    proc = bitext("run", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "no seeds/ folder here" in proc.stderr
    assert not any(tmp_path.iterdir()), "nothing written to the current folder"


@pytest.fixture(scope="module")
def json_run(tmp_path_factory, seed000):
    """`bitext run --json` without a terminal (length aligner, rule checks: no model needed)."""
    base = tmp_path_factory.mktemp("jsonrun")
    docs = base / "docs"
    docs.mkdir()
    shutil.copy(seed000, docs / seed000.name)
    (docs / "en_only.txt").write_text("Abstract\n\nOnly English text is here, with no Turkish.\n",
                                      encoding="utf-8")
    out = base / "corpus"
    return out, bitext("run", str(docs), "--out", str(out), "--json", "--encoder", "length")


def test_run_json_summary_on_stdout_progress_on_stderr(json_run):
    out, proc = json_run
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)  # stdout is the JSON document alone
    docs = {d["document"]: d for d in summary["documents"]}
    assert docs["000_8326cda90e95f37e"]["status"] == "aligned" and docs["000_8326cda90e95f37e"]["pairs"] == 21
    assert docs["en_only"]["status"] == "no Turkish counterpart" and docs["en_only"]["worst"] is None
    assert summary["pairs"] == 21 and summary["bitext"] == __version__
    assert summary["backends"]["entities"] == {"tr": "offline", "en": "offline"}
    assert all(Path(f).is_file() for f in summary["files"])
    lines = proc.stderr.splitlines()
    assert "bitext run: 1/2 000_8326cda90e95f37e: aligned, 21 pairs" in lines
    assert "bitext run: 2/2 en_only: no Turkish counterpart, 0 pairs" in lines


def test_run_folder_loads_with_datasets(json_run, tmp_path):
    datasets = pytest.importorskip("datasets")
    out, proc = json_run
    assert proc.returncode == 0, proc.stderr
    cache = str(tmp_path / "hf")
    folder = datasets.load_dataset(str(out), split="train", cache_dir=cache)
    by_glob = datasets.load_dataset("json", data_files=str(out / "*.jsonl"), split="train",
                                    cache_dir=cache)
    assert folder.num_rows == by_glob.num_rows == 21
    assert folder.column_names == by_glob.column_names == [
        "translation", "src_idx", "tgt_idx", "score", "doc", "kind", "tgt_doc"]
    assert folder[0]["translation"]["tr"].startswith("Türk Devletleri") and folder[0]["kind"] == "title"
    checks = datasets.load_dataset(str(out), "checks", split="train", cache_dir=cache)
    assert checks.num_rows == 21 and {"score", "severity", "findings"} <= set(checks.column_names)
    card = (out / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["language"] == ["tr", "en"] and meta["license"] == "unknown"
    assert meta["size_categories"] == ["n<1K"] and meta["bitext_version"] == __version__
    assert meta["bitext_align_signature"].startswith("align=length")
    assert "fill in" in card.split("---\n")[1]  # the licence is the user's to fill


def test_align_and_run_jsonl_share_one_schema(json_run, tmp_path):
    out, _ = json_run
    src, tgt = tmp_path / "a.tr.txt", tmp_path / "a.en.txt"
    src.write_text("Toplantı yapıldı.\nAGİT geldi.\n", encoding="utf-8")
    tgt.write_text("The meeting was held.\nThe OSCE came.\n", encoding="utf-8")
    proc = bitext("align", str(src), str(tgt), "--presegmented", "--encoder", "length",
                  "--format", "jsonl", "--out", str(tmp_path / "a.jsonl"))
    assert proc.returncode == 0, proc.stderr
    keys_align = json.loads((tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()[0]).keys()
    run_file = next(out.glob("*.jsonl"))
    keys_run = json.loads(run_file.read_text(encoding="utf-8").splitlines()[0]).keys()
    assert list(keys_align) == list(keys_run)


def test_a_readme_of_the_users_is_never_overwritten(tmp_path, seed000):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed000, docs / seed000.name)
    (docs / "README.md").write_text("# my notes\n", encoding="utf-8")
    proc = bitext("run", str(docs), "--out", str(docs), "--encoder", "length", "--no-check")
    assert proc.returncode == 0, proc.stderr
    assert (docs / "README.md").read_text(encoding="utf-8") == "# my notes\n"


def test_studio_push_reads_the_run_folder_checks(json_run):
    from bitext.studio.tasks import UNCHECKED, read_pairs
    out, _ = json_run
    recs = list(read_pairs(out))
    assert len(recs) == 21 and all(r.severity != UNCHECKED for r in recs)  # from checks/, not the plain JSONL
