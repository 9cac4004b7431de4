"""Calibrated bead confidence: a logistic model over a bead's features, fitted on benchmark data.

The features of a bead (:func:`bitext.aligner.bead_features`): its per-sentence embedding
distance, its Gale–Church length cost, its shape prior over 1-1's, its merge loss, and whether
it is a null bead. The fitted coefficients are data, not code: ``bitext/data/align-confidence.json``
holds one model per encoder (``"length"`` for the length-only method), each with the corpora it
was fitted on, the number of beads and a version; :func:`fit` refits one (``bitext models
fit-confidence``). A bead's confidence is then the probability that it is strictly right. When
no model exists for the encoder in use, the aligner falls back to a fixed logistic function.
"""
from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FILE = Path(__file__).resolve().parent / "data" / "align-confidence.json"
FEATURES = ("distance", "length", "shape", "merge", "null")
VERSION = 1


@functools.lru_cache(maxsize=4)
def _models(path: str) -> dict:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def model(key: str, path: Path = FILE) -> dict | None:
    """The fitted model for encoder ``key``, or None."""
    found = _models(str(path)).get(key)
    return found if found and found.get("features") == list(FEATURES) else None


def predict(m: dict, x: Sequence[float]) -> float:
    z = m["intercept"] + sum(c * v for c, v in zip(m["coef"], x))
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def fit(features: Sequence[Sequence[float]], right: Sequence[bool], *, key: str,
        fitted_on: Sequence[str], path: Path = FILE) -> dict:
    """Fit the logistic model for ``key`` on beads' features and whether each is right, and store
    it in ``path`` beside the other encoders' models (written atomically)."""
    from sklearn.linear_model import LogisticRegression

    from bitext.fileio import write_text
    x, y = np.asarray(features, dtype=float), np.asarray(right, dtype=int)
    clf = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    entry = {"version": VERSION, "features": list(FEATURES),
             "coef": [round(float(c), 5) for c in clf.coef_[0]],
             "intercept": round(float(clf.intercept_[0]), 5),
             "fitted_on": list(fitted_on), "beads": len(y), "right": int(y.sum())}
    models = dict(_models(str(path)))
    models[key] = entry
    write_text(path, json.dumps(models, indent=1, sort_keys=True) + "\n")
    _models.cache_clear()
    return entry


__all__ = ["FEATURES", "FILE", "fit", "model", "predict"]
