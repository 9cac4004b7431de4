"""DATE, CARDINAL, PERCENT, MONEY and QUANTITY in Turkish and English, with normalised keys.

Works on ``tokens.Tok`` lists; every match is a ``Cand`` over a token range. Keys:
``DATE:2021-07-27``, ``DATE:2021-07``, ``DATE:1997``, ``DATE:1990s``, ``DATE:C16`` (century),
``DATE:P6W`` (a duration, ISO 8601), ``DATE:REL-1Y`` (last year) / ``DATE:REL0Y`` (this year) /
``DATE:REL~Y`` (recent years), ``CARDINAL:2000``, ``CARDINAL:~1000`` (thousands),
``PERCENT:12.5``, ``MONEY:4500000000 USD``, ``QUANTITY:300 km``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bitext.entities.tokens import Tok
from bitext.entities.values import (
    CURRENCIES,
    MONTH_NUMBER,
    QUANTITY_UNITS,
    SYMBOLS,
    TIME_UNITS,
    format_value,
    read_number,
)

# Turkish inflections allowed glued to a unit word: haftalık, yıllık, yıldır, yıllarda ...
_TR_UNIT_TAIL = re.compile(r"(?:l[ıiuü]k|l[ae]r|d[ıiuü]r|t[ıiuü]r|d[ae]|t[ae]|[ıiuü]|[ıiuü]n|ki)*")
_TR_POSSESSIVE = re.compile(r"[ıiuü](?:n|nd[ae]|n[ıiuü]n|nd[ae]ki)?")  # 991 yılında: year 991
_EN_UNIT_TAIL = re.compile(r"s?")
RELATIVE = {
    "en": {"last": "-1", "past": "~", "previous": "-1", "this": "0", "next": "+1",
           "coming": "+1", "recent": "~"},
    "tr": {"geçen": "-1", "geçtiğimiz": "-1", "önceki": "-1", "bu": "0", "gelecek": "+1",
           "önümüzdeki": "+1", "ertesi": "+1", "son": "~"},
}
EN_ORDINALS = {w: i + 1 for i, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth"))}
EN_ORDINALS["twenty-first"] = 21
VAGUE_COUNTS = {
    "en": {"dozens": "~10", "hundreds": "~100", "thousands": "~1000", "millions": "~1000000",
           "billions": "~1000000000"},
    "tr": {"onlarca": "~10", "düzinelerce": "~10", "yüzlerce": "~100", "binlerce": "~1000",
           "milyonlarca": "~1000000", "milyarlarca": "~1000000000"},
}
PERCENT_WORDS = {"en": ("percent", "per cent", "pct"), "tr": ()}
FEW = {"en": {"few", "several", "many"}, "tr": {"birkaç", "birçok", "nice"}}
YEAR_RE = re.compile(r"(1[0-9]|20)\d\d")
DECADE_RE = re.compile(r"((?:1[0-9]|20)\d0)s")
_TR_DECADE_SUFFIX = re.compile(r"[’'ʼ](l[ae]r)")
_MAY_CUES = {"in", "of", "since", "until", "by", "early", "late", "mid", "last", "next", "this",
             "during", "from", "to", "through"}


def _en_ordinal_suffix(t: list[Tok], i: int) -> bool:
    """``15th``: token ``i`` (digits) is glued to st/nd/rd/th."""
    return t[i].kind == "num" and i + 1 < len(t) and not t[i + 1].space_before and \
        t[i + 1].fold in ("st", "nd", "rd", "th")


_URL_RE = re.compile(r"(?:https?://|www\.|doi:|\b10\.\d{4,}/)\S+")


@dataclass(frozen=True)
class Cand:
    """A candidate mention: characters ``[start, end)`` covering tokens ``[i, j)``."""

    start: int
    end: int
    label: str
    key: str | None
    i: int
    j: int
    prio: int = 0


class NumberScanner:
    """Finds numeric and temporal expressions in one token list."""

    def __init__(self, toks: list[Tok], lang: str):
        self.t, self.lang = toks, ("tr" if lang == "tr" else "en")
        self.units = TIME_UNITS[self.lang]

    # ---- small readers: each returns (value, next index) or None
    def number(self, i: int, *, allow_one: bool = False) -> tuple[float, int] | None:
        """The number at token ``i`` (values.read_number) as (value, next index); digits with a
        plural s (the 70s, Rugby 7s) are decades or names, not counts."""
        if i < len(self.t) and self.t[i].kind == "num" and self.t[i].text.endswith("s"):
            return None
        n = read_number(self.t, i, self.lang, allow_one=allow_one)
        return (n.value, n.end) if n is not None and n.value is not None else None

    def unit(self, j: int) -> tuple[str, int, int] | None:
        """A time unit at token ``j`` (possibly after a hyphen): (designator, multiplier, next)."""
        t = self.t
        if j < len(t) and t[j].text == "-" and not t[j].space_before:
            j += 1
        if j >= len(t) or t[j].kind != "word":
            return None
        w = t[j].fold
        tail = _TR_UNIT_TAIL if self.lang == "tr" else _EN_UNIT_TAIL
        for stem in sorted(self.units, key=len, reverse=True):
            if w.startswith(stem) and tail.fullmatch(w[len(stem):]):
                d, mult = self.units[stem]
                return d, mult, j + 1
        return None

    def month(self, i: int) -> int | None:
        t = self.t
        if i >= len(t) or t[i].kind != "word" or not t[i].cap:
            return None
        table = MONTH_NUMBER[self.lang]
        m = table.get(t[i].fold.rstrip("."))
        if m == 5 and self.lang == "en":  # "May": a date next to a number or after "in", ...
            near = [k for k in (i - 1, i + 1) if 0 <= k < len(t)]
            if not any(t[k].kind == "num" for k in near) and \
                    not (i > 0 and t[i - 1].fold in _MAY_CUES):
                return None
        return m

    def day(self, i: int) -> int | None:
        t = self.t
        if i < len(t) and t[i].kind == "num" and t[i].text.isdigit() and len(t[i].text) <= 2 \
                and 1 <= int(t[i].text) <= 31:
            return int(t[i].text)
        return None

    def year(self, i: int) -> int | None:
        t = self.t
        if i < len(t) and t[i].kind == "num" and YEAR_RE.fullmatch(t[i].text):
            return int(t[i].text)
        return None

    # ---- matchers: each returns a Cand or None
    def cand(self, i: int, j: int, label: str, key: str | None) -> Cand:
        end = self.t[j - 1].end
        last = self.t[j - 1]
        if label == "DATE" and self.lang == "tr" and (m := _TR_DECADE_SUFFIX.match(last.suffix)):
            end += m.end()  # 1990'larda → 1990'lar
        return Cand(self.t[i].start, end, label, key, i, j)

    def date(self, i: int) -> Cand | None:
        t, lang = self.t, self.lang
        if (d := self.day(i)) is not None and (m := self.month(i + 1)):  # 27 Temmuz 2021 / 27 July
            if (y := self.year(i + 2)) is not None:
                return self.cand(i, i + 3, "DATE", f"DATE:{y:04d}-{m:02d}-{d:02d}")
            return self.cand(i, i + 2, "DATE", f"DATE:--{m:02d}-{d:02d}")
        if m := self.month(i):
            k = i + 1
            if lang == "en" and (d := self.day(k)) is not None:  # July 27, 2021
                k2 = k + 1 + (k + 1 < len(t) and t[k + 1].text == ",")
                if (y := self.year(k2)) is not None:
                    return self.cand(i, k2 + 1, "DATE", f"DATE:{y:04d}-{m:02d}-{d:02d}")
                return self.cand(i, k + 1, "DATE", f"DATE:--{m:02d}-{d:02d}")
            if (y := self.year(k)) is not None:
                return self.cand(i, k + 1, "DATE", f"DATE:{y:04d}-{m:02d}")
            return self.cand(i, k, "DATE", f"DATE:--{m:02d}")
        if lang == "tr" and (y := self.year(i)) is not None and not t[i].suffix and \
                (m := self.month(i + 1)):  # 2017 Ocak
            return self.cand(i, i + 2, "DATE", f"DATE:{y:04d}-{m:02d}")
        if lang == "tr" and (y := self.year(i)) is not None and y % 10 == 0 and \
                re.fullmatch(r"[’'ʼ]l[ıiuü]", t[i].suffix) and i + 1 < len(t) and \
                t[i + 1].fold.startswith("yıllar"):  # 1990'lı yıllarda
            return Cand(t[i].start, t[i + 1].end, "DATE", f"DATE:{y}s", i, i + 2)
        if i < len(t) and t[i].kind == "num":
            if dm := DECADE_RE.fullmatch(t[i].text):
                return self.cand(i, i + 1, "DATE", f"DATE:{dm.group(1)}s")
            if (y := self.year(i)) is not None:
                nxt = t[i + 1] if i + 1 < len(t) else None
                if nxt is not None and nxt.text in ("%",) and not nxt.space_before:
                    return None
                if lang == "tr" and _TR_DECADE_SUFFIX.match(t[i].suffix) and y % 10 == 0:
                    return self.cand(i, i + 1, "DATE", f"DATE:{y}s")
                return self.cand(i, i + 1, "DATE", f"DATE:{y}")
        return self.century(i) or self.relative(i) or self.duration(i)

    def century(self, i: int) -> Cand | None:
        t = self.t
        if i >= len(t):
            return None
        n = None
        if self.lang == "en":
            n, nxt = EN_ORDINALS.get(t[i].fold), i + 1
            if _en_ordinal_suffix(t, i) and t[i].text.isdigit() and len(t[i].text) <= 3:
                n, nxt = int(t[i].text), i + 2
        elif t[i].kind == "num" and t[i].text.isdigit() and len(t[i].text) <= 3 and \
                i + 1 < len(t) and t[i + 1].text == ".":
            n, nxt = int(t[i].text), i + 2
        if n and (u := self.unit(nxt)) and u[1] == 100:
            return self.cand(i, u[2], "DATE", f"DATE:C{n}")
        return None

    def relative(self, i: int) -> Cand | None:
        t = self.t
        if i < len(t) and (rel := RELATIVE[self.lang].get(t[i].fold)) and (u := self.unit(i + 1)):
            if rel == "~" and self.lang == "en" and not t[u[2] - 1].fold.endswith("s"):
                return None
            return self.cand(i, u[2], "DATE", f"DATE:REL{rel}{u[0]}")
        return None

    def duration(self, i: int) -> Cand | None:
        t = self.t
        k = i + 1 if i < len(t) and t[i].fold == "a" and i + 1 < len(t) and t[i + 1].fold == "few" else i
        if k < len(t) and t[k].fold in FEW[self.lang] and (u := self.unit(k + 1)):
            return self.cand(i, u[2], "DATE", f"DATE:P~{u[0]}")  # a few years, birkaç yıl
        n = self.number(i, allow_one=True)
        if n and (u := self.unit(n[1])):
            if self.lang == "tr" and t[i].kind == "num" and n[1] == i + 1 and \
                    t[n[1]].fold.startswith("yıl") and _TR_POSSESSIVE.fullmatch(t[n[1]].fold[3:]):
                return self.cand(i, i + 1, "DATE", f"DATE:{format_value(n[0])}")
            value = n[0] * u[1]
            return self.cand(i, u[2], "DATE", f"DATE:P{format_value(value)}{u[0]}")
        return None

    def money(self, i: int) -> Cand | None:
        t = self.t
        if i < len(t) and t[i].text in SYMBOLS and (n := self.number(i + 1)):
            return self.cand(i, n[1], "MONEY", f"MONEY:{format_value(n[0])} {SYMBOLS[t[i].text]}")
        if n := self.number(i, allow_one=True):
            j = n[1]
            # "ABD doları" / "US dollars"
            if j + 1 < len(t) and t[j].fold in ("abd", "us", "u.s.") and \
                    t[j + 1].fold.startswith(("dolar", "dollar")):
                return self.cand(i, j + 2, "MONEY", f"MONEY:{format_value(n[0])} USD")
            if j < len(t):
                w = t[j].fold
                cur = CURRENCIES[self.lang].get(w)
                if cur is None and self.lang == "tr":
                    cur = next((c for s, c in CURRENCIES["tr"].items()
                                if len(s) > 3 and w.startswith(s)), None)
                if cur is None and t[j].text in SYMBOLS and t[i].kind == "num":
                    cur = SYMBOLS[t[j].text]
                if cur:
                    return self.cand(i, j + 1, "MONEY", f"MONEY:{format_value(n[0])} {cur}")
        return None

    def percent(self, i: int) -> Cand | None:
        t = self.t
        if i < len(t) and t[i].text == "%" and (n := self.number(i + 1)):
            return self.cand(i, n[1], "PERCENT", f"PERCENT:{format_value(n[0])}")
        if self.lang == "tr" and i < len(t) and t[i].fold == "yüzde" and \
                (n := self.number(i + 1, allow_one=True)):
            return self.cand(i, n[1], "PERCENT", f"PERCENT:{format_value(n[0])}")
        if n := self.number(i, allow_one=True):
            j = n[1]
            if j < len(t) and t[j].text == "%":
                return self.cand(i, j + 1, "PERCENT", f"PERCENT:{format_value(n[0])}")
            if self.lang == "en" and j < len(t):
                if t[j].fold in ("percent", "pct"):
                    return self.cand(i, j + 1, "PERCENT", f"PERCENT:{format_value(n[0])}")
                if t[j].fold == "per" and j + 1 < len(t) and t[j + 1].fold == "cent":
                    return self.cand(i, j + 2, "PERCENT", f"PERCENT:{format_value(n[0])}")
        return None

    def quantity(self, i: int) -> Cand | None:
        t = self.t
        if (n := self.number(i, allow_one=True)) and n[1] < len(t):
            u = QUANTITY_UNITS.get(t[n[1]].fold)
            if u:
                return self.cand(i, n[1] + 1, "QUANTITY", f"QUANTITY:{format_value(n[0])} {u}")
        return None

    def cardinal(self, i: int) -> Cand | None:
        t = self.t
        if i < len(t):
            vague = VAGUE_COUNTS[self.lang]
            if self.lang == "en" and t[i].fold == "tens" and i + 2 < len(t) and \
                    t[i + 1].fold == "of" and t[i + 2].fold in vague:
                return self.cand(i, i + 3, "CARDINAL", f"CARDINAL:~{vague[t[i + 2].fold][1:]}0")
            if self.lang == "tr" and t[i].fold == "on" and i + 1 < len(t) and t[i + 1].fold in vague:
                return self.cand(i, i + 2, "CARDINAL", f"CARDINAL:~{vague[t[i + 1].fold][1:]}0")
            if t[i].fold in vague:
                return self.cand(i, i + 1, "CARDINAL", f"CARDINAL:{vague[t[i].fold]}")
        if n := self.number(i):
            return self.cand(i, n[1], "CARDINAL", f"CARDINAL:{format_value(n[0])}")
        return None


def _tr_ordinal(toks: list[Tok], i: int) -> bool:
    """Turkish ``60. gol``: digits, a glued full stop, then a lower-case word."""
    return toks[i].kind == "num" and toks[i].text.isdigit() and i + 2 < len(toks) and \
        toks[i + 1].text == "." and not toks[i + 1].space_before and \
        toks[i + 2].kind == "word" and toks[i + 2].text[:1].islower()


def _tr_clock(toks: list[Tok], i: int) -> bool:
    """Turkish clock times: ``saat 11.00``, ``11.00'dan``, ``09.30'da``."""
    t = toks[i]
    m = re.fullmatch(r"([01]?\d|2[0-3])[.:]([0-5]\d)", t.text) if t.kind == "num" else None
    return bool(m) and (bool(t.suffix) or i > 0 and toks[i - 1].fold == "saat")


def _glued(toks: list[Tok], i: int) -> bool:
    """Token ``i`` is part of a code or identifier: S-400, F-35, 0000-0003-4159, 8MTV5, 21(3).

    Year ranges (2016-2018) and counts before a unit (2-week) are not codes.
    """
    t = toks[i]
    if t.kind != "num":
        return False

    def part(k: int) -> bool:  # a neighbour across a hyphen/slash that makes a code
        if not 0 <= k < len(toks):
            return False
        o = toks[k]
        if o.kind == "num":
            return not (YEAR_RE.fullmatch(o.text) and YEAR_RE.fullmatch(t.text))
        return o.kind == "word" and (o.cap or o.upper)

    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and not nxt.space_before and not t.suffix:
        if nxt.kind == "word":
            return nxt.fold not in ("st", "nd", "rd", "th")
        if nxt.text == ":" and i + 2 < len(toks) and toks[i + 2].kind == "num" \
                and not toks[i + 2].space_before:
            return True  # a clock time (11:00): TIME is not one of our types
        if nxt.text in "-–/(" and i + 2 < len(toks) and not toks[i + 2].space_before \
                and part(i + 2):
            return True
    prv = toks[i - 1] if i > 0 else None
    return prv is not None and not t.space_before and prv.text in "-–/(:" \
        and not prv.space_before and part(i - 2)


def find_numbers(toks: list[Tok], lang: str, text: str = "") -> list[Cand]:
    """All numeric and temporal mentions, left to right, non-overlapping.

    Numbers inside codes (S-400, ORCID 0000-0003-...), URLs and DOIs are skipped, as is
    Turkish ``her iki`` ("both").
    """
    scan = NumberScanner(toks, lang)
    urls = [m.span() for m in _URL_RE.finditer(text)]
    out: list[Cand] = []
    i = 0
    while i < len(toks):
        c = None
        if _glued(toks, i) or any(a <= toks[i].start < b for a, b in urls) or (
                lang == "tr" and toks[i].fold == "her" and i + 1 < len(toks)
                and toks[i + 1].fold == "iki"):
            i += 2 if toks[i].fold == "her" else 1
            continue
        if lang == "en" and _en_ordinal_suffix(toks, i) or lang == "tr" and _tr_ordinal(toks, i):
            c = scan.century(i)  # 15th century / 15. yüzyıl; other ordinals are no numbers
            if c is None:
                i += 2
                continue
        elif lang == "tr" and _tr_clock(toks, i):
            i += 1
            continue
        elif toks[i].kind in ("num", "word") or toks[i].text in SYMBOLS or toks[i].text == "%":
            c = scan.money(i) or scan.percent(i) or scan.quantity(i) or scan.date(i) or scan.cardinal(i)
        if c is None:
            i += 1
            continue
        out.append(c)
        i = c.j
    return out
