"""bitext as a user installs it: the wheel (built from this repository) in a new virtual
environment with torch and nothing else of this machine's, run from another folder.

The venv is a fresh one (not --system-site-packages): `pip install torch==2.13.0` (the CPU
wheel), then the wheel, whose dependencies pip resolves from the package index as a user's
would. The converted encoder is taken from the user cache like any user's second run.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bitext.pipeline import MANIFEST

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
PAIRS = ("AGİT toplantısı Viyana'da yapıldı.\tThe UN meeting was held in Vienna.\n"
         "Toplantı Viyana'da yapıldı.\tThe meeting was held in Vienna.\n")
ENTITY_TEXT = ("Meclis Başkanı Mustafa Şentop 27 Temmuz 2021'de Bakü'de AGİT, BDT ve KGAÖ "
               "temsilcileriyle 4,5 milyar dolarlık anlaşmayı açıkladı.\n")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def _sh(*cmd, cwd: Path, timeout: int = 1200) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd,
                          env=_env(), timeout=timeout, stdin=subprocess.DEVNULL)
    assert proc.returncode in (0, 1, 2), proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    proc = _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, REPO, cwd=base)
    assert proc.returncode == 0, proc.stderr[-3000:]
    [wheel] = dist.glob("bitext-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("glossary.tsv", "labeling_config.xml", "GUIDELINES.md",
                 "divergence-multilingual-e5-small-q4.safetensors"):
        assert f"bitext/data/{data}" in names, data
    env_dir = base / "venv"
    for cmd in ([sys.executable, "-m", "venv", env_dir],
                [env_dir / "bin" / "python", "-m", "pip", "install", "-q", "torch==2.13.0"],
                [env_dir / "bin" / "python", "-m", "pip", "install", "-q", wheel]):
        proc = _sh(*cmd, cwd=base)
        assert proc.returncode == 0, (cmd, proc.stderr[-3000:])
    return env_dir


@pytest.fixture()
def elsewhere(tmp_path) -> Path:
    work = tmp_path / "elsewhere"
    work.mkdir()
    return work


def _installed_files(env_dir: Path) -> set[Path]:
    [pkg] = env_dir.glob("lib/python*/site-packages/bitext")
    return {p for p in pkg.rglob("*") if "__pycache__" not in p.parts}


def test_core_install_is_the_package_alone(venv, elsewhere):
    py = venv / "bin" / "python"
    proc = _sh(py, "-c", "import bitext, importlib.util as u; print(bitext.__file__); "
               "print(u.find_spec('label_studio_sdk') is None, u.find_spec('label_studio') is None)",
               cwd=elsewhere)
    where, no_sdk = proc.stdout.splitlines()
    assert Path(where).is_relative_to(venv) and no_sdk == "True True"
    assert _sh(venv / "bin" / "bitext", "--version", cwd=elsewhere).stdout.startswith("bitext ")
    proc = _sh(venv / "bin" / "bitext", "studio", "pull", cwd=elsewhere)
    assert proc.returncode == 2 and "pip install 'bitext[studio]'" in proc.stderr, proc.stderr


def test_run_check_entities_match_the_repository(venv, elsewhere, seeds_dir):
    before = _installed_files(venv)
    exe = venv / "bin" / "bitext"
    shutil.copytree(seeds_dir, elsewhere / "docs")
    proc = _sh(exe, "run", "docs", "--out", "alignments", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    ref = REPO / "alignments"
    # the run record (.bitext-run.json: a run id and time) is not part of the reference output
    made = sorted(p.relative_to(elsewhere / "alignments") for p in (elsewhere / "alignments").rglob("*")
                  if p.is_file() and p.name != MANIFEST)
    assert made == sorted(p.relative_to(ref) for p in ref.rglob("*") if p.is_file() and p.name != MANIFEST)
    for rel in made:
        assert (elsewhere / "alignments" / rel).read_bytes() == (ref / rel).read_bytes(), rel

    (elsewhere / "pairs.tsv").write_text(PAIRS, encoding="utf-8")
    (elsewhere / "e.txt").write_text(ENTITY_TEXT, encoding="utf-8")
    outputs = {}
    for args in (["check", "--pairs", "pairs.tsv", "--format", "jsonl"],
                 ["entities", "e.txt", "--lang", "tr", "--format", "jsonl"]):
        wheel = _sh(exe, *args, cwd=elsewhere)
        repo = subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True,
                              text=True, cwd=elsewhere, timeout=900,
                              env={**_env(), "PYTHONPATH": str(REPO)})
        assert (wheel.returncode, wheel.stdout) == (repo.returncode, repo.stdout), args
        outputs[args[0]] = [json.loads(line) for line in wheel.stdout.splitlines()]
    assert outputs["check"][0]["severity"] in ("major", "critical")  # AGİT → UN is caught
    keys = {e["key"] for e in outputs["entities"]}
    assert {"ORG:osce", "ORG:cis", "ORG:csto", "DATE:2021-07-27"} <= keys  # the glossary is there
    assert _installed_files(venv) == before, "nothing written into site-packages"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["alignments", "docs", "e.txt", "pairs.tsv"]
