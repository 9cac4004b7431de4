"""NE: named entities missing or changed between the sides (keys from ``bitext.entities``).

Numbers, dates and amounts are left to :mod:`bitext.check.numbers`.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from bitext import turkish
from bitext.check.context import PairInput, Word, finding
from bitext.records import Entity, Finding

CHECK = "entities"
NAME_LABELS = {"PER", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW"}


def _unmatched(src: tuple[Entity, ...], tgt: tuple[Entity, ...]) -> tuple[list[Entity], list[Entity]]:
    from bitext.entities import match_entities
    result = match_entities(list(src), list(tgt))
    if isinstance(result, tuple):
        _pairs, left_src, left_tgt = result
    else:
        left_src, left_tgt = result.unmatched_src, result.unmatched_tgt
    return list(left_src), list(left_tgt)


def _aligned(side, ent: Entity, threshold: float) -> bool:
    sims = [b for (a, z), b in zip(side.spans, side.best) if a < ent.end and z > ent.start]
    return bool(sims) and max(sims) >= threshold


def _translated_names(src: list[Entity], tgt: list[Entity], config) -> tuple[list[Entity], list[Entity]]:
    """Drop unmatched names whose texts the encoder deems translations (Güney Kafkasya ~ Caucasus)."""
    from bitext.check import _encoder
    enc = _encoder(config)
    if enc is None:
        return src, tgt
    sim = enc.encode([e.text for e in src]) @ enc.encode([e.text for e in tgt]).T
    drop_s = {i for i in range(len(src)) if sim[i].max() >= config.entity_name_sim}
    drop_t = {j for j in range(len(tgt)) if sim[:, j].max() >= config.entity_name_sim}
    return ([e for i, e in enumerate(src) if i not in drop_s],
            [e for j, e in enumerate(tgt) if j not in drop_t])


# English capitalises these, Turkish does not: not names
_CALENDAR = set("""january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday""".split())
# days and months (both languages) are dates, left to the numbers check, not names
_DATE_WORDS = _CALENDAR | set(turkish.TR_MONTHS) | set(
    "pazartesi salı çarşamba perşembe cuma cumartesi pazar".split())


def _is_date(ent: Entity, lang: str) -> bool:
    """A name-labelled mention made of a day or month name (Perşembe, Ocak'tan, Thursday)."""
    return any(_fold_word(w, lang) in _DATE_WORDS for w in re.findall(r"\w+(?:['’]\w+)?", ent.text))


def _fold_word(word: str, lang: str) -> str:
    return turkish.casefold(re.split(r"['’]", word)[0], lang)


_SENTENCE_START = re.compile(r"(^|[.!?:;\"“‘'(]\s*)$")


def _stem(word: str, lang: str) -> str:
    """A name's comparable stem: ASCII-folded, Turkish case suffix after the apostrophe dropped."""
    return turkish.ascii_fold(turkish.casefold(re.split(r"['’]", word)[0], lang))[:4]


def _fold(word: str, lang: str) -> str:
    return turkish.ascii_fold(turkish.casefold(re.split(r"['’]", word)[0], lang))


def _spelled_alike(name: str, lang: str, other: list[Word], other_lang: str) -> bool:
    """A word of the name (3+ letters) spelled nearly like a word of the other side, ASCII-folded:
    a transliteration (Moğol = Mongol, Uygur = Uighur), not a different name."""
    mine = [_fold(w, lang) for w in re.findall(r"\w+(?:['’]\w+)?", name)]
    theirs = {_fold(w.text, other_lang) for w in other if len(w.text) >= 3 and w.text[:1].isupper()}
    return any(len(a) >= 3 and SequenceMatcher(None, a, b).ratio() >= 0.7 for a in mine for b in theirs)


def stray_names(pair: PairInput, side: str) -> list[Word]:
    """Capitalised words inside a sentence (name candidates the recogniser may have missed) whose
    stem occurs nowhere on the other side and that no word of the other side aligns closely."""
    ws, text, lang = ((pair.src_words, pair.src, pair.src_lang) if side == "src"
                      else (pair.tgt_words, pair.tgt, pair.tgt_lang))
    other_words = pair.tgt_words if side == "src" else pair.src_words
    other_lang = pair.tgt_lang if side == "src" else pair.src_lang
    other = {_stem(w.text, other_lang) for w in other_words}
    sem = None if pair.semantic is None else (pair.semantic.src if side == "src" else pair.semantic.tgt)
    out = []
    for w in ws:
        if not w.text[:1].isupper() or len(w.text) < 3 or w.fold in _CALENDAR or \
                _SENTENCE_START.search(text[:w.start]):
            continue
        if _stem(w.text, lang) in other or (sem is not None and _aligned(sem, w, pair.config.entity_sim)):
            continue
        out.append(w)
    return out


def check(pair: PairInput) -> list[Finding]:
    src, tgt = pair.entities
    src = tuple(e for e in src if e.label in NAME_LABELS and not _is_date(e, pair.src_lang))
    tgt = tuple(e for e in tgt if e.label in NAME_LABELS and not _is_date(e, pair.tgt_lang))
    if not src and not tgt:
        return []
    left_src, left_tgt = _unmatched(src, tgt)
    if pair.semantic is not None:  # a name whose words align closely was translated, not changed
        left_src = [e for e in left_src if not _aligned(pair.semantic.src, e, pair.config.entity_sim)]
        left_tgt = [e for e in left_tgt if not _aligned(pair.semantic.tgt, e, pair.config.entity_sim)]
    left_src = [e for e in left_src if not _spelled_alike(e.text, pair.src_lang, pair.tgt_words, pair.tgt_lang)]
    left_tgt = [e for e in left_tgt if not _spelled_alike(e.text, pair.tgt_lang, pair.src_words, pair.src_lang)]
    if left_src and left_tgt:
        left_src, left_tgt = _translated_names(left_src, left_tgt, pair.config)
    names = lambda ents: ", ".join(e.text for e in ents)  # noqa: E731
    spans = lambda ents: [(e.start, e.end) for e in ents]  # noqa: E731
    if left_src and left_tgt:
        return [finding("NE", "major", f"entities differ: {names(left_src)} in the source, "
                        f"{names(left_tgt)} in the target", CHECK,
                        src=spans(left_src), tgt=spans(left_tgt))]
    # a name on one side only, and on the other a name-like word with no counterpart: a swap
    stray_src = stray_names(pair, "src") if left_tgt else []
    stray_tgt = stray_names(pair, "tgt") if left_src else []
    if left_src and stray_tgt:
        return [finding("NE", "major", f"entities differ: {names(left_src)} in the source, "
                        f"{names(stray_tgt)} in the target", CHECK,
                        src=spans(left_src), tgt=spans(stray_tgt))]
    if left_tgt and stray_src:
        return [finding("NE", "major", f"entities differ: {names(stray_src)} in the source, "
                        f"{names(left_tgt)} in the target", CHECK,
                        src=spans(stray_src), tgt=spans(left_tgt))]
    if left_src:
        return [finding("NE", "minor", f"entity not in the target: {names(left_src)}", CHECK,
                        src=spans(left_src))]
    if left_tgt:
        return [finding("NE", "minor", f"entity not in the source: {names(left_tgt)}", CHECK,
                        tgt=spans(left_tgt))]
    return []
