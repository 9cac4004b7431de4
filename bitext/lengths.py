"""Gale–Church length model: how surprising is a target length given a source length.

Gale & Church (1993) model the target length of a translation as normally distributed around
``c * source_length`` with variance ``s2 * source_length`` (characters). Here ``c`` is estimated
per document (total target characters / total source characters), so one model serves any
language pair, and the variance uses the mean of both sides so that empty sides (null beads) get
a finite cost. Costs are negative log probabilities (nats); lower is better.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import log_ndtr

S2 = 6.8  # variance per character (Gale & Church 1993)

# Prior probability of each bead shape (Gale & Church's table, shared out between mirror shapes).
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2,
           (1, 2): 0.089 / 2, (2, 2): 0.011}
_LARGER_PRIOR = 0.002  # every shape beyond 2-2, before the per-extra-sentence decay
_DECAY = 0.2


def shape_prior(a: int, b: int) -> float:
    """-log P(shape) for an ``a``-``b`` bead; shapes beyond 2-2 get a small decaying prior."""
    if (a, b) in _PRIORS:
        return -math.log(_PRIORS[a, b])
    return -math.log(_LARGER_PRIOR * _DECAY ** max(0, a + b - 4))


def ratio(src_lengths: Sequence[int], tgt_lengths: Sequence[int]) -> float:
    """Target characters per source character in a document (1.0 when a side is empty)."""
    s, t = float(np.sum(src_lengths)), float(np.sum(tgt_lengths))
    return t / s if s > 0 and t > 0 else 1.0


def length_cost(l1: np.ndarray | float, l2: np.ndarray | float, c: float) -> np.ndarray:
    """-log P(|delta| at least this large) for source length ``l1`` and target length ``l2``."""
    l1 = np.asarray(l1, dtype=np.float64)
    l2 = np.asarray(l2, dtype=np.float64)
    var = S2 * ((l1 + l2 / c) / 2.0 + 1.0)
    delta = np.abs(l2 - c * l1) / np.sqrt(var * c)
    return np.interp(delta, _GRID, _TABLE)


# -log(2 * (1 - Phi(d))) tabulated (np.interp is several times faster than log_ndtr on the
# short vectors of one DP row); beyond the grid the cost grows like d^2 / 2 anyway.
_GRID = np.linspace(0.0, 40.0, 8001)
_TABLE = -(math.log(2.0) + log_ndtr(-_GRID))


def char_lengths(sentences: Sequence[str]) -> np.ndarray:
    """Characters per sentence, ignoring surrounding whitespace."""
    return np.fromiter((len(s.strip()) for s in sentences), dtype=np.int64, count=len(sentences))
