"""Offline language identification with lingua, over a fixed set of likely languages.

Restricting lingua to the languages a Turkish–English corpus meets keeps it fast and accurate.
``detect`` returns an ISO 639-1 code and lingua's confidence (0..1); "und" for text too short
to tell. Text of ``SHORT`` characters or more goes through lingua's low-accuracy mode (trigrams,
instant to load, as accurate on sentences); shorter text (titles) through the full models
(~4-8 s to load once per process).
"""
from __future__ import annotations

import functools
import re

LANGS: tuple[str, ...] = ("tr", "en", "de", "fr", "es", "it", "pt", "nl", "ru", "ar", "az", "fa")
UNDETERMINED = "und"
_LETTER = re.compile(r"[^\W\d_]")
MIN_LETTERS = 3
SAMPLE = 300  # characters looked at: 100% right on FLORES/NTREX paragraphs (tr, en), bounded cost


SHORT = 120  # below this many characters the (slow to load) high-accuracy models are used


@functools.lru_cache(maxsize=2)
def _detector(high_accuracy: bool):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGS]
    builder = LanguageDetectorBuilder.from_languages(*langs)
    return (builder if high_accuracy else builder.with_low_accuracy_mode()).build()


def detect(text: str) -> tuple[str, float]:
    """``(lang, confidence)`` of ``text``'s most likely language among :data:`LANGS`."""
    sample = text[:SAMPLE]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    values = _detector(len(sample) < SHORT).compute_language_confidence_values(sample)
    if not values:
        return UNDETERMINED, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


@functools.lru_cache(maxsize=8192)
def confidence(text: str, lang: str) -> float:
    """lingua's confidence (0..1, full models) that ``text`` is in ``lang``, one of :data:`LANGS`;
    for names and single words, where only the full models can tell."""
    from lingua import IsoCode639_1, Language
    return float(_detector(True).compute_language_confidence(
        text, Language.from_iso_code_639_1(getattr(IsoCode639_1, lang.upper()))))


def clearly_other(text: str, lang: str, threshold: float = 0.9, min_letters: int = 40) -> str | None:
    """The language ``text`` is confidently in when that is not ``lang`` (enough text, high
    confidence), else None."""
    found, conf = detect(text)
    if found in (lang, UNDETERMINED) or conf < threshold:
        return None
    return found if len(_LETTER.findall(text[:SAMPLE])) >= min_letters else None


__all__ = ["LANGS", "UNDETERMINED", "clearly_other", "confidence", "detect"]
