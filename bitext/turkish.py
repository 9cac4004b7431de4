"""Turkish language rules: casing (İ/ı), apostrophe suffixes, and the like.

This is the one place such rules live; other modules call these helpers rather than
``str.lower()``/``str.upper()`` on Turkish text.
"""
from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'’ʼ`´"
_APOS_RE = re.compile(f"[{APOSTROPHES}]")

_TR_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TR_UPPER = str.maketrans({"i": "İ", "ı": "I"})
# Letters that differ between Turkish and plain Latin, for transliteration-insensitive matching.
_ASCII_FOLD = str.maketrans({
    "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u",
    "ə": "e", "đ": "g",
})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lower(text: str, lang: str = "tr") -> str:
    """Lower-case with Turkish rules for ``lang == "tr"`` (I→ı, İ→i), else the default rules.

    Length-preserving for NFC input, so offsets stay valid.
    """
    if lang == "tr":
        return nfc(text).translate(_TR_LOWER).lower()
    return text.lower()


def upper(text: str, lang: str = "tr") -> str:
    """Upper-case with Turkish rules for ``lang == "tr"`` (i→İ, ı→I)."""
    if lang == "tr":
        return nfc(text).translate(_TR_UPPER).upper()
    return text.upper()


def casefold(text: str, lang: str = "tr") -> str:
    """Case-insensitive comparison key (Turkish-aware for ``tr``)."""
    return lower(text, lang) if lang == "tr" else text.casefold()


def title(word: str, lang: str = "tr") -> str:
    """Capitalise the first letter (istanbul → İstanbul), lower-case the rest."""
    if not word:
        return word
    return upper(word[0], lang) + lower(word[1:], lang)


def ascii_fold(text: str, lang: str = "tr") -> str:
    """Casefold and strip diacritics: Şentop, ŞENTOP, Sentop → sentop. For fuzzy name matching."""
    folded = casefold(text, lang).translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def split_apostrophe(word: str) -> tuple[str, str]:
    """Split a proper-noun suffix: "Kırım'daki" → ("Kırım", "'daki"); no apostrophe → (word, "")."""
    m = _APOS_RE.search(word)
    if not m or m.start() == 0:
        return word, ""
    return word[:m.start()], word[m.start():]


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


# ---------------------------------------------------------------- numbers and dates (entities)

TR_NUMBER_WORDS: dict[str, int] = {
    "sıfır": 0, "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7,
    "sekiz": 8, "dokuz": 9, "on": 10, "yirmi": 20, "otuz": 30, "kırk": 40, "elli": 50,
    "altmış": 60, "yetmiş": 70, "seksen": 80, "doksan": 90,
}
TR_MULTIPLIERS: dict[str, int] = {
    "yüz": 100, "bin": 1_000, "milyon": 1_000_000, "milyar": 1_000_000_000,
    "trilyon": 1_000_000_000_000,
}
_TR_NUMBER_SUFFIX = re.compile(r"s?[ıiuü](?:n[ıiuü]n?|nd[ae]n?|n[ae]|yl[ae])?")


def number_stem(word: str) -> str | None:
    """A Turkish number word under a possessive or case suffix, without it (beşi → beş, dördü →
    dört, altısından → altı); None for anything else. Forms of ``on`` and ``bir`` are left alone:
    onu, onun, biri are pronouns far more often than "ten of", "one of"."""
    w = lower(word)
    for end in range(2, len(w)):
        stem = w[:end - 1] + "t" if w[end - 1] == "d" else w[:end]  # dördü → dört
        if stem in TR_NUMBER_WORDS and stem not in ("on", "bir") and _TR_NUMBER_SUFFIX.fullmatch(w[end:]):
            return stem
    return None


_TR_DIGITS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def parse_number_tr(text: str) -> float | None:
    """A Turkish-written number: ``2.000`` → 2000, ``12,5`` → 12.5, ``1.000,5`` → 1000.5.

    Thousands are grouped with ``.`` and decimals follow ``,``. Returns None if ``text`` is not
    one number. A lone ``1.5`` (not a thousands group) is read as 1.5 (English-style decimal).
    """
    s = text.strip()
    if re.fullmatch(r"\d+\.\d{1,2}", s) or re.fullmatch(r"\d+\.\d{4,}", s):
        return float(s)
    if not _TR_DIGITS_RE.fullmatch(s):
        return None
    return float(s.replace(".", "").replace(",", "."))
