"""Strict and lax precision/recall/F1 of a sentence alignment against a gold one.

The convention of Sennrich & Volk (2011) as scored by Vecalign's ``score.py`` (our own code):

* precision is over every test bead, null beads included; recall is over the gold beads with
  both sides non-empty, matched against the test beads with both sides non-empty;
* *strict*: a bead counts when the identical bead is on the other side;
* *lax*: a bead also counts when it shares a source sentence with a bead of the other side whose
  target side it overlaps (a null bead can only count strictly);
* counts are pooled over documents before the ratios (:func:`evaluate_many`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from bitext.errors import InputError

BeadLike = Any  # a Bead, or a (src indices, tgt indices) pair


def _pairs(beads: Iterable[BeadLike]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    out = set()
    for bead in beads:
        src, tgt = (bead.src, bead.tgt) if hasattr(bead, "src") else (bead[0], bead[1])
        if src or tgt:
            out.add((tuple(src), tuple(tgt)))
    return out


def _matches(reference: set, candidates: set) -> tuple[int, int]:
    """(strict hits, lax hits) of ``candidates`` against ``reference``."""
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for i in src:
            links[i].update(tgt)
    strict = lax = 0
    for src, tgt in candidates:
        if (src, tgt) in reference:
            strict += 1
            lax += 1
        elif any(j in links[i] for i in src for j in tgt):
            lax += 1
    return strict, lax


def counts(gold: Iterable[BeadLike], test: Iterable[BeadLike]) -> dict[str, int]:
    """Raw counts for one document (add them up over documents, then call :func:`scores`)."""
    gold_set, test_set = _pairs(gold), _pairs(test)
    p_strict, p_lax = _matches(gold_set, test_set)
    full = lambda beads: {b for b in beads if b[0] and b[1]}  # noqa: E731
    gold_full, test_full = full(gold_set), full(test_set)
    r_strict, r_lax = _matches(test_full, gold_full)
    return {"test": len(test_set), "gold": len(gold_full), "p_strict": p_strict, "p_lax": p_lax,
            "r_strict": r_strict, "r_lax": r_lax}


def scores(c: dict[str, int]) -> dict[str, float]:
    """Precision, recall and F1, strict and lax, from (pooled) counts; 0.0 where undefined."""
    div = lambda a, b: a / b if b else 0.0  # noqa: E731
    f1 = lambda p, r: div(2 * p * r, p + r)  # noqa: E731
    out = {}
    for mode in ("strict", "lax"):
        p, r = div(c[f"p_{mode}"], c["test"]), div(c[f"r_{mode}"], c["gold"])
        out.update({f"precision_{mode}": p, f"recall_{mode}": r, f"f1_{mode}": f1(p, r)})
    return out


def check_beads(beads: Sequence[BeadLike], n_src: int, n_tgt: int, path: str = "<gold>") -> None:
    """Raise InputError when a bead points past the ``n_src``/``n_tgt`` sentences it refers to
    (a gold file that belongs to other documents)."""
    for line, (src, tgt) in enumerate(sorted(_pairs(beads), key=lambda b: (b[0][:1], b[1][:1])), 1):
        bad = [i for i in src if not 0 <= i < n_src] or [j for j in tgt if not 0 <= j < n_tgt]
        if bad:
            raise InputError(f"bead {list(src)}:{list(tgt)} points to sentence {bad[0]}, but the "
                             f"documents have {n_src} source and {n_tgt} target sentences",
                             path=path, fix="pair the gold file with the documents it was made for")


def evaluate(gold: Sequence[BeadLike], test: Sequence[BeadLike]) -> dict[str, float]:
    """Strict and lax precision/recall/F1 of one document's alignment."""
    return scores(counts(gold, test))


def evaluate_many(pairs: Iterable[tuple[Sequence[BeadLike], Sequence[BeadLike]]]) -> dict[str, float]:
    """Scores over several documents, counts pooled as in Vecalign's ``score.py``."""
    total: dict[str, int] = defaultdict(int)
    for gold, test in pairs:
        for key, value in counts(gold, test).items():
            total[key] += value
    return scores({k: total[k] for k in ("test", "gold", "p_strict", "p_lax", "r_strict", "r_lax")})


__all__ = ["check_beads", "counts", "evaluate", "evaluate_many", "scores"]
