"""Strict and lax precision/recall/F1 of a sentence alignment against a gold one.

The convention of Sennrich & Volk (2011) as scored by Vecalign's ``score.py`` (our own code):

* precision is over every test bead, null beads included; recall is over the gold beads with
  both sides non-empty, matched against the test beads with both sides non-empty;
* *strict*: a bead counts when the identical bead is on the other side;
* *lax*: a bead also counts when it shares a source sentence with a bead of the other side whose
  target side it overlaps (a null bead can only count strictly);
* counts are pooled over documents before the ratios (:func:`evaluate_many`).

End to end (from running text, :func:`text_counts`), the test and gold sentences differ, so both
are cut into *pieces*: the stretches of text between any boundary of either segmentation
(whitespace ignored). A bead becomes the pieces its sentences cover, and the counts above apply:
a bead is strictly right only when it holds exactly the gold bead's text on both sides, so a
splitting error is an alignment error. :func:`boundary_counts` scores the splitter alone.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from bitext.errors import InputError

_SPACE = re.compile(r"\s+")

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
    total = pooled(counts(gold, test) for gold, test in pairs)
    return scores({k: total.get(k, 0) for k in ("test", "gold", "p_strict", "p_lax", "r_strict", "r_lax")})


def _ends(sentences: Sequence[str]) -> list[int]:
    """Offset (whitespace removed, NFC) where each sentence ends."""
    ends, pos = [], 0
    for s in sentences:
        pos += len(_SPACE.sub("", unicodedata.normalize("NFC", s)))
        ends.append(pos)
    return ends


def _pieces(gold: Sequence[str], test: Sequence[str], what: str) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """The pieces (see the module docstring) each gold and each test sentence covers."""
    g, t = _ends(gold), _ends(test)
    if (g[-1] if g else 0) != (t[-1] if t else 0):
        raise InputError(f"{what}: the sentences hold {t[-1] if t else 0} characters, the gold "
                         f"ones {g[-1] if g else 0}", fix="score sentences of the same text")
    cuts = sorted(set(g) | set(t))

    def cover(ends: list[int]) -> list[tuple[int, ...]]:
        out, k, start = [], 0, 0
        for end in ends:
            first = k
            while k < len(cuts) and cuts[k] <= end:
                k += 1
            out.append(tuple(range(first, k)) if end > start else ())
            start = end
        return out

    return cover(g), cover(t)


def _as_pieces(beads: Iterable[BeadLike], pieces: list[tuple[int, ...]], side: int) -> list[tuple[int, ...]]:
    return [tuple(p for i in ((b.src, b.tgt) if hasattr(b, "src") else b)[side] for p in pieces[i])
            for b in beads]


def in_pieces(gold: Sequence[BeadLike], gold_src: Sequence[str], gold_tgt: Sequence[str],
              test: Sequence[BeadLike], test_src: Sequence[str], test_tgt: Sequence[str]) -> tuple[list, list]:
    """Gold and test beads over other sentences of the same two texts, both as pieces (see the
    module docstring), ready for :func:`counts` and :func:`hits`."""
    gs, ts = _pieces(gold_src, test_src, "source")
    gt, tt = _pieces(gold_tgt, test_tgt, "target")
    as_pairs = lambda beads, ps, pt: list(zip(_as_pieces(beads, ps, 0), _as_pieces(beads, pt, 1)))  # noqa: E731
    return as_pairs(gold, gs, gt), as_pairs(test, ts, tt)


def text_counts(*args) -> dict[str, int]:
    """:func:`counts` of an alignment of other sentences of the same two texts (end to end);
    arguments as :func:`in_pieces`."""
    return counts(*in_pieces(*args))


def hits(gold: Iterable[BeadLike], test: Sequence[BeadLike]) -> list[bool]:
    """For each test bead, whether the identical bead is in the gold (strictly right)."""
    gold_set = _pairs(gold)
    return [(tuple(b.src), tuple(b.tgt)) in gold_set if hasattr(b, "src") else
            (tuple(b[0]), tuple(b[1])) in gold_set for b in test]


def reliability(confidence: Sequence[float], right: Sequence[bool], bins: int = 10,
                thresholds: Sequence[float] = (0.5, 0.7, 0.9, 0.95)) -> dict:
    """Expected calibration error over ``bins`` equal-width confidence bins, and for each
    threshold the beads at or above it and the share of them that is right."""
    n = len(confidence)
    ece = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, c in enumerate(confidence) if lo <= c < hi or (k == bins - 1 and c == 1.0)]
        if idx:
            acc = sum(right[i] for i in idx) / len(idx)
            conf = sum(confidence[i] for i in idx) / len(idx)
            ece += len(idx) / n * abs(acc - conf)
    table = []
    for t in thresholds:
        idx = [i for i, c in enumerate(confidence) if c >= t]
        table.append((t, len(idx), sum(right[i] for i in idx) / len(idx) if idx else float("nan")))
    return {"beads": n, "ece": ece, "table": table}


def boundary_counts(gold: Sequence[str], test: Sequence[str]) -> dict[str, int]:
    """Sentence boundaries (the end of the text excluded) of ``test`` against ``gold``:
    ``{"gold": ..., "test": ..., "hit": ...}``."""
    g, t = set(_ends(gold)[:-1]), set(_ends(test)[:-1])
    return {"gold": len(g), "test": len(t), "hit": len(g & t)}


def pooled(all_counts: Iterable[dict[str, int]]) -> dict[str, int]:
    """Counts added up over documents."""
    total: dict[str, int] = defaultdict(int)
    for c in all_counts:
        for key, value in c.items():
            total[key] += value
    return dict(total)


__all__ = ["boundary_counts", "check_beads", "counts", "evaluate", "evaluate_many", "hits",
           "in_pieces", "pooled", "reliability", "scores", "text_counts"]
