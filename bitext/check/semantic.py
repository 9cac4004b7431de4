"""ADD, DEL and MEAN from the encoder: a calibrated pair score plus word alignment.

One batched forward pass (``Encoder.encode_with_tokens``) gives both the sentence vector (as the
encoder pools) and contextual token vectors from a middle layer. Subword vectors are averaged into
words; words are aligned SimAlign-style (mutual argmax over cosine similarity, then a second
round among the words left over). A content word with no alignment and no close match on the
other side is unaligned: runs of them are additions (target) or omissions (source).

The semantic score is a logistic model over sentence cosine and the unaligned shares, its
weights in the calibration file (``calibration.SEMANTIC_FEATURES``; ``bitext models calibrate``).

Clause ablation adds sentence-level evidence that word alignment misses: each side is cut into
clauses (at , ; : and before conjunctions), and every clause of three or more words is left out
in turn and the rest encoded again. If leaving a target clause out brings the target closer to
the source, that clause is likely an addition (a source clause: an omission). The largest gain
per side feeds the pair score and, above ``SemanticConfig.clause_gain``, an ADD/DEL finding.

This module also provides the token alignment (``analyse``, settings in ``AlignmentConfig``)
that the entity check and the divergence classifier read.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import numpy as np

from bitext import turkish
from bitext.check.context import PairInput, finding
from bitext.check.registry import register
from bitext.records import Finding

CHECK = "semantic"


@dataclass(frozen=True)
class AlignmentConfig:
    """Word alignment between the two sides (token vectors of one encoder layer)."""

    layer: int | None = None  # token layer (None: the encoder's middle layer)
    link_min_sim: float = 0.35  # a mutual-argmax link below this similarity does not count
    span_link_sim: float = 0.55  # ... nor this one, when drawing the spans of a divergent pair
    match_sim: float = 0.7  # a word this close to any word of the other side counts as aligned


@dataclass(frozen=True)
class SemanticConfig:
    min_span_words: int = 2  # content words an ADD/DEL span needs
    clause_gain: float = 0.006  # cosine gain from leaving a clause out that makes it ADD/DEL
    major_prob: float = 0.75  # semantic score that makes a pair divergent
    critical_prob: float = 0.85
    critical_share: float = 0.5  # unaligned content share that makes a span critical

STOPWORDS = {
    "en": set("""a an the and or but if of to in on at by for with from as into onto than then that
        this these those it its is are was were be been being has have had do does did will would
        shall there their they them he she his her him we our us you your i my me which who whom
        whose what when where while also so such not no any some all each both either more most
        very just only about over under after before between against during through up down out
        off again further once here how why can could may might must should s""".split()),
    "tr": set("""ve veya ya da de ki bir bu şu o bunu şunu onu bunun onun için ile gibi kadar daha
        en çok az her hem ise ama fakat ancak olarak olan oldu olduğu olup diye değil mi mı mu mü
        ne nasıl neden çünkü eğer göre sonra önce ayrıca bile artık yine şey tüm bütün bazı
        birçok pek""".split()),
}
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


@dataclass
class Side:
    """Words of one side: spans, vectors, content mask and alignment flags."""

    spans: list[tuple[int, int]]
    vecs: np.ndarray
    content: np.ndarray  # bool per word
    aligned: np.ndarray  # bool per word (loose: what the pair score sees)
    strict: np.ndarray  # bool per word (strict: where a divergent pair's spans are drawn)
    best: np.ndarray  # best similarity to any word of the other side


@dataclass(frozen=True)
class Ablation:
    """The clause whose removal raised the cosine most, and by how much (negative: none did)."""

    gain: float = -1.0
    span: tuple[int, int] | None = None


@dataclass
class SemanticView:
    cos: float
    src: Side
    tgt: Side
    prob: float  # calibrated probability that the pair diverges
    src_drop: Ablation = Ablation()  # a source clause the target may have omitted
    tgt_drop: Ablation = Ablation()  # a target clause the source may not have
    classes: dict[str, float] | None = None  # the divergence classifier's reading, if one ran

    def unaligned_share(self, side: str) -> float:
        s = self.src if side == "src" else self.tgt
        n = int(s.content.sum())
        return float((s.content & ~s.aligned).sum() / n) if n else 0.0


def _words(text: str, spans: list[tuple[int, int]], vecs: np.ndarray, lang: str):
    """Merge subword tokens into words (a new word starts after a space or at punctuation)."""
    groups: list[list[int]] = []
    for k, (a, b) in enumerate(spans):
        piece = text[a:b]
        is_word = bool(_LETTER_OR_DIGIT.search(piece))
        if groups and is_word and spans[groups[-1][-1]][1] == a and \
                _LETTER_OR_DIGIT.search(text[spans[groups[-1][-1]][0]:spans[groups[-1][-1]][1]]):
            groups[-1].append(k)
        elif groups and not is_word and piece in "'’" and spans[groups[-1][-1]][1] == a:
            groups[-1].append(k)  # Aliyev'in: the apostrophe stays in the word
        else:
            groups.append([k])
    wspans, wvecs, content = [], [], []
    stop = STOPWORDS.get(lang, set())
    for g in groups:
        a, b = spans[g[0]][0], spans[g[-1]][1]
        w = text[a:b]
        v = vecs[g].mean(0)
        wspans.append((a, b))
        wvecs.append(v / (np.linalg.norm(v) or 1.0))
        content.append(bool(_LETTER_OR_DIGIT.search(w)) and turkish.casefold(w, lang) not in stop)
    return wspans, np.array(wvecs, dtype=np.float32).reshape(len(wspans), -1), np.array(content, bool)


def _align(sim: np.ndarray) -> set[tuple[int, int]]:
    """Mutual argmax, then one more round among the words both sides left unaligned."""
    links: set[tuple[int, int]] = set()
    rows, cols = np.arange(sim.shape[0]), np.arange(sim.shape[1])
    for _ in range(2):
        if not len(rows) or not len(cols):
            break
        sub = sim[np.ix_(rows, cols)]
        fwd, bwd = sub.argmax(1), sub.argmax(0)
        new = {(rows[i], cols[j]) for i, j in enumerate(fwd) if bwd[j] == i}
        links |= new
        rows = np.array([r for r in rows if r not in {a for a, _ in new}], dtype=int)
        cols = np.array([c for c in cols if c not in {b for _, b in new}], dtype=int)
    return links


def token_layer(encoder, cfg: AlignmentConfig) -> int:
    """The layer word alignment reads: ``cfg.layer``, else the encoder's middle layer."""
    from bitext.divergence.model import alignment_layer
    return cfg.layer if cfg.layer is not None else alignment_layer(encoder)


def analyse(context, pairs: list[tuple[str, str, str, str]], cfg: AlignmentConfig,
            seconds: dict[str, float] | None = None) -> list[SemanticView]:
    """Semantic views of ``(src, tgt, src_lang, tgt_lang)`` pairs by the context's encoder, in
    one batched pass (and one more for the clause ablations); with the context's divergence
    classifier, also its reading (its time added to ``seconds["classifier model"]``)."""
    encoder, clf, semantic = context.encoder, context.classifier, context.calibration.semantic
    texts = [t for s, g, _, _ in pairs for t in (s, g)]
    layer = token_layer(encoder, cfg)
    sents, toks = encoder.encode_with_tokens(texts, layer)
    fwd = [(sents[k], [(t.start, t.end) for t in tokens], vecs)
           for k, (tokens, vecs) in enumerate(toks)]
    views = [view(p, fwd[2 * k], fwd[2 * k + 1], cfg, semantic) for k, p in enumerate(pairs)]
    if clf is not None:
        from bitext.check.classifier import classify
        read = toks if clf.layer == layer else encoder.encode_with_tokens(texts, clf.layer)[1]
        t0 = time.perf_counter()
        for v, classes in zip(views, classify(clf, sents, pairs, [vecs for _, vecs in read])):
            v.classes = classes
        if seconds is not None:
            seconds["classifier model"] = seconds.get("classifier model", 0.0) + time.perf_counter() - t0
    cuts = [(k, side, span, rest) for k, (s, g, sl, tl) in enumerate(pairs)
            for side, text, lang in ((0, s, sl), (1, g, tl)) for span, rest in leave_one_out(text, lang)]
    vecs = encoder.encode([rest for *_, rest in cuts]) if cuts else np.zeros((0, 1))
    for (k, side, span, _), v in zip(cuts, vecs):
        other = sents[2 * k + 1 - side]  # the other side's full sentence vector
        gain = float(v @ other) - views[k].cos
        best = views[k].tgt_drop if side else views[k].src_drop
        if gain > best.gain:
            if side:
                views[k].tgt_drop = Ablation(gain, span)
            else:
                views[k].src_drop = Ablation(gain, span)
    return views


_CLAUSE = {
    "en": re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and|but|while|which|who|because|whereas|although|"
                     r"[-–—])\s)"),
    "tr": re.compile(r"(?<=[,;:])\s+|\s+(?=(?:ve|ama|ancak|fakat|çünkü|oysa|ise|[-–—])\s)"),
}
MIN_CLAUSE_WORDS = 3


def leave_one_out(text: str, lang: str) -> list[tuple[tuple[int, int], str]]:
    """``((start, end), text without that clause)`` for every clause of ``text`` with at least
    ``MIN_CLAUSE_WORDS`` words whose removal leaves as many (no cuts in a one-clause text)."""
    rx = _CLAUSE.get(lang, _CLAUSE["en"])
    bounds, start = [], 0
    for m in rx.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    bounds = [(a, b) for a, b in bounds if text[a:b].strip()]
    out = []
    if len(bounds) < 2:
        return out
    for k, (a, b) in enumerate(bounds):
        rest = " ".join(text[x:y] for i, (x, y) in enumerate(bounds) if i != k)
        if len(text[a:b].split()) >= MIN_CLAUSE_WORDS and len(rest.split()) >= MIN_CLAUSE_WORDS:
            out.append(((a, b), rest))
    return out


def view(pair: tuple[str, str, str, str], src_fwd, tgt_fwd, cfg: AlignmentConfig,
         model) -> SemanticView:
    """Align the words of one pair given both sides' forward outputs."""
    src, tgt, sl, tl = pair
    (sv, ss, st), (tv, ts, tt) = src_fwd, tgt_fwd
    sides = []
    for text, spans, vecs, lang in ((src, ss, st, sl), (tgt, ts, tt, tl)):
        sides.append(_words(text, spans, vecs, lang))
    (sw, svec, sc), (tw, tvec, tc) = sides
    sim = svec @ tvec.T if len(sw) and len(tw) else np.zeros((len(sw), len(tw)), np.float32)
    links = _align(sim) if sim.size else set()
    s_best = sim.max(1) if sim.size else np.zeros(len(sw))
    t_best = sim.max(0) if sim.size else np.zeros(len(tw))
    flags = []
    for threshold in (cfg.link_min_sim, cfg.span_link_sim):
        s_al, t_al = s_best >= cfg.match_sim, t_best >= cfg.match_sim
        for i, j in links:
            if sim[i, j] >= threshold:
                s_al[i] = t_al[j] = True
        flags.append((s_al, t_al))
    (s_loose, t_loose), (s_strict, t_strict) = flags
    out = SemanticView(float(sv @ tv), Side(sw, svec, sc, s_loose, s_strict, s_best),
                       Side(tw, tvec, tc, t_loose, t_strict, t_best), 0.0)
    out.prob = calibrated(out, model)
    return out


def features(view: SemanticView) -> list[float]:
    return [view.cos, view.unaligned_share("src"), view.unaligned_share("tgt"),
            _longest_run(view.src), _longest_run(view.tgt)]


def calibrated(view: SemanticView, model) -> float:
    """The semantic score: ``model`` (a ``calibration.Logistic``) over ``features``."""
    return 1.0 / (1.0 + math.exp(-model.z(features(view))))


def _longest_run(side: Side) -> float:
    """Longest run of unaligned content words (stopwords and punctuation bridge), capped at 10."""
    best = run = 0
    for c, a in zip(side.content, side.aligned):
        if not c:
            continue
        run = run + 1 if not a else 0
        best = max(best, run)
    return float(min(best, 10))


def runs(side: Side, min_words: int, strict: bool = False) -> list[tuple[int, int, int]]:
    """(start char, end char, content words) of unaligned runs with at least ``min_words``
    content words. Stopwords and punctuation inside a run are bridged, and so is a single
    aligned word between two unaligned content words."""
    out, cur, count, pending = [], None, 0, 0
    flags = side.strict if strict else side.aligned
    for k in range(len(side.spans)):
        c, a = side.content[k], flags[k]
        if c and not a:
            if cur is None:
                cur = [side.spans[k][0], side.spans[k][1]]
                count = 0
            cur[1] = side.spans[k][1]
            count += 1
            pending = 0
        elif c and a and cur is not None:
            pending += 1
            if pending > 1:
                if count >= min_words:
                    out.append((cur[0], cur[1], count))
                cur, pending = None, 0
    if cur is not None and count >= min_words:
        out.append((cur[0], cur[1], count))
    return out


@register(CHECK, config=SemanticConfig, needs=("encoder", "alignment"),
          provides=("ADD", "DEL", "MEAN"), scored=True, quiet=True)
def check(pair: PairInput, cfg: SemanticConfig) -> list[Finding]:
    """Below the major threshold: minor ADD/DEL spans from the loose alignment. Above it: one
    major (or critical) finding per side that lost or gained content, spans from the strict
    alignment; MEAN when the score is high but no side has an unaligned run."""
    view: SemanticView | None = pair.semantic
    if view is None:
        return []
    divergent = view.prob >= cfg.major_prob
    findings: list[Finding] = []
    for side, cat, what in (("tgt", "ADD", "not in the source"), ("src", "DEL", "missing from the target")):
        s = view.tgt if side == "tgt" else view.src
        text = pair.tgt if side == "tgt" else pair.src
        n_content = max(1, int(s.content.sum()))
        spans = runs(s, cfg.min_span_words, strict=divergent)
        if not spans:
            continue
        unaligned = int((s.content & ~(s.strict if divergent else s.aligned)).sum())
        share = unaligned / n_content
        if not divergent:
            severity = "minor"
        elif view.prob >= cfg.critical_prob and share >= cfg.critical_share:
            severity = "critical"
        elif view.unaligned_share(side) >= view.unaligned_share("src" if side == "tgt" else "tgt"):
            severity = "major"
        else:
            severity = "minor"
        words = " … ".join(text[a:b] for a, b, _ in spans)
        findings.append(finding(cat, severity, f"{words!r} {'is' if len(spans) == 1 else 'are'} {what} "
                                f"({unaligned} of {n_content} content words unaligned; "
                                f"divergence {view.prob:.2f})", CHECK,
                                **{side: [(a, b) for a, b, _ in spans]}))
    for side, cat, what, drop in (("tgt", "ADD", "not in the source", view.tgt_drop),
                                  ("src", "DEL", "missing from the target", view.src_drop)):
        covered = any(f.category == cat for f in findings)
        if drop.span and drop.gain >= cfg.clause_gain and not covered:
            a, b = drop.span
            text = pair.tgt if side == "tgt" else pair.src
            findings.append(finding(cat, "major" if divergent else "minor",
                                    f"{text[a:b]!r} looks {what}: leaving it out brings the sides "
                                    f"closer (cosine +{drop.gain:.3f})", CHECK, **{side: [(a, b)]}))
    if divergent and not any(f.severity != "minor" for f in findings):
        findings.append(finding("MEAN", "critical" if view.prob >= cfg.critical_prob else "major",
                                f"meaning differs (divergence {view.prob:.2f}, cosine {view.cos:.2f})",
                                CHECK))
    return findings
