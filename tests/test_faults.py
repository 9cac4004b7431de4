"""Faults (issue 19): a real ``bitext run`` killed with SIGINT, SIGTERM or SIGKILL at random
moments; a full disk (a small tmpfs, or /dev/full); a stale pid file pointing at another process.

After an interrupted run every document's files are either as the previous run left them or as
this run wrote them and recorded in ``.bitext-run.json``; only SIGKILL can leave one document
"committing" (named in the record) and temp files (removed by the next run)."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bitext.pipeline import MANIFEST, output_names

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(REPO)}
SEED = REPO / "seeds" / "000_8326cda90e95f37e.txt"
STEMS = ("a", "b", "c", "d")


def _default_sigint() -> None:  # a shell's background job inherits SIGINT ignored: undo that
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def bitext(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bitext", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**ENV, **kw.pop("env", {})},
                            preexec_fn=_default_sigint, **kw)


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")
            if p.is_file() and p.name != MANIFEST}  # check records sit in checks/


def inputs(folder: Path, version: int) -> Path:
    folder.mkdir(exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for stem in STEMS:
        new = text if version == 0 else text.replace(" the ", " this ", 1)
        (folder / f"{stem}.txt").write_text(new, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def old_state(tmp_path_factory):
    """A completed run of version 0 of the inputs: the output folder, its hashes, its time."""
    base = tmp_path_factory.mktemp("faults")
    out = base / "out"
    t0 = time.monotonic()
    proc = bitext("run", str(inputs(base / "v0", 0)), "--out", str(out), "--encoder", "length")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return base, out, hashes(out), time.monotonic() - t0


@pytest.mark.slow
@pytest.mark.parametrize("sig,seed", [(signal.SIGINT, 1), (signal.SIGINT, 2), (signal.SIGTERM, 3),
                                      (signal.SIGTERM, 4), (signal.SIGKILL, 5), (signal.SIGKILL, 6)])
def test_killed_run_leaves_old_or_new_state_per_document(old_state, tmp_path, sig, seed):
    base, template, old, duration = old_state
    out = tmp_path / "out"
    shutil.copytree(template, out)
    old_run = json.loads((out / MANIFEST).read_text())["run"]
    proc = bitext("run", str(inputs(tmp_path / "v1", 1)), "--out", str(out), "--encoder", "length")
    moment = random.Random(seed).uniform(1.0, duration)
    time.sleep(moment)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=600)
    assert "Traceback" not in err, err
    if sig != signal.SIGKILL:
        assert proc.returncode in (0, 128 + sig), (proc.returncode, err)
        if proc.returncode:
            assert err.strip().splitlines()[-1].startswith(f"bitext: interrupted ({sig.name})"), err
        assert not list(out.glob(".*.tmp")), "temp files left behind"
    record = json.loads((out / MANIFEST).read_text())
    now = hashes(out)
    states = []
    for stem in STEMS:
        names = {Path(n).name for n in output_names(stem)}
        cur = {n: h for n, h in now.items() if n in names}
        if cur == {n: h for n, h in old.items() if n in names}:
            states.append("old")
            continue  # as the previous run left it
        entry = record["documents"][stem]
        states.append(entry["state"])
        assert entry["run"] == record["run"] != old_run
        if entry["state"] == "committing":  # in flight when killed: named in the record
            assert sig == signal.SIGKILL
        else:
            assert entry["state"] == "done" and entry["files"] == cur, stem
    print(f"{sig.name} after {moment:.1f} s of {duration:.1f}: exit {proc.returncode}, documents "
          f"{states}, {len(list(out.glob('.*.tmp')))} temp files, record {record['state']}")
    if proc.returncode and sig != signal.SIGKILL:  # "complete": stopped while printing the summary
        assert record["state"] in ("interrupted", "complete")
    again = bitext("run", str(tmp_path / "v1"), "--out", str(out), "--encoder", "length")
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert not list(out.glob(".*.tmp")) and json.loads((out / MANIFEST).read_text())["state"] == "complete"


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs (needs the right to mount; else the test is skipped with the reason)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                         capture_output=True, text=True)
    if res.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip() or res.returncode}")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def _big_corpus(path: Path) -> Path:
    path.write_text("".join(f"doc\tdoc\tBu {i}. cümle uzun bir cümledir.\tThis is sentence {i}."
                            f"\t0.9\t{i}\t{i}\tbody\ttr\ten\n" for i in range(4000)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_full_disk_leaves_no_partial_output(small_disk, tmp_path):
    src = _big_corpus(tmp_path / "big.tsv")
    (small_disk / "keep.tmx").write_text("old")
    for fmt, out in (("tmx", "keep.tmx"), ("moses", "m"), ("jsonl", "new.jsonl")):
        proc = bitext("export", str(src), "-f", fmt, "-o", str(small_disk / out))
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 2 and "no space left" in err and "Traceback" not in err, err
        assert sorted(p.name for p in small_disk.iterdir()) == ["keep.tmx"]
        assert (small_disk / "keep.tmx").read_text() == "old"
    runs = tmp_path / "docs"
    inputs(runs, 0)
    proc = bitext("run", str(runs), "--out", str(small_disk / "run"), "--encoder", "length")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 2 and "no space left" in err and "Traceback" not in err, err
    run = small_disk / "run"
    assert not list(run.rglob(".*.tmp"))
    manifest = run / MANIFEST  # absent when the disk was full before the first document was whole
    done = json.loads(manifest.read_text()) if manifest.exists() else {"state": "interrupted",
                                                                       "documents": {}}
    assert done["state"] == "interrupted"
    present = {p.name for p in run.rglob("*") if p.is_file()} - {MANIFEST}
    assert present == {n for s, e in done["documents"].items() if e["state"] == "done"
                       for n in e["files"]}  # only whole, recorded documents


def test_dev_full_is_a_full_disk_message(tmp_path):
    src = _big_corpus(tmp_path / "big.tsv")
    proc = bitext("export", str(src), "-f", "tmx", "-o", "/dev/full")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2 and "/dev/full" in err and "no space left" in err, err


def test_stale_pid_file_never_kills_another_process(tmp_path):
    other = subprocess.Popen(["sleep", "120"], start_new_session=True)
    try:
        studio = tmp_path / "studio"
        studio.mkdir()
        (studio / "server.json").write_text(json.dumps(
            {"pid": other.pid, "port": 9, "url": "http://127.0.0.1:9", "started": "1"}))
        env = {"BITEXT_DATA": str(tmp_path), "LABEL_STUDIO_URL": ""}
        st = bitext("studio", "status", env=env)
        out, err = st.communicate(timeout=120)
        assert st.returncode == 1 and "NOT ANSWERING" in out, (out, err)
        down = bitext("studio", "down", env=env)
        out, err = down.communicate(timeout=120)
        assert down.returncode == 0 and "no local server was running" in out, (out, err)
        assert other.poll() is None, "an unrelated process was killed"
        assert not (studio / "server.json").exists()
    finally:
        other.kill()
        other.wait()
