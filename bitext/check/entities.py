"""NE: named entities missing or changed between the sides (keys from ``bitext.entities``).

When the names of the two sides differ, what decides the severity is whether the Turkish side's
name could have been translated. A name spelled as Turkish words with no known key (Timsah Nehri,
Maliye Bakanlığı) may well be rendered in other words (Crocodile River, the Treasury): minor. A
known entity (a key: Ermenistan, AGİT) or a foreign name (Villarreal, Simpson'ın) is not
translated but carried over, so when it is gone and another name stands in its place the pair is
wrong: major. Numbers, dates and amounts are left to :mod:`bitext.check.numbers`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from bitext import turkish
from bitext.check.context import PairInput, Word, finding
from bitext.check.registry import register
from bitext.entities.values import DAYS, MONTHS
from bitext.records import Entity, Finding

CHECK = "entities"


@dataclass(frozen=True)
class EntitiesConfig:
    aligned_sim: float = 0.6  # an unmatched name this close to a word of the other side was translated
    name_sim: float = 0.86  # unmatched names on both sides this close (sentence encoder) too
    foreign_name: float = 0.1  # a Turkish-side name lingua gives less Turkish confidence is foreign
    name_translated: float = 0.85  # ... unless a name of the other side is this close (encoder)
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


def _name_sims(names: list[str], others: list[str], encoder):
    """Cosine of each name to each other name, encoded on their own; None without the encoder."""
    return None if encoder is None else encoder.encode(names) @ encoder.encode(others).T


def _translated_names(src: list[Entity], tgt: list[Entity], cfg: EntitiesConfig,
                      encoder) -> tuple[list[Entity], list[Entity]]:
    """Drop unmatched names whose texts the encoder deems translations (Güney Kafkasya ~ Caucasus)."""
    sim = _name_sims([e.text for e in src], [e.text for e in tgt], encoder)
    if sim is None:
        return src, tgt
    drop_s = {i for i in range(len(src)) if sim[i].max() >= cfg.name_sim}
    drop_t = {j for j in range(len(tgt)) if sim[:, j].max() >= cfg.name_sim}
    return ([e for i, e in enumerate(src) if i not in drop_s],
            [e for j, e in enumerate(tgt) if j not in drop_t])


# English capitalises these, Turkish does not: not names
_CALENDAR = set(MONTHS["en"]) | set(DAYS["en"])
# days and months (both languages) are dates, left to the numbers check, not names
_DATE_WORDS = _CALENDAR | set(MONTHS["tr"]) | set(DAYS["tr"])


def _is_date(ent: Entity, lang: str) -> bool:
    """A name-labelled mention made of a day or month name (Perşembe, Ocak'tan, Thursday)."""
    return any(_fold_word(w, lang) in _DATE_WORDS for w in re.findall(r"\w+(?:['’]\w+)?", ent.text))


def _bare(word: str) -> str:
    """A word without its apostrophe suffix (Simpson'ın → Simpson)."""
    return turkish.split_apostrophe(word)[0]


def _fold_word(word: str, lang: str) -> str:
    return turkish.casefold(_bare(word), lang)


_SENTENCE_START = re.compile(r"(^|[.!?:;\"“‘'(]\s*)$")


def _fold(word: str, lang: str) -> str:
    return turkish.ascii_fold(_fold_word(word, lang))


def _stem(word: str, lang: str) -> str:
    """A name's comparable stem: ASCII-folded, Turkish case suffix after the apostrophe dropped."""
    return _fold(word, lang)[:4]


def _sides(pair: PairInput, side: str):
    """(words, text, lang) of ``side`` and of the other side."""
    src, tgt = (pair.src_words, pair.src, pair.src_lang), (pair.tgt_words, pair.tgt, pair.tgt_lang)
    return (src, tgt) if side == "src" else (tgt, src)


def _overlaps(w: Word, ents) -> bool:
    return any(e.start < w.end and w.start < e.end for e in ents)


def _spelled_alike(name: str, lang: str, other: list[Word], other_lang: str) -> bool:
    """A word of the name (3+ letters) spelled nearly like a word of the other side, ASCII-folded:
    a transliteration (Moğol = Mongol, Uygur = Uighur), not a different name."""
    mine = [_fold(w, lang) for w in re.findall(r"\w+(?:['’]\w+)?", name)]
    theirs = {_fold(w.text, other_lang) for w in other if len(w.text) >= 3 and w.text[:1].isupper()}
    return any(len(a) >= 3 and SequenceMatcher(None, a, b).ratio() >= 0.7 for a in mine for b in theirs)


def _name_like(w: Word) -> bool:
    """Capitalised, three letters or more, not a day or month."""
    return w.text[:1].isupper() and len(w.text) >= 3 and w.fold not in _CALENDAR


def stray_names(pair: PairInput, side: str, aligned_sim: float | None = None) -> list[Word]:
    """Capitalised words inside a sentence that are in no recognised entity (names the recogniser
    missed) whose stem occurs nowhere on the other side and that no word of the other side aligns
    closely (at ``aligned_sim``, when given)."""
    (ws, text, lang), (other_words, _, other_lang) = _sides(pair, side)
    other = {_stem(w.text, other_lang) for w in other_words}
    sem = None if pair.semantic is None or aligned_sim is None else \
        (pair.semantic.src if side == "src" else pair.semantic.tgt)
    known = pair.entities[0 if side == "src" else 1]
    out = []
    for w in ws:
        if not _name_like(w) or _SENTENCE_START.search(text[:w.start]) or _overlaps(w, known):
            continue
        if _stem(w.text, lang) in other or (sem is not None and _aligned(sem, w, aligned_sim)) \
                or _spelled_alike(w.text, lang, other_words, other_lang):
            continue
        out.append(w)
    return out


def _name_runs(ws: list[Word], text: str) -> list[list[Word]]:
    """Runs of capitalised words next to each other (King Sejong, Kirby Muxloe Castle)."""
    runs: list[list[Word]] = []
    for w in ws:
        if not w.text[:1].isupper():
            continue
        if runs and not text[runs[-1][-1].end:w.start].strip() and _bare(runs[-1][-1].text) == runs[-1][-1].text:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _foreign(w: Word, text: str, threshold: float) -> bool:
    """A capitalised word (not an abbreviation) inside a sentence, or with an apostrophe suffix,
    that hardly looks Turkish (lingua): a foreign name, which a translation carries over."""
    from bitext.langid import confidence
    stem = _bare(w.text)
    return (len(stem) >= 3 and stem[:1].isupper() and not stem.isupper() and w.fold not in _DATE_WORDS
            and (stem != w.text or not _SENTENCE_START.search(text[:w.start]))
            and confidence(stem, "tr") < threshold)


def _translated(words: list[Word], other: list[list[Word]], cfg: EntitiesConfig,
                encoder) -> list[bool]:
    """Per word, whether the encoder finds a name of the other side (a run of capitalised words
    or one of them) close to it on its own (Atina ~ Athens, Mars ~ Earth): translated, not lost."""
    names = sorted({" ".join(_bare(w.text) for w in run) for run in other} |
                   {_bare(w.text) for run in other for w in run})
    sim = _name_sims([_bare(w.text) for w in words], names, encoder) if words and names else None
    if sim is None:
        return [False] * len(words)
    return [bool(row.max() >= cfg.name_translated) for row in sim]


def _new_names(pair: PairInput, side: str, entities: list[Entity]) -> list:
    """Unmatched entities and name-like words of ``side`` that the other side has nothing like;
    of an entity partly spelled alike (Jeane Jin Dynasty for Jeane Freeman), its new words."""
    (ws, _, lang), (other, _, other_lang) = _sides(pair, side)
    stems = {_stem(w.text, other_lang) for w in other}

    def new(text: str) -> bool:
        return not _spelled_alike(text, lang, other, other_lang) and not all(
            _stem(w, lang) in stems for w in re.findall(r"\w+", text))
    out: list = []
    alike: list[Entity] = []
    for e in entities:
        (out if new(e.text) else alike).append(e)
    out += [w for w in ws if _name_like(w) and _overlaps(w, alike) and new(w.text)]
    return out + stray_names(pair, side)


def gone_names(pair: PairInput, side: str, cfg: EntitiesConfig) -> list[Word]:
    """Foreign names on the Turkish ``side`` (outside entities with a key) that the other side
    neither spells alike nor translates: carried over by a faithful translation, so lost here."""
    (ws, text, lang), (other, other_text, other_lang) = _sides(pair, side)
    keyed = [e for e in pair.entities[0 if side == "src" else 1] if e.key is not None]
    gone = [w for w in ws if not _overlaps(w, keyed) and _foreign(w, text, cfg.foreign_name)
            and not _spelled_alike(w.text, lang, other, other_lang)]
    other_runs = _name_runs(other, other_text)
    return [w for w, done in zip(gone, _translated(gone, other_runs, cfg, pair.context.encoder)) if not done]


# labels that fill the same role in a sentence: a country for a city is still a place swapped
_ROLE = {"GPE": "place", "LOC": "place", "FAC": "place"}


def key_swaps(left_src: list[Entity], left_tgt: list[Entity]) -> list[tuple[Entity, Entity]]:
    """Unmatched entities with known keys, one per side, of the same role (person, place,
    organisation ...) and different keys: swapped (Ermenistan GPE:AM for Azerbaijan GPE:AZ).
    Keys are facts; name similarity never overrides them."""
    role = lambda e: _ROLE.get(e.label, e.label)  # noqa: E731
    tgt = [e for e in left_tgt if e.key is not None]
    out = []
    for a in (e for e in left_src if e.key is not None):
        b = next((e for e in tgt if role(e) == role(a) and e.key != a.key), None)
        if b is not None:
            out.append((a, b))
            tgt.remove(b)
    return out


_CAP = r"[A-ZÇĞİÖŞÜ][\w'’.&-]*"
_ITEM = rf"(?:(?:the|The)\s+)?{_CAP}(?:\s+(?:of\s+)?{_CAP}){{0,3}}"
# a list of names: "CBS, ABC, NBC ile MSNBC", "the Web Foundation, the ODI and the Internet Society"
_NAME_LIST = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+(?:and|or|ve|ile|veya|ya da|&)\s+{_ITEM}")
_LIST_SEP = re.compile(r"\s*,\s*|\s*,?\s+(?:and|or|ve|ile|veya|ya da|&)\s+")


def name_lists(text: str) -> list[tuple[int, int, set[int]]]:
    """(start, end, possible item counts) of the lists of capitalised names in ``text``. A name
    opening the sentence before a comma may be the subject instead ("Bay Park, Kuzey Kore ve Çin
    ..."): then both counts are possible."""
    out = []
    for m in _NAME_LIST.finditer(text):
        items = [x for x in _LIST_SEP.split(m.group()) if x.strip()]
        counts = {len(items)}
        if not text[:m.start()].strip() and m.group()[len(items[0]):].lstrip().startswith(","):
            counts.add(len(items) - 1)
        out.append((m.start(), m.end(), counts))
    return out


def list_members(pair: PairInput) -> list[Finding]:
    """The longest list of names on each side (three items or more on one): a member fewer in the
    target is an omission, one more an addition, when no reading of the counts agrees (major;
    counts are facts)."""
    longest = lambda lists: max(lists, key=lambda x: max(x[2]), default=None)  # noqa: E731
    a, b = longest(name_lists(pair.src)), longest(name_lists(pair.tgt))
    if a is None or b is None or a[2] & b[2] or max(a[2] | b[2]) < 3:
        return []
    na, nb = max(a[2]), max(b[2])
    cat, what = ("DEL", "fewer") if nb < na else ("ADD", "more")
    return [finding(cat, "major", f"a list of {na} names in the source has {nb} in the target "
                    f"({what} members)", CHECK, src=[(a[0], a[1])], tgt=[(b[0], b[1])])]


@register(CHECK, config=EntitiesConfig, needs=("entities",),
          provides=("NE", "DEL", "ADD"), scored=True, sure=True)
def check(pair: PairInput, cfg: EntitiesConfig) -> list[Finding]:
    return list_members(pair) + _names_check(pair, cfg)


def _names_check(pair: PairInput, cfg: EntitiesConfig) -> list[Finding]:
    src, tgt = pair.entities
    src = tuple(e for e in src if e.label in NAME_LABELS and not _is_date(e, pair.src_lang))
    tgt = tuple(e for e in tgt if e.label in NAME_LABELS and not _is_date(e, pair.tgt_lang))
    left_src, left_tgt = _unmatched(src, tgt) if src or tgt else ([], [])
    raw_src, raw_tgt = left_src, left_tgt
    swaps = key_swaps(left_src, left_tgt)
    if swaps:  # facts: two different known keys in one role, whatever the encoder finds alike
        a, b = [x for x, _ in swaps], [y for _, y in swaps]
        return [finding("NE", "major", "different entities: " + "; ".join(
            f"{x.text} ({x.key}) in the source, {y.text} ({y.key}) in the target" for x, y in swaps),
            CHECK, src=[(e.start, e.end) for e in a], tgt=[(e.start, e.end) for e in b])]
    if pair.semantic is not None:  # a name whose words align closely was translated, not changed
        left_src = [e for e in left_src if not _aligned(pair.semantic.src, e, cfg.aligned_sim)]
        left_tgt = [e for e in left_tgt if not _aligned(pair.semantic.tgt, e, cfg.aligned_sim)]
    left_src = [e for e in left_src if not _spelled_alike(e.text, pair.src_lang, pair.tgt_words, pair.tgt_lang)]
    left_tgt = [e for e in left_tgt if not _spelled_alike(e.text, pair.tgt_lang, pair.src_words, pair.src_lang)]
    if left_src and left_tgt:
        left_src, left_tgt = _translated_names(left_src, left_tgt, cfg, pair.context.encoder)
    names = lambda ents: ", ".join(e.text for e in ents)  # noqa: E731
    spans = lambda ents: [(e.start, e.end) for e in ents]  # noqa: E731
    differ = lambda a, b, sev, what="entities differ": [finding(  # noqa: E731
        "NE", sev, f"{what}: {names(a)} in the source, {names(b)} in the target", CHECK,
        src=spans(a), tgt=spans(b))]
    # a foreign name of the Turkish side is gone, and another name stands on the other side
    tr_side = "src" if pair.src_lang == "tr" else "tgt" if pair.tgt_lang == "tr" else None
    if tr_side is not None:
        gone = gone_names(pair, tr_side, cfg)
        other = "tgt" if tr_side == "src" else "src"
        new = _new_names(pair, other, raw_tgt if other == "tgt" else raw_src) if gone else []
        if new and pair.semantic is not None:  # "Olympics" for "olimpiyatlarda": translated
            sem = pair.semantic.tgt if other == "tgt" else pair.semantic.src
            new = [e for e in new if not _aligned(sem, e, cfg.aligned_sim)]
        if new:
            return differ(gone, new, "major") if tr_side == "src" else differ(new, gone, "major")
    # names with no counterpart on both sides, an entity or a name-like word the recogniser
    # missed (capitalised inside a sentence, its stem nowhere on the other side): a swap when both
    # are known entities (keys: Ermenistan for Azerbaijan) or there is no Turkish side to judge
    # the spelling by; otherwise perhaps a name translated in other words: minor
    a = left_src or stray_names(pair, "src", cfg.aligned_sim)
    b = left_tgt or stray_names(pair, "tgt", cfg.aligned_sim)
    if a and b:
        keyed = lambda ents: any(getattr(e, "key", None) is not None for e in ents)  # noqa: E731
        if tr_side is None or (keyed(a) and keyed(b)):
            return differ(a, b, "major")
        if left_src or left_tgt:
            return differ(a, b, "minor", "names differ (or one is translated in other words)")
    if left_src:
        return [finding("NE", "minor", f"entity not in the target: {names(left_src)}", CHECK,
                        src=spans(left_src))]
    if left_tgt:
        return [finding("NE", "minor", f"entity not in the source: {names(left_tgt)}", CHECK,
                        tgt=spans(left_tgt))]
    return []
