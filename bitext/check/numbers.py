"""NUM: numbers, percentages, amounts, dates and time units that differ between the sides.

Formats are compared by value: 2.000 = 2,000; %12,5 = 12.5%; 27 Temmuz 2021 = July 27, 2021;
iki = two; a unit after a number must agree (hafta = week, not month).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bitext import turkish
from bitext.check.context import PairInput, Word, finding
from bitext.check.registry import register
from bitext.entities.tokens import Tok, tokenize
from bitext.entities.values import EN_MONTH_ABBR, MONTHS, UNIT_STEMS, read_number
from bitext.records import Finding

CHECK = "numbers"


@dataclass(frozen=True)
class NumbersConfig:
    """No parameters of its own (its word lists are part of its code)."""


_TIME_RE = {"en": re.compile(r"\b(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?", re.I),
            "tr": re.compile(r"\b(\d{1,2})[:.](\d{2})(?![.,]?\d)")}
_TR_MONTH_UNIT = re.compile(r"^ay(?:$|[ıi]$|d[aı]|l[ıi]k|lar|[ıi]n)")  # ay = month, not "ayrıca"


@dataclass(frozen=True)
class Mention:
    values: frozenset[float]
    start: int
    end: int
    spelled: bool  # written in words (weaker evidence)
    unit: str = ""


def _glued_tail(tok: Tok) -> bool:
    """A token glued to the number before it that is not a word of its own: 14-year, 15th, 75."""
    return not tok.space_before and tok.fold in ("-", ".", "st", "nd", "rd", "th")


def _unit(ws: list[Tok], i: int, lang: str) -> str:
    while i + 1 < len(ws) and _glued_tail(ws[i]):
        i += 1
    if i >= len(ws) or ws[i].kind != "word":
        return ""
    w = ws[i].fold
    if lang == "tr" and _TR_MONTH_UNIT.match(w):
        return "month"
    return next((u for stem, u in UNIT_STEMS.get(lang, ()) if w.startswith(stem)), "")


def _times(text: str, lang: str) -> list[Mention]:
    """Clock times (22.00, 22:08, 10:08 p.m.) as one value each, 12/24-hour readings both."""
    out = []
    for m in _TIME_RE.get(lang, re.compile(r"$^")).finditer(text):
        h, mm = int(m.group(1)), int(m.group(2))
        if h > 24 or mm > 59:
            continue
        pm = lang == "en" and (m.group(3) or "").lower() == "p"
        hours = {h + 12 if pm and h < 12 else h} if lang == "en" and m.group(3) else {h, h % 12, h % 12 + 12}
        out.append(Mention(frozenset(-1000 - (x * 100 + mm) for x in hours), m.start(), m.end(), False, "time"))
    return out


def mentions(text: str, lang: str) -> list[Mention]:
    """Numbers (values.read_number: digits or words, with scale words), months next to a
    number, clock times."""
    months = MONTHS.get(lang, ())
    out = _times(text, lang)
    taken = [(m.start, m.end) for m in out]
    ws = [t for t in tokenize(text, lang) if not any(a <= t.start < b for a, b in taken)]
    i = 0
    while i < len(ws):
        w = ws[i]
        stem = turkish.number_stem(w.fold) if lang == "tr" and w.kind == "word" else None
        if stem is not None:  # beşi, dördü: "five of", "four of"
            value = float(turkish.TR_NUMBER_WORDS[stem])
            out.append(Mention(frozenset({value}), w.start, w.end, True, _unit(ws, i + 1, lang)))
            i += 1
            continue
        n = read_number(ws, i, lang)
        if n is not None:
            values = set(n.readings)
            before = text[max(0, w.start - 5):w.start]
            if not n.spelled and re.fullmatch(r"\d\d", w.text) and re.fullmatch(r"\d{4}[-–]", before):
                values.add(float(before[:2] + w.text))  # 1950-53
            end = ws[n.end - 1].end
            unit = _unit(ws, n.end, lang) or _percent_unit(text, w.start, end, lang)
            out.append(Mention(frozenset(values), w.start, end, n.spelled or _tr_ordinal(text, w, lang), unit))
            i = n.end
            continue
        if w.fold in months and _next_to_number(ws, i):
            out.append(Mention(frozenset({-(months.index(w.fold) + 1.0)}), w.start, w.end, False, "month-name"))
        i += 1
    return out


# per cent against percentage points: "yüzde 5" / "%5" / "5 percent" are a share, "5 puan" /
# "5 percentage points" a change of one
_PCT_BEFORE = {"tr": re.compile(r"(%|\byüzde\s*)$", re.I), "en": re.compile(r"$^")}
_PCT_AFTER = {"tr": re.compile(r"^\s*%"), "en": re.compile(r"^\s*(%|percent\b|per\s+cent\b)", re.I)}
_POINTS_AFTER = {"tr": re.compile(r"^['’]?\w*\s+(baz\s+)?puan", re.I),
                 "en": re.compile(r"^\s*(percentage[\s-]+points?|basis\s+points?|points?\b|pts\b)", re.I)}


def _percent_unit(text: str, start: int, end: int, lang: str) -> str:
    """"point" for percentage (or basis) points, "percent" for a share, else ""."""
    if lang not in _PCT_AFTER:
        return ""
    after = text[end:end + 40]
    if _POINTS_AFTER[lang].match(after) or (lang == "tr" and re.match(r"^\s+(baz\s+)?puan", after)):
        return "point"
    if _PCT_AFTER[lang].match(after) or _PCT_BEFORE[lang].search(text[max(0, start - 7):start]):
        return "percent"
    return ""


def _tr_ordinal(text: str, w: Tok, lang: str) -> bool:
    """A Turkish ordinal written "1. Dünya Savaşı", "15. yüzyıl": English may use I or fifteenth."""
    return lang == "tr" and len(w.text) <= 2 and bool(re.match(r"\.\s+\w", text[w.end:w.end + 3]))


def _month_names(ws: list[Word], lang: str) -> set[float]:
    """Month values named anywhere on a side (English abbreviations too: 1 Jan)."""
    out = set()
    for w in ws:
        base = re.split(r"['’.]", w.fold)[0]
        for k, name in enumerate(MONTHS.get(lang, ())):
            if base == name or (lang == "en" and len(base) >= 3 and name.startswith(base)
                                and base in EN_MONTH_ABBR):
                out.add(-(k + 1.0))
    return out


def _next_to_number(ws: list[Tok], i: int) -> bool:
    """The nearest word or number on either side of token ``i`` is a number (5 May, May, 2015)."""
    def near(step: int) -> bool:
        k = i + step
        while 0 <= k < len(ws) and (ws[k].kind == "punct" or _glued_tail(ws[k])):
            k += step
        return 0 <= k < len(ws) and ws[k].kind == "num"
    return near(-1) or near(1)


@register(CHECK, config=NumbersConfig, provides=("NUM",), scored=True, sure=True)
def check(pair: PairInput, cfg: NumbersConfig) -> list[Finding]:
    src = mentions(pair.src, pair.src_lang)
    tgt = mentions(pair.tgt, pair.tgt_lang)
    # a month next to a number on one side, named without one on the other (Ocak ayında = in January)
    src_months, tgt_months = _month_names(pair.src_words, pair.src_lang), _month_names(pair.tgt_words, pair.tgt_lang)
    src = [m for m in src if m.unit != "month-name" or not m.values & tgt_months]
    tgt = [m for m in tgt if m.unit != "month-name" or not m.values & src_months]
    free = list(tgt)
    left_src: list[Mention] = []
    findings: list[Finding] = []
    for m in src:
        hit = next((t for t in free if m.values & t.values), None)
        if hit is None:
            left_src.append(m)
            continue
        free.remove(hit)
        if m.unit and hit.unit and m.unit != hit.unit and not {"month-name", "time"} & {m.unit, hit.unit}:
            findings.append(finding(
                "NUM", "major", "per cent in one side, percentage points in the other"
                if {m.unit, hit.unit} == {"percent", "point"} else
                f"unit differs: {m.unit} in source, {hit.unit} in target", CHECK,
                src=[(m.start, _unit_end(pair.src, m))], tgt=[(hit.start, _unit_end(pair.tgt, hit))]))
    # a spelled 0 or 1 left over is an article, a pronoun or a score (iki sıfır) as often as a number
    left_src, free = [m for m in left_src if not _weak_small(m)], [t for t in free if not _weak_small(t)]
    for m, t in zip(left_src, free):
        findings.append(finding(
            "NUM", "major",
            f"number differs: {pair.src[m.start:m.end]!r} in source, {pair.tgt[t.start:t.end]!r} in target",
            CHECK, src=[(m.start, m.end)], tgt=[(t.start, t.end)]))
    for m in left_src[len(free):]:
        findings.append(finding("NUM", "minor" if m.spelled else "major",
                                f"number {pair.src[m.start:m.end]!r} missing from the target", CHECK,
                                src=[(m.start, m.end)]))
    for t in free[len(left_src):]:
        in_brackets = pair.tgt.rfind("(", 0, t.start) > pair.tgt.rfind(")", 0, t.start)
        findings.append(finding("NUM", "minor" if t.spelled or in_brackets else "major",
                                f"number {pair.tgt[t.start:t.end]!r} not in the source", CHECK,
                                tgt=[(t.start, t.end)]))
    return findings


def _weak_small(m: Mention) -> bool:
    return m.spelled and max(m.values) < 2


def _unit_end(text: str, m: Mention) -> int:
    match = re.compile(r"\s*\w+").match(text, m.end)
    return match.end() if match else m.end
