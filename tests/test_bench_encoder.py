"""``bitext bench encoder`` on a tiny model built here: rows per set and backend, torch as reference."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory, tiny_bert):
    words = "der die das und le la les et de a in ist est".split()
    return tiny_bert(tmp_path_factory.mktemp("bench-enc") / "tiny", words, layers=2)


def test_bench_encoder_rows(tiny_model, bench_dir):
    from bitext.bench.encoder import datasets, run
    sets = datasets(20, bench_dir)
    assert len(sets["textberg"]) == 20 and len(sets["abstracts-dev"]) > 50
    rows = run(str(tiny_model), ["onnx", "onnx-int8"], limit=20, root=bench_dir)
    assert [(r.dataset, r.backend) for r in rows] == [
        (d, b) for d in ("textberg", "abstracts-dev") for b in ("torch", "onnx", "onnx-int8")]
    for r in rows:
        assert r.sentences == len(sets[r.dataset]) and r.tokens > r.sentences and r.seconds > 0
        if r.backend in ("torch", "onnx"):  # fp32 both: the same vectors
            assert r.sent_cos_min > 0.99999 and r.tok_cos_min > 0.99999
        else:
            assert 0.9 < r.sent_cos_mean <= 1.0 + 1e-6
