"""``bitext bench encoder``: speed and fidelity of every encoder backend against torch fp32.

All backends run in one process over the same batches (the same sentences, tokenised once,
sorted by length), interleaved batch by batch in a rotating order, so a shared or busy machine
slows them alike and the ratios stay comparable. Sets: the first ``limit`` lines of Text+Berg
(de, fr: half each, from test0 on) and every sentence of abstracts-dev (tr, en).

Fidelity: cosine to torch fp32 of the sentence vectors (mean, minimum) and of the token vectors
of the layer the checker's word alignment reads (the middle one), over every real token.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bitext.bench.align import _lines, bench_dir

REFERENCE = "torch"


@dataclass(frozen=True)
class EncoderRow:
    dataset: str
    backend: str
    sentences: int
    tokens: int
    seconds: float
    speedup: float  # torch fp32 seconds / this backend's seconds, same batches
    sent_cos_mean: float
    sent_cos_min: float
    tok_cos_mean: float
    tok_cos_min: float

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else float("inf")


def datasets(limit: int = 400, root: Path | None = None) -> dict[str, list[str]]:
    """``{"textberg": [...], "abstracts-dev": [...]}``: the sentences each set is timed on."""
    root = root or bench_dir()
    half, tb = limit // 2, {"de": [], "fr": []}
    for k in range(7):
        for lang in tb:
            if len(tb[lang]) < half:
                tb[lang] += [s for s in _lines(root / "textberg" / f"test{k}.{lang}") if s.strip()]
    abstracts = [s for f in sorted((root / "abstracts-dev").glob("*.sents"))
                 for s in _lines(f) if s.strip()]
    return {"textberg": tb["de"][:half] + tb["fr"][:half], "abstracts-dev": abstracts}


def run(name: str | None = None, backends: Sequence[str] = ("onnx-int8", "onnx"), *,
        limit: int = 400, root: Path | None = None) -> list[EncoderRow]:
    """One row per (set, backend), torch fp32 included as the reference."""
    from bitext.encoder import BATCH_TOKENS, load_encoder
    order = [REFERENCE, *(b for b in backends if b != REFERENCE)]
    encs = {b: load_encoder(name, b) for b in order}
    ref = encs[REFERENCE]
    layer = max(1, ref.num_layers // 2)
    rows = []
    for dataset, texts in datasets(limit, root).items():
        ids = ref._ids(texts)["input_ids"]
        batches = list(ref.batches(ids, BATCH_TOKENS // 2))
        for enc in encs.values():  # warm-up: first runs allocate and pick kernels
            enc.forward(batches[0], layer)
        secs = dict.fromkeys(order, 0.0)
        sents = {b: np.zeros((len(texts), ref.dim), np.float32) for b in order}
        toks: dict[str, list] = {b: [None] * len(texts) for b in order}
        for k, batch in enumerate(batches):
            for b in order[k % len(order):] + order[:k % len(order)]:
                t0 = time.perf_counter()
                vecs, hidden = encs[b].forward(batch, layer)
                secs[b] += time.perf_counter() - t0
                sents[b][batch.rows] = vecs
                for r, i in enumerate(batch.rows):
                    toks[b][i] = hidden[r, 1:int(batch.mask[r].sum()) - 1]  # without CLS/SEP
        for b in order:
            sc = (sents[b] * sents[REFERENCE]).sum(1)
            tc = np.concatenate([(x * y).sum(1) for x, y in zip(toks[b], toks[REFERENCE])])
            rows.append(EncoderRow(dataset, b, len(texts), int(tc.size), secs[b],
                                   secs[REFERENCE] / secs[b], float(sc.mean()), float(sc.min()),
                                   float(tc.mean()), float(tc.min())))
    return rows


def print_result(rows: Sequence[EncoderRow], console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table(title="encoder backends vs torch fp32 (same batches, interleaved, one process)")
    for col in ("set", "backend", "sentences", "tokens", "sent/s", "× torch", "sent cos mean",
                "sent cos min", "tok cos mean", "tok cos min"):
        table.add_column(col, justify="left" if col in ("set", "backend") else "right")
    for r in rows:
        table.add_row(r.dataset, r.backend, str(r.sentences), str(r.tokens), f"{r.per_second:.1f}",
                      f"{r.speedup:.2f}", f"{r.sent_cos_mean:.5f}", f"{r.sent_cos_min:.5f}",
                      f"{r.tok_cos_mean:.5f}", f"{r.tok_cos_min:.5f}")
    (console or Console(width=150)).print(table)
