"""Sentence alignment: bead dynamic programming over embedding similarity and length.

A *bead* aligns ``a`` consecutive source sentences with ``b`` consecutive target sentences
(1-1, 1-2, 2-1, 2-2, 1-0, 0-1, ...): by default up to 4 sentences a side and 5 in all (1-4, 2-3,
not 3-3), see :class:`AlignParams`. With an encoder, the search minimises over the beads of a path

* the whole-bead distance: ``1 - cos`` between the two sides' *joined* vectors (the encoded
  joined text of a run, else the normalised sum of its members), divided by how far the
  members are from unrelated sentences of the other side (so "hub" sentences similar to
  everything do not attract beads);
* minus a fixed reward per bead: the whole-bead term is counted once per bead, so merging two
  good 1-1 beads into a 2-2 bead forfeits one reward and must earn it back in similarity;
* a per-member distance (weight ``member_weight``): every member sentence against the other
  side's joined vector, normalised the same way, so a sentence that belongs to neither side
  of a bead is not absorbed into it;
* a small Gale–Church length cost (:mod:`bitext.lengths`);
* for a bead of three sentences or more, a merge term (weight ``merge_weight``): how much less
  alike its joined sides are than its most alike pair of member sentences. A merge of two
  sentences that each have their own counterpart, or a sentence absorbed into its neighbour's
  bead, makes the joined vectors *less* alike than the best member pair, so the bead pays for
  it and loses to the separate 1-1 (and null) beads; a real split makes them more alike and
  pays nothing. The term compares vectors within the bead only, so it needs no statistics of
  the document and works the same on a 3-sentence abstract as on a book.

Null beads (1-0, 0-1) pay ``null_cost`` plus ``null_dist`` per sentence in the member term.
Without an encoder (``"length"``) the cost is Gale–Church's: shape prior plus length cost.

Encoding: every sentence once, and every run of two adjacent sentences as one text (beads
with two sentences on a side are the commonest non-1-1 beads). After a first search, runs of
three or more that the non-1-1 beads of that path cover (and those runs grown by one sentence)
are encoded too and the search runs again: about 2.5 encoder calls per sentence in all, against
Bertalign's ~5 (every run of up to 5 sentences).

Search is coarse-to-fine: a document with more than ``full_cells`` DP cells is first aligned at a
coarser level (blocks of ``coarse`` sentences, recursively), and the fine DP runs only in a band of
``coarse`` sentences around the projected coarse path. Each level costs O((n + m) * W * S * d)
with band width W ~ 3 * coarse, S bead shapes and embedding size d, the levels shrink
geometrically and the coarsest is at most ``full_cells``, so time and memory grow linearly with
document length; documents under the limit get the exact full DP. ``AlignStats.cells`` counts
the states visited.
"""
from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from bitext import lengths
from bitext.errors import BitextError, InputError
from bitext.records import Alignment, Bead

LENGTH = "length"  # the Gale–Church length-only method


class SentenceEncoder(Protocol):
    signature: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class AlignParams:
    """Settings of the aligner; ``signature`` prints them so a result is reproducible."""

    max_bead: int = 4  # sentences on one side of a bead
    max_sentences: int = 0  # both sides together; 0: max(4, max_bead + 1), so 2-2 always fits
    bead_reward: float = 1.0  # taken off every non-null bead: merges must earn their place
    member_weight: float = 0.4  # weight of the per-member embedding distance
    null_cost: float = 0.1  # cost of a null bead, besides its members' distance
    null_dist: float = 0.8  # embedding distance charged per sentence of a null bead
    len_weight: float = 0.05  # weight of the Gale–Church length cost beside the embeddings
    merge_weight: float = 1.0  # weight of what a merged bead loses against its best member pair
    hub_prior: float = 0.27  # 1 - cos between unrelated sentences, mixed into small samples
    coarse: int = 8  # sentences per block at each coarser level
    full_cells: int = 400_000  # DP cells above which the search goes coarse-to-fine
    refine: bool = True  # encode joined runs (all pairs; longer runs after a first search)

    def signature(self, method: str) -> str:
        """``method`` and every setting, exactly (``signatures.describe``)."""
        from bitext.signatures import describe
        return f"align={method}|{describe(self, sep='|')}"

    @property
    def total(self) -> int:
        """Most sentences in one bead, both sides together."""
        return self.max_sentences or max(4, self.max_bead + 1)


@dataclass
class AlignStats:
    """Where the time went and how much was encoded (for benchmarks)."""

    encode_seconds: float = 0.0
    search_seconds: float = 0.0
    sentences: int = 0
    encoded: int = 0  # sentences the encoder actually ran on (after its cache)
    cells: int = 0  # DP states visited, over all levels of the search (linear in length)
    features: list | None = None  # when a list: every bead's confidence features (for fitting)


@dataclass
class _Side:
    lengths: np.ndarray  # (n,) characters
    emb: np.ndarray | None  # (n, dim) L2-normalised, or None for the length-only method
    hub: np.ndarray | None = None  # (n,) mean distance to unrelated sentences of the other side


@dataclass
class _Problem:
    src: _Side
    tgt: _Side
    params: AlignParams
    shapes: list[tuple[int, int]]
    ratio: float = 1.0
    cells: int = 0  # DP states visited (this level and the coarser ones)
    _blocks: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)
    _joined: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ratio = lengths.ratio(self.src.lengths, self.tgt.lengths)
        self.n, self.m = len(self.src.lengths), len(self.tgt.lengths)
        self.cum_len = {s: _prefix(side.lengths) for s, side in (("s", self.src), ("t", self.tgt))}
        self.use_emb = self.src.emb is not None and self.tgt.emb is not None
        self.priors = np.array([lengths.shape_prior(a, b) for a, b in self.shapes])
        if self.use_emb:
            self.cum_hub = _prefix(self.tgt.hub)

    def block(self, side: str, size: int) -> np.ndarray:
        """Row p: normalised sum of the embeddings of sentences ``p-size+1 .. p``."""
        key = (side, size)
        if key not in self._blocks:
            emb = (self.src if side == "s" else self.tgt).emb
            total = emb.astype(np.float32).copy()
            for k in range(1, size):
                total[k:] += emb[:-k]
            total[:size - 1] = 0.0
            norms = np.linalg.norm(total, axis=1, keepdims=True)
            self._blocks[key] = total / np.maximum(norms, 1e-9)
        return self._blocks[key]

    def joined(self, side: str, size: int) -> np.ndarray:
        """Like :meth:`block`, with the encoded joined text where the second pass has it."""
        key = (side, size)
        if key not in self._joined:
            self._joined[key] = self.block(side, size).copy()
        return self._joined[key]

    def cost(self, s: int, i: int, j0: int, j1: int) -> np.ndarray:
        """Cost of bead shape ``s`` ending at state ``(i, j)`` for every ``j`` in ``j0..j1``."""
        a, b = self.shapes[s]
        p = self.params
        js = np.arange(j0, j1 + 1)
        if self.use_emb and (a == 0 or b == 0):  # length tells nothing about an omission
            return np.full(len(js), p.null_cost) + p.member_weight * self.distance(a, b, i, js)
        l1 = self.cum_len["s"][i] - self.cum_len["s"][i - a]
        l2 = self.cum_len["t"][js] - self.cum_len["t"][js - b]
        length = lengths.length_cost(l1, l2, self.ratio)
        if not self.use_emb:  # Gale–Church: shape prior and length
            return self.priors[s] + length
        total = (self.whole(a, b, i, js) - p.bead_reward + p.len_weight * length
                 + p.member_weight * self.distance(a, b, i, js))
        if a + b > 2 and p.merge_weight:
            total += p.merge_weight * self.merge_loss(a, b, i, js)
        return total

    def merge_loss(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """How much less alike the joined sides of an ``a``-``b`` bead are than its most alike
        pair of member sentences (0 when joining helps), over the members' mean hub distance."""
        es, et = self.src.emb, self.tgt.emb
        best = np.full(len(js), -1.0)
        for k in range(b):
            rows = et[js - b + k]
            for q in range(i - a, i):
                best = np.maximum(best, rows @ es[q])
        S = self.joined("s", a)[i - 1]
        T = self.joined("t", b)[js[0] - 1:js[-1]]
        hs = self.src.hub[i - a:i].mean()
        ht = (self.cum_hub[js] - self.cum_hub[js - b]) / b
        return np.maximum(0.0, best - T @ S) / ((hs + ht) / 2.0)

    def whole(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """Whole-bead distance: ``1 - cos`` of the two sides' joined vectors over the members'
        mean hub distance."""
        S = self.joined("s", a)[i - 1]
        T = self.joined("t", b)[js[0] - 1:js[-1]]
        hs = self.src.hub[i - a:i].mean()
        ht = (self.cum_hub[js] - self.cum_hub[js - b]) / b
        return (1.0 - T @ S) / ((hs + ht) / 2.0)

    def distance(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """Normalised embedding distance of ``a``-``b`` beads ending at ``(i, js)`` (see module)."""
        if a == 0 or b == 0:
            return np.full(len(js), self.params.null_dist * (a + b) / 2.0)
        j0, j1 = js[0], js[-1]
        S = self.block("s", a)[i - 1]
        T = self.block("t", b)[j0 - 1:j1]
        es, et = self.src.emb, self.tgt.emb
        hs, ht = self.src.hub, self.tgt.hub
        # every member sentence against the other side's composed vector
        total = np.zeros(len(js))
        for p in range(i - a, i):
            total += (1.0 - T @ es[p]) / hs[p]
        for k in range(b):
            q = slice(j0 - b + k, j1 - b + k + 1)
            total += (1.0 - et[q] @ S) / ht[q]
        return total / 2.0

    def coarsen(self, k: int) -> _Problem:
        return _Problem(_coarsen(self.src, k), _coarsen(self.tgt, k), self.params, self.shapes)


def _prefix(values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values) + 1, dtype=np.float64)
    np.cumsum(values, out=out[1:])
    return out


def _coarsen(side: _Side, k: int) -> _Side:
    n = len(side.lengths)
    starts = np.arange(0, n, k)
    lens = np.add.reduceat(side.lengths, starts) if n else side.lengths
    if side.emb is None:
        return _Side(lens, None)
    emb = np.add.reduceat(side.emb, starts, axis=0)
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    hub = np.add.reduceat(side.hub, starts) / np.diff(np.append(starts, n))
    return _Side(lens, emb.astype(np.float32), hub)


def bead_shapes(max_bead: int, total: int | None = None) -> list[tuple[int, int]]:
    """1-0, 0-1 and every ``a``-``b`` with ``1 <= a, b <= max_bead`` (and ``a + b <= total``
    when given), smallest first."""
    if max_bead < 1:
        raise BitextError(f"max_bead must be at least 1, got {max_bead}", fix="use --max-bead 2")
    shapes = [(a, b) for a in range(1, max_bead + 1) for b in range(1, max_bead + 1)
              if total is None or a + b <= total]
    return [(1, 0), (0, 1)] + sorted(shapes, key=lambda s: (s[0] + s[1], s))


# ---------------------------------------------------------------- search

def _dp(prob: _Problem, lo: np.ndarray, hi: np.ndarray) -> list[tuple[int, int]] | None:
    """Cheapest bead path from (0, 0) to (n, m) through states ``lo[i] <= j <= hi[i]``."""
    n, m = prob.n, prob.m
    zero_one = prob.shapes.index((0, 1))
    D: list[np.ndarray] = []
    BP: list[np.ndarray] = []
    for i in range(n + 1):
        width = hi[i] - lo[i] + 1
        best = np.full(width, np.inf)
        back = np.full(width, -1, dtype=np.int8)
        if i == 0 and lo[0] == 0:
            best[0] = 0.0
        for s, (a, b) in enumerate(prob.shapes):
            if a == 0 or a > i:
                continue
            r = i - a
            j0, j1 = max(lo[i], lo[r] + b), min(hi[i], hi[r] + b)
            if j0 > j1:
                continue
            total = D[r][j0 - b - lo[r]:j1 - b - lo[r] + 1] + prob.cost(s, i, j0, j1)
            seg = slice(j0 - lo[i], j1 - lo[i] + 1)
            better = total < best[seg]
            best[seg] = np.where(better, total, best[seg])
            back[seg] = np.where(better, s, back[seg])
        if width > 1:  # 0-1 beads within the row: D[j] = min(X[j], D[j-1] + c[j])
            c = np.zeros(width)
            c[1:] = prob.cost(zero_one, i, lo[i] + 1, hi[i])
            cum = np.cumsum(c)
            via = np.minimum(best, cum + np.minimum.accumulate(best - cum))
            step = via[:-1] + c[1:]  # arriving from (i, j-1); compared with a tolerance, as
            gap = np.zeros(width, dtype=bool)  # cum-sums round and ties must stay ties
            gap[1:] = step < best[1:] - 1e-9
            best[gap] = step[gap[1:]]
            back[gap] = zero_one
        D.append(best)
        BP.append(back)
    prob.cells += int((hi - lo + 1).sum())
    if not (lo[n] <= m <= hi[n] and np.isfinite(D[n][m - lo[n]])):
        return None
    path, i, j = [], n, m
    while i > 0 or j > 0:
        a, b = prob.shapes[BP[i][j - lo[i]]]
        path.append((a, b))
        i, j = i - a, j - b
    return path[::-1]


def _search(prob: _Problem) -> list[tuple[int, int]]:
    """Exact DP for small documents, else coarse-to-fine (see the module docstring)."""
    n, m, k = prob.n, prob.m, prob.params.coarse
    if (n + 1) * (m + 1) <= prob.params.full_cells or min(n, m) < 2 * k:
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
        return _dp(prob, lo, hi)
    coarse = prob.coarsen(k)
    coarse_path = _search(coarse)
    prob.cells += coarse.cells
    margin = k
    while True:
        lo, hi = _band(coarse_path, k, n, m, margin)
        path = _dp(prob, lo, hi)
        if path is not None:
            return path
        margin *= 2  # the band missed every path: widen it (not seen in practice)


def _band(coarse_path: list[tuple[int, int]], k: int, n: int, m: int,
          margin: int) -> tuple[np.ndarray, np.ndarray]:
    """Per fine row, the column range covered by the coarse path's beads widened by ``margin``."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    I = J = 0
    for a, b in coarse_path:
        r0, r1 = I * k, min((I + a) * k, n)
        c0, c1 = max(0, J * k - margin), min(m, (J + b) * k + margin)
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], c0)
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], c1)
        I, J = I + a, J + b
    lo[0], hi[n] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # non-decreasing, reachable from the row below
    hi = np.maximum.accumulate(hi)
    return lo, hi


# ---------------------------------------------------------------- public API

def align(src: Sequence[str], tgt: Sequence[str], *, src_lang: str = "tr", tgt_lang: str = "en",
          encoder: SentenceEncoder | str | None = None, max_bead: int = 4,
          params: AlignParams | None = None, doc: str = "", kind: str = "",
          stats: AlignStats | None = None, tgt_doc: str = "") -> Alignment:
    """Align two sentence lists. ``encoder``: an encoder object, a model name/path, ``None`` for
    the default offline encoder, or ``"length"`` for the Gale–Church length-only baseline.
    Every bead gets a confidence in 0..1 (null beads and doubtful pairs score low)."""
    params = params or AlignParams(max_bead=max_bead)
    src, tgt = tuple(src), tuple(tgt)
    stats = stats if stats is not None else AlignStats()
    stats.sentences += len(src) + len(tgt)
    method, enc = _method(encoder)
    started = time.perf_counter()
    src_side = _Side(lengths.char_lengths(src).astype(np.float64), None)
    tgt_side = _Side(lengths.char_lengths(tgt).astype(np.float64), None)
    if enc is not None and src and tgt:
        before = getattr(enc, "encoded", 0)
        src_side.emb = np.asarray(enc.encode(list(src)), dtype=np.float32)
        tgt_side.emb = np.asarray(enc.encode(list(tgt)), dtype=np.float32)
        stats.encoded += getattr(enc, "encoded", 0) - before
        src_side.hub, tgt_side.hub = _hubness(src_side.emb, tgt_side.emb, params.hub_prior)
    stats.encode_seconds += time.perf_counter() - started

    prob = _Problem(src_side, tgt_side, params, bead_shapes(params.max_bead, params.total))
    refine = prob.use_emb and params.refine
    if refine:  # every run of two sentences, encoded as one text
        _encode_runs(prob, enc, stats, {side: {(p, 2) for p in range(len(texts) - 1)}
                                        for side, texts in (("s", src), ("t", tgt))}, src, tgt)
    started = time.perf_counter()
    path = _search(prob) if src or tgt else []
    stats.search_seconds += time.perf_counter() - started
    if refine and path and params.max_bead > 2 and _encode_runs(
            prob, enc, stats, _runs_around(prob, path), src, tgt):
        started = time.perf_counter()
        path = _search(prob)
        stats.search_seconds += time.perf_counter() - started
    stats.cells += prob.cells
    beads = _beads(prob, path, LENGTH if enc is None else getattr(enc, "name", type(enc).__name__),
                   stats.features)
    signature = params.signature(method)
    if enc is not None:
        signature += "|" + getattr(enc, "signature", type(enc).__name__)
    return Alignment(src_lang, tgt_lang, src, tgt, tuple(beads), doc=doc, kind=kind,
                     signature=signature, tgt_doc=tgt_doc)


def _runs_around(prob: _Problem, path: list[tuple[int, int]]) -> dict[str, set[tuple[int, int]]]:
    """``(start, size)`` runs of three or more sentences worth encoding after the first search:
    those of every bead of ``path`` that is not 1-1, and those runs grown by one sentence."""
    top = prob.params.max_bead
    runs: dict[str, set[tuple[int, int]]] = {"s": set(), "t": set()}
    i = j = 0
    for a, b in path:
        if (a, b) != (1, 1):
            for side, start, size, limit in (("s", i, a, prob.n), ("t", j, b, prob.m)):
                cand = [(start, size), (start - 1, size + 1), (start, size + 1)]
                runs[side].update((p, k) for p, k in cand if 3 <= k <= top and 0 <= p <= limit - k)
        i, j = i + a, j + b
    return runs


def _encode_runs(prob: _Problem, enc: SentenceEncoder, stats: AlignStats,
                 runs: dict[str, set[tuple[int, int]]], src: Sequence[str],
                 tgt: Sequence[str]) -> bool:
    """Encode the joined text of each ``(start, size)`` run so that beads over it are scored
    with a real vector instead of the sum of their members'. Returns whether any was."""
    started = time.perf_counter()
    before = getattr(enc, "encoded", 0)
    for side, texts in (("s", src), ("t", tgt)):
        todo = sorted(runs[side])
        if todo:
            vecs = np.asarray(enc.encode([" ".join(texts[p:p + k]) for p, k in todo]), dtype=np.float32)
            for (p, k), vec in zip(todo, vecs):
                prob.joined(side, k)[p + k - 1] = vec
    stats.encoded += getattr(enc, "encoded", 0) - before
    stats.encode_seconds += time.perf_counter() - started
    return bool(runs["s"] or runs["t"])


def read_sentences(path: str | Path, lang: str, *, presegmented: bool = False,
                   notes: list[str] | None = None) -> list[str]:
    """A file's sentences: its lines when ``presegmented``, else its blocks split by
    :mod:`bitext.nlp`. Raises InputError when there is nothing to align. ``notes`` gets what
    reading did (e.g. decoded as cp1254), each prefixed with the file name."""
    from bitext import documents
    read_notes: list[str] = []
    if presegmented:
        sentences = documents.read_presegmented(path, lang=lang, notes=read_notes)
        documents.refuse_long(sentences, str(path), presegmented=True)
    else:
        doc = documents.read_document(path, lang=lang)
        read_notes += doc.notes
        sentences = []
        for block in doc.blocks:
            segs = [s.text for s in documents.segment(block, lang)]
            documents.refuse_long(segs, str(path), block.line)
            sentences += segs
    if not any(s.strip() for s in sentences):
        raise InputError("no sentences to align (the file is empty)", path=str(path),
                         fix="give a file with text in it")

    if notes is not None:
        notes += [f"{Path(path).name}: {n}" for n in read_notes]
    return sentences


def align_files(src_path: str | Path, tgt_path: str | Path, *, src_lang: str = "tr",
                tgt_lang: str = "en", presegmented: bool = False,
                encoder: SentenceEncoder | str | None = None, max_bead: int = 4,
                stats: AlignStats | None = None, notes: list[str] | None = None) -> Alignment:
    """Read, split and align two documents (``bitext align``); ``notes`` as in
    :func:`read_sentences`."""
    src = read_sentences(src_path, src_lang, presegmented=presegmented, notes=notes)
    tgt = read_sentences(tgt_path, tgt_lang, presegmented=presegmented, notes=notes)
    return align(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, encoder=encoder,
                 max_bead=max_bead, doc=Path(src_path).name, tgt_doc=Path(tgt_path).name, stats=stats)


def _method(encoder: SentenceEncoder | str | None) -> tuple[str, SentenceEncoder | None]:
    if encoder == LENGTH:
        return LENGTH, None
    if encoder is None or isinstance(encoder, str):
        from bitext.encoder import load_encoder
        return "embedding", load_encoder(encoder)
    return "embedding", encoder


def _hubness(es: np.ndarray, et: np.ndarray, prior: float,
             sample: int = 64, weight: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence, mean ``1 - cos`` to sentences of the other side other than its best match,
    on a fixed random sample, shrunk towards ``prior`` when the other side is short."""
    rng = np.random.default_rng(0)

    def side(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        idx = rng.choice(len(b), size=min(sample, len(b)), replace=False)
        dist = 1.0 - a @ b[idx].T
        k = dist.shape[1] - 1
        rest = (dist.sum(1) - dist.min(1)) if k > 0 else np.zeros(len(a))
        return (rest + weight * prior) / (k + weight)

    return side(es, et), side(et, es)


def _beads(prob: _Problem, path: list[tuple[int, int]], key: str,
           features: list | None = None) -> list[Bead]:
    """The path's beads with their confidence (the fitted model for encoder ``key`` when there
    is one, :mod:`bitext.confidence`); ``features`` gets each bead's features when a list."""
    from bitext import confidence
    fitted = confidence.model(key)
    beads, i, j = [], 0, 0
    for a, b in path:
        s = prob.shapes.index((a, b))
        x = _features(prob, s, i + a, j + b)
        if features is not None:
            features.append(x)
        score = confidence.predict(fitted, x) if fitted else _fallback(a, b, x)
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), score))
        i, j = i + a, j + b
    return beads


def _features(prob: _Problem, s: int, i: int, j: int) -> list[float]:
    """A bead's features (:data:`bitext.confidence.FEATURES`): per-sentence embedding distance,
    length cost, shape prior over 1-1's, merge loss, null or not (the others 0 for a null bead)."""
    a, b = prob.shapes[s]
    if a == 0 or b == 0:
        return [0.0, 0.0, 0.0, 0.0, 1.0]
    len_cost = float(lengths.length_cost(prob.cum_len["s"][i] - prob.cum_len["s"][i - a],
                                         prob.cum_len["t"][j] - prob.cum_len["t"][j - b],
                                         prob.ratio))
    shape = lengths.shape_prior(a, b) - lengths.shape_prior(1, 1)
    d = merge = 0.0
    if prob.use_emb:
        js = np.array([j])
        d = float(prob.distance(a, b, i, js)[0]) / ((a + b) / 2.0)
        merge = float(prob.merge_loss(a, b, i, js)[0]) if a + b > 2 else 0.0
    return [round(d, 6), round(len_cost, 6), round(shape, 6), round(merge, 6), 0.0]


def _fallback(a: int, b: int, x: list[float]) -> float:
    """Without a fitted model: a fixed logistic function of distance, length and shape (null
    beads 0.1: they are guesses)."""
    if a == 0 or b == 0:
        return 0.1
    d, len_cost, shape = x[0], x[1], x[2]
    z = 3.0 - 0.8 * len_cost - 0.5 * shape + (8.0 * (0.6 - d) if d else 0.0)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


__all__ = ["AlignParams", "AlignStats", "LENGTH", "align", "align_files", "bead_shapes",
           "read_sentences"]
