"""The number reader of the NUM check and the entity scanner, and the tables they share.

Values of numbers written in Turkish or English: digits, separators and number words.
``parse_number("2.000", "tr") == parse_number("2,000", "en") == 2000.0``;
``parse_number("4,5 milyar", "tr") == parse_number("4.5 billion", "en") == 4.5e9``;
``parse_number("altı", "tr") == parse_number("six", "en") == 6.0``; ``digit_readings`` gives every
reading of a digit string when its language's convention is not sure (2.000 → 2000 or 2.0).
The calendar (months, days), currency and unit tables live here too.
"""
from __future__ import annotations

import re

from bitext import turkish

EN_NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
EN_MULTIPLIERS: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
MONTHS: dict[str, tuple[str, ...]] = {  # in calendar order
    "tr": ("ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
           "ekim", "kasım", "aralık"),
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"),
}
EN_MONTH_ABBR: dict[str, int] = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
                                 "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTH_NUMBER: dict[str, dict[str, int]] = {
    "tr": {m: i + 1 for i, m in enumerate(MONTHS["tr"])},
    "en": {**{m: i + 1 for i, m in enumerate(MONTHS["en"])}, **EN_MONTH_ABBR},
}
DAYS: dict[str, tuple[str, ...]] = {
    "tr": ("pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}
CURRENCIES = {
    "en": {"dollar": "USD", "dollars": "USD", "usd": "USD", "euro": "EUR", "euros": "EUR",
           "eur": "EUR", "pound": "GBP", "pounds": "GBP", "lira": "TRY", "liras": "TRY",
           "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "manat": "AZN"},
    "tr": {"dolar": "USD", "usd": "USD", "avro": "EUR", "euro": "EUR", "eur": "EUR",
           "sterlin": "GBP", "lira": "TRY", "tl": "TRY", "try": "TRY", "ruble": "RUB",
           "manat": "AZN"},
}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₺": "TRY", "₽": "RUB"}
# units a number may carry, by word stem (a prefix of the casefolded word) -> neutral unit
UNIT_STEMS = {
    "tr": [("saniye", "second"), ("dakika", "minute"), ("saat", "hour"), ("gün", "day"),
           ("hafta", "week"), ("yıl", "year"), ("sene", "year"), ("asır", "century"),
           ("yüzyıl", "century"), ("kilometre", "km"), ("km", "km"), ("metre", "metre"),
           ("kilogram", "kg"), ("kg", "kg"), ("ton", "tonne"), ("dolar", "USD"), ("avro", "EUR"),
           ("euro", "EUR"), ("lira", "TRY"), ("sterlin", "GBP")],
    "en": [("second", "second"), ("minute", "minute"), ("hour", "hour"), ("day", "day"),
           ("week", "week"), ("month", "month"), ("year", "year"), ("centur", "century"),
           ("kilomet", "km"), ("km", "km"), ("met", "metre"), ("kilogram", "kg"), ("kg", "kg"),
           ("ton", "tonne"), ("dollar", "USD"), ("euro", "EUR"), ("lira", "TRY"),
           ("pound", "GBP")],
}
_EN_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TR_SCALE_TAIL = re.compile(r"(?:l[ıiuü]k|[dt][ae]n|[ıiuü]n?|[dt][ae]|[ae])$")
SCALE_ABBR = {"mn": 1e6, "bn": 1e9, "tn": 1e12}  # not "m"/"b": 133 m is metres
# ... which mean a scale only right after a currency sign (€4m = 4 million euros)
CURRENCY_SCALE_ABBR = {"m": 1e6, "b": 1e9, "k": 1e3}


def parse_digits(text: str, lang: str) -> float | None:
    """Digits with the language's separators: tr ``1.000,5``; en ``1,000.5``."""
    s = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if len(s) > 40:  # a digit string this long is an identifier, not a quantity
        return None
    if lang == "tr":
        return turkish.parse_number_tr(s)
    if not _EN_DIGITS_RE.fullmatch(s):
        return None
    return float(s.replace(",", ""))


def digit_readings(tok: str, lang: str | None = None) -> set[float]:
    """Every reading of a digit string: 2.000 → {2000, 2.0}; 12,5 → {12.5}. English (``lang``
    "en") writes thousands with a comma and decimals with a dot: its reading is the only one
    when it exists (3,680 is 3680, never 3.68), the other only as a fallback (17,01 → 17.01)."""
    out: set[float] = set()
    for thousands, decimal in ((",", "."), (".", ",")):
        if lang == "en" and out:
            break
        parts = tok.split(decimal)
        if len(parts) > 2:
            continue
        groups = parts[0].split(thousands)
        if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
            continue
        try:
            out.add(float("".join(groups) + ("." + parts[1] if len(parts) == 2 else "")))
        except ValueError:
            pass
    return out


def parse_number_words(words: list[str], lang: str) -> int | None:
    """Number words (``twenty-five``, ``two hundred``, ``iki yüz elli``) to an integer."""
    if lang == "tr":
        units, scales, hundred = turkish.TR_NUMBER_WORDS, turkish.TR_MULTIPLIERS, "yüz"
        tokens = [turkish.lower(w) for w in words]
    else:
        units, scales, hundred = EN_NUMBER_WORDS, EN_MULTIPLIERS, "hundred"
        tokens = [t for w in words for t in w.casefold().split("-")]
    total, current, seen, last_scale = 0, 0, False, 10 ** 15
    for w in tokens:
        if w in scales and w != hundred:  # scales must fall: "two thousand three hundred"
            if scales[w] >= last_scale:
                return None
            last_scale = scales[w]
        if w == "and" and seen and lang == "en":  # "one hundred and five"
            continue
        if w in units:
            current += units[w]
        elif w == hundred:
            current = (current or 1) * 100
        elif w in scales:
            total += (current or 1) * scales[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def scale_of(word: str, lang: str) -> float | None:
    """``milyar``/``billion``/``bn`` → 1e9; None if ``word`` is not a scale word."""
    w = turkish.casefold(word, lang)
    if lang == "tr":  # milyondan, milyarlık, milyonu
        w = _TR_SCALE_TAIL.sub("", w) if _TR_SCALE_TAIL.sub("", w) in turkish.TR_MULTIPLIERS else w
    table = turkish.TR_MULTIPLIERS if lang == "tr" else EN_MULTIPLIERS
    if w in table and w not in ("yüz", "hundred"):
        return float(table[w])
    return SCALE_ABBR.get(w)


def parse_number(text: str, lang: str) -> float | None:
    """A number in ``lang`` written with digits, words or both (``4,5 milyar``, ``two thousand``).

    Returns None when ``text`` is not a number.
    """
    parts = text.split()
    if not parts:
        return None
    value = parse_digits(parts[0], lang)
    if value is not None:
        rest = parts[1:]
        if not rest:
            return value
        scale = scale_of(rest[0], lang) if len(rest) == 1 else None
        return value * scale if scale else None
    words = parse_number_words(parts, lang)
    return float(words) if words is not None else None


def format_value(value: float) -> str:
    """Canonical text of a value for keys: 2000.0 → ``2000``, 12.5 → ``12.5``."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.6g}" if abs(value) < 1e15 else repr(value)
