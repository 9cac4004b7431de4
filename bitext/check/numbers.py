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
from bitext.entities.values import (
    CURRENCY_SCALE_ABBR,
    EN_MONTH_ABBR,
    EN_MULTIPLIERS,
    EN_NUMBER_WORDS,
    MONTHS,
    SCALE_ABBR,
    UNIT_STEMS,
    digit_readings,
)
from bitext.records import Finding

CHECK = "numbers"


@dataclass(frozen=True)
class NumbersConfig:
    """No parameters of its own (its word lists are part of its code)."""

_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
# numbers keep their separators as one token (2,000 / %12,5), words keep apostrophe suffixes
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?:['’]\w+)?|\w+(?:['’]\w+)*")
_TIME_RE = {"en": re.compile(r"\b(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?", re.I),
            "tr": re.compile(r"\b(\d{1,2})[:.](\d{2})(?![.,]?\d)")}
# number and scale words; "one"/"bir" are left out (see _ONE), "dozen" is English's 12
_WORDS = {
    "tr": {**{k: v for k, v in turkish.TR_NUMBER_WORDS.items() if k != "bir"}, **turkish.TR_MULTIPLIERS},
    "en": {**{k: v for k, v in EN_NUMBER_WORDS.items() if v != 1}, **EN_MULTIPLIERS, "dozen": 12},
}
_ONE = {"tr": "bir", "en": "one"}  # "one"/"bir" alone is usually an article; counted before a scale
_TR_MONTH_UNIT = re.compile(r"^ay(?:$|[ıi]$|d[aı]|l[ıi]k|lar|[ıi]n)")  # ay = month, not "ayrıca"


@dataclass(frozen=True)
class Mention:
    values: frozenset[float]
    start: int
    end: int
    spelled: bool  # written in words (weaker evidence)
    unit: str = ""


def _unit(ws: list[Word], i: int, lang: str) -> str:
    if i >= len(ws):
        return ""
    w = ws[i].fold
    if lang == "tr" and _TR_MONTH_UNIT.match(w):
        return "month"
    return next((u for stem, u in UNIT_STEMS.get(lang, ()) if w.startswith(stem)), "")


def tokens(text: str, lang: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end(), turkish.casefold(m.group(), lang))
            for m in _TOKEN_RE.finditer(text)]


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


def _scale(word: str, table: dict, lang: str) -> float:
    """Value of a scale word, Turkish case suffixes allowed (milyondan)."""
    if word in table:
        return table[word]
    if lang == "tr":
        return next((v for k, v in table.items() if v >= 10**6 and word.startswith(k)), 0)
    return 0


def mentions(text: str, ws: list[Word], lang: str) -> list[Mention]:
    """Numbers (digits or words, with scale words), months next to a number, clock times."""
    table, months = _WORDS.get(lang, {}), MONTHS.get(lang, ())
    out = _times(text, lang)
    taken = [(m.start, m.end) for m in out]
    ws = [w for w in ws if not any(a <= w.start < b for a, b in taken)]
    i = 0
    while i < len(ws):
        w = ws[i]
        base = w.fold.split("'")[0].split("’")[0]
        stem = turkish.number_stem(base) if lang == "tr" and base not in table else None
        if stem is not None:  # beşi, dördü: "five of", "four of"; no number word follows a suffix
            out.append(Mention(frozenset({float(table[stem])}), w.start, w.end, True, _unit(ws, i + 1, lang)))
            i += 1
            continue
        digits = _DIGITS_RE.fullmatch(re.sub(r"(st|nd|rd|th|s)$", "", base)) if base[:1].isdigit() else None
        if digits or base in table or (base == _ONE.get(lang) and i + 1 < len(ws)
                                       and table.get(ws[i + 1].fold, 0) >= 100):
            j, total, current = i, 0.0, 0.0
            values: set[float] = set()
            if digits:
                values, j = digit_readings(digits.group(), lang), i + 1
                abbr = _scale_abbr(text, w, ws[j] if j < len(ws) else None, lang)
                if abbr:  # €4m, $10.75bn: one number
                    values, j = {v * abbr for v in values}, j + 1
                before = text[max(0, w.start - 5):w.start]
                if len(digits.group()) == 2 and re.fullmatch(r"\d{4}[-–]", before):  # 1950-53
                    values.add(float(before[:2] + digits.group()))
            glued = j
            while j < len(ws):
                fold = ws[j].fold
                scale, last = _scale(fold, table, lang), _last_unit(ws[j], current, lang)
                if not (fold in table or (j == i and fold == _ONE.get(lang)) or scale or last):
                    break
                v = scale or table.get(fold, last or 1)
                if digits and v < 100:  # "1976, thirty": a digit number takes only scale words
                    break
                if last:  # "on bir", "elli sekizi": a unit after a tens word ends the number
                    current += v
                    j += 1
                    break
                if v >= 1000:
                    total += max(current, 1) * v
                    current = 0
                elif v == 100:
                    current = max(current, 1) * 100
                else:
                    current += v
                j += 1
            if digits and j > glued:  # "2 milyon", "2.5 million"
                scale = total + current
                values = {v * scale for v in values}
            elif not digits:
                values = {total + current}
            weak = not digits or _tr_ordinal(text, w, lang)
            end = ws[j - 1].end
            unit = _unit(ws, j, lang) or _percent_unit(text, w.start, end, lang)
            out.append(Mention(frozenset(values), w.start, end, weak, unit))
            i = max(j, i + 1)  # a scale word with a suffix (j == i) must not loop forever
            continue
        if base in months and _next_to_number(ws, i):
            out.append(Mention(frozenset({-(months.index(base) + 1.0)}), w.start, w.end, False, "month-name"))
        i += 1
    return out


# scale abbreviations written onto English digits (values.SCALE_ABBR always,
# values.CURRENCY_SCALE_ABBR only after one of these signs: a bare 4m is four metres)
CURRENCY_SIGNS = "€$£¥₺"


def _scale_abbr(text: str, w: Word, nxt: Word | None, lang: str) -> float:
    """The scale of an abbreviation glued to the digits ``w`` (English), else 0."""
    if lang != "en" or nxt is None or nxt.start != w.end:
        return 0.0
    if nxt.fold in SCALE_ABBR:
        return SCALE_ABBR[nxt.fold]
    after_sign = text[max(0, w.start - 1):w.start] in tuple(CURRENCY_SIGNS)
    return CURRENCY_SCALE_ABBR.get(nxt.fold, 0.0) if after_sign else 0.0


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


def _last_unit(w: Word, current: float, lang: str) -> int:
    """The value of a unit that ends a Turkish number after a tens word: ``bir`` (on bir = 11) or
    a suffixed unit (elli sekizi = 58 of them); else 0."""
    if lang != "tr" or not current or current % 10 or current >= 100:
        return 0
    stem = "bir" if w.fold == "bir" else turkish.number_stem(w.fold)
    return turkish.TR_NUMBER_WORDS[stem] if stem and turkish.TR_NUMBER_WORDS[stem] < 10 else 0


def _tr_ordinal(text: str, w: Word, lang: str) -> bool:
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


def _next_to_number(ws: list[Word], i: int) -> bool:
    return any(0 <= k < len(ws) and ws[k].text[:1].isdigit() for k in (i - 1, i + 1))


@register(CHECK, config=NumbersConfig, provides=("NUM",), scored=True, sure=True)
def check(pair: PairInput, cfg: NumbersConfig) -> list[Finding]:
    src = mentions(pair.src, tokens(pair.src, pair.src_lang), pair.src_lang)
    tgt = mentions(pair.tgt, tokens(pair.tgt, pair.tgt_lang), pair.tgt_lang)
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
    for m, t in zip(left_src, free):
        # two number words that differ are a changed number too, unless one is a 0 or 1 (an
        # article or a pronoun as often as a number)
        spelled_only = m.spelled and t.spelled and min(min(m.values), min(t.values)) < 2
        findings.append(finding(
            "NUM", "minor" if spelled_only else "major",
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


def _unit_end(text: str, m: Mention) -> int:
    match = re.compile(r"\s*\w+").match(text, m.end)
    return match.end() if match else m.end
