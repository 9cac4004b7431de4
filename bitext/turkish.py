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
