"""The number reader of the NUM check and the entity scanner, and the tables they share.

Values of numbers written in Turkish or English: digits, separators and number words.
``read_number(tokens, i, lang)`` reads the number starting at a token (digits with a scale word
or abbreviation, or a run of number words in their word order); both the NUM check and the entity
scanner read numbers with it, and ``parse_number`` reads a whole string.
``parse_number("2.000", "tr") == parse_number("2,000", "en") == 2000.0``;
``parse_number("4,5 milyar", "tr") == parse_number("4.5 billion", "en") == 4.5e9``;
``parse_number("altı", "tr") == parse_number("six", "en") == 6.0``; ``digit_readings`` gives every
reading of a digit string when its language's convention is not sure (2.000 → 2000 or 2.0).
The calendar (months, days), currency and unit tables live here too.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bitext import turkish
from bitext.entities.tokens import Tok

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
# time units of the entity scanner: fold → ISO 8601 designator and multiplier
TIME_UNITS = {
    "en": {"year": ("Y", 1), "month": ("M", 1), "week": ("W", 1), "day": ("D", 1),
           "decade": ("Y", 10), "century": ("Y", 100), "centurie": ("Y", 100)},
    "tr": {"yıl": ("Y", 1), "sene": ("Y", 1), "ay": ("M", 1), "hafta": ("W", 1),
           "gün": ("D", 1), "yüzyıl": ("Y", 100), "asır": ("Y", 100), "onyıl": ("Y", 10),
           "yaş": ("Y", 1)},  # 28 yaşında ↔ 28-year-old
}
# measure units of the entity scanner: fold → symbol
QUANTITY_UNITS = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mile": "mi", "miles": "mi", "mil": "mi", "m": "m", "metre": "m", "metres": "m",
    "meter": "m", "meters": "m", "kg": "kg", "kilogram": "kg",
    "kilograms": "kg", "ton": "t", "tons": "t", "tonnes": "t", "tonne": "t", "hectare": "ha",
    "hectares": "ha", "hektar": "ha", "barrel": "bbl", "barrels": "bbl", "varil": "bbl",
    "mw": "MW", "megawatt": "MW", "megavat": "MW", "gw": "GW", "km2": "km2", "km²": "km2",
    "litre": "l", "liter": "l", "litres": "l", "liters": "l",
}

_EN_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TR_SCALE_TAIL = re.compile(r"(?:l[ıiuü]k|[dt][ae]n|[ıiuü]n?|[dt][ae]|y?l[ae]|[ae])$")
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


@dataclass(frozen=True)
class NumberWord:
    """One word of a spelled number: its value, whether it multiplies what precedes it (yüz,
    thousand, dozen), and whether a suffix on it ends the number (elli sekizi, milyondan)."""

    value: int
    scale: bool = False
    suffixed: bool = False


def number_word(fold: str, lang: str) -> NumberWord | None:
    """The number word ``fold`` (casefolded), Turkish suffixed forms included; else None."""
    if lang == "tr":
        if fold in turkish.TR_NUMBER_WORDS:
            return NumberWord(turkish.TR_NUMBER_WORDS[fold])
        if fold in turkish.TR_MULTIPLIERS:
            return NumberWord(turkish.TR_MULTIPLIERS[fold], scale=True)
        if (stem := turkish.number_stem(fold)) is not None:
            return NumberWord(turkish.TR_NUMBER_WORDS[stem], suffixed=True)
        bare = _TR_SCALE_TAIL.sub("", fold)  # milyondan, milyarlık; yüze/yüzü are faces
        if bare != fold and turkish.TR_MULTIPLIERS.get(bare, 0) >= 1000:
            return NumberWord(turkish.TR_MULTIPLIERS[bare], scale=True, suffixed=True)
        return None
    if fold in EN_NUMBER_WORDS:
        return NumberWord(EN_NUMBER_WORDS[fold])
    if fold in EN_MULTIPLIERS or fold == "dozen":
        return NumberWord(EN_MULTIPLIERS.get(fold, 12), scale=True)
    return None


def combine(words: list[NumberWord]) -> float:
    """The value of a run of number words: iki yüz elli bin → 250000, a dozen → 12."""
    total, current = 0, 0
    for w in words:
        if w.scale and w.value >= 1000:
            total += (current or 1) * w.value
            current = 0
        elif w.scale:
            current = (current or 1) * w.value
        else:
            current += w.value
    return float(total + current)


def parse_number_words(words: list[str], lang: str) -> int | None:
    """Number words (``twenty-five``, ``two hundred``, ``iki yüz elli``) to an integer."""
    folds = [turkish.casefold(t, lang) for w in words for t in (w.split("-") if lang == "en" else [w])]
    read = [number_word(w, lang) for w in folds if not (w == "and" and lang == "en")]
    if not read or None in read or not _scales_fall(read):
        return None
    return int(combine(read))


def _scales_fall(words: list[NumberWord]) -> bool:
    """Scales above a hundred must fall: two thousand three hundred, not thousand million."""
    big = [w.value for w in words if w.scale and w.value >= 1000]
    return all(a > b for a, b in zip(big, big[1:]))


def scale_of(word: str, lang: str) -> float | None:
    """``milyar``/``billion``/``bn`` → 1e9 (Turkish suffixes allowed: milyondan); None if
    ``word`` is not a scale word of a thousand or more."""
    fold = turkish.casefold(word, lang)
    w = number_word(fold, lang)
    if w is not None and w.scale and w.value >= 1000:
        return float(w.value)
    return SCALE_ABBR.get(fold)


def _may_follow(prev: NumberWord | None, w: NumberWord) -> bool:
    """Word order of a spelled number: a unit follows a tens word or a scale (twenty-one, yüz
    iki), a tens word follows a scale; "bir iki" (one or two) and "dört bir" are no number."""
    if prev is None or w.scale or prev.scale:
        return True
    return prev.value % 10 == 0 and prev.value >= 10 and w.value < 10


MAX_NUMBER_WORDS = 8  # "iki yüz elli bin üç yüz" is 6; longer runs are lists, not one number
_ALONE_NO_NUMBER = {"en": {"one", "a", "an"}, "tr": {"bir", "yüz"}}  # an article, a face


@dataclass(frozen=True)
class NumberRead:
    """A number read from tokens ``[start, end)``."""

    value: float | None  # the reading under the language's own convention (None: not valid there)
    readings: frozenset[float]  # every reading of the digits: 2.000 is 2000 or 2.0
    end: int
    spelled: bool  # words, not digits


def read_number(toks: Sequence[Tok], i: int, lang: str, *, allow_one: bool = False) -> NumberRead | None:
    """The number starting at token ``i``: digits with a scale word or abbreviation (4,5 milyar,
    €4m, 2 bn) or a run of number words (iki yüz elli, twenty-five, one hundred and five).

    A lone "one"/"bir"/"a" (an article as often as a number) counts only with ``allow_one``;
    a lone "yüz" is a face, except in "yüzde yüz".
    """
    if i >= len(toks):
        return None
    t = toks[i]
    if t.kind == "num":
        return _read_digits(toks, i, lang)
    run: list[NumberWord] = []
    folds: list[str] = []
    j = end = i
    while j < len(toks):
        tok = toks[j]
        if tok.kind == "punct" or (tok.fold == "and" and lang == "en"):
            if run and (tok.fold == "and" or tok.text == "-" and not tok.space_before):
                j += 1
                continue
            break
        w = number_word(tok.fold, lang) if tok.kind == "word" else None
        if w is None or (w.suffixed and not run) or (tok.fold in ("a", "an") and run) \
                or not _may_follow(run[-1] if run else None, w) or not _scales_fall(run + [w]):
            break
        run.append(w)
        folds.append(tok.fold)
        j = end = j + 1
        if tok.suffix or w.suffixed or len(run) == MAX_NUMBER_WORDS:
            break
    if not run:
        return None
    if folds[0] in ("a", "an") and len(run) > 1 and not run[1].scale:
        return None  # "a three-year plan": the number starts at "three"
    if len(run) == 1 and folds[0] in _ALONE_NO_NUMBER[lang if lang == "tr" else "en"] \
            and not (allow_one and folds[0] != "yüz") \
            and not (folds[0] == "yüz" and i > 0 and toks[i - 1].fold == "yüzde"):  # yüzde yüz
        return None
    value = combine(run)
    return NumberRead(value, frozenset({value}), end, True)


def _read_digits(toks: Sequence[Tok], i: int, lang: str) -> NumberRead | None:
    t = toks[i]
    digits = t.text[:-1] if t.text.endswith("s") else t.text  # the 1990s: the number 1990
    value = parse_digits(digits, lang)
    readings = digit_readings(digits, lang)
    if value is None and not readings:
        return None
    k = i + 1
    if k + 1 < len(toks) and toks[k].text == "-" and not toks[k].space_before:
        k += 1  # 2.5-billion
    nxt = toks[k] if k < len(toks) and not t.suffix and not t.text.endswith("s") else None
    scale = scale_of(nxt.text, lang) if nxt is not None and nxt.kind == "word" else None
    if scale is None and nxt is not None and not nxt.space_before and i > 0 \
            and toks[i - 1].text in SYMBOLS:
        scale = CURRENCY_SCALE_ABBR.get(nxt.fold)  # €4m, $10.75bn
    if scale:
        return NumberRead(value * scale if value is not None else None,
                          frozenset(v * scale for v in readings), k + 1, False)
    return NumberRead(value, frozenset(readings), i + 1, False)


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
