"""Shared test setup: offline always; paths to the seeds and the shared benchmark data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
BENCH = Path(os.environ.get("BITEXT_BENCH_DIR", REPO.parent / "shared" / "bench"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed000() -> Path:
    return SEEDS / "000_8326cda90e95f37e.txt"


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH} (set BITEXT_BENCH_DIR)")
    return BENCH


@pytest.fixture(scope="session")
def encoder():
    """The default offline encoder, loaded once per test session."""
    from bitext.encoder import load_encoder
    return load_encoder()
