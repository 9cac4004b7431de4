"""Benchmarks behind ``bitext bench ...``, on the reference data in ``$BITEXT_BENCH_DIR``."""
from __future__ import annotations

import os
from pathlib import Path

from bitext.errors import InputError


def bench_dir() -> Path:
    """``$BITEXT_BENCH_DIR``, default ``<repo>/../shared/bench``; one clear error if absent."""
    default = Path(__file__).resolve().parents[2].parent / "shared" / "bench"
    path = Path(os.environ.get("BITEXT_BENCH_DIR") or default)
    if not path.is_dir():
        raise InputError("benchmark data not found", path=str(path),
                         fix="set BITEXT_BENCH_DIR to the folder holding textberg/, ntrex/, flores/")
    return path
