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
from collections import Counter
from collections.abc import Sequence

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


CLEAR = 0.8  # share of a document's characters in one other language that makes it that language
DOUBT = 0.5  # below this share of the expected language (and not clearly other) it is unclear
MIN_PIECE = 20  # letters a line or paragraph needs to count
MAX_PIECES = 400  # pieces looked at, spread evenly over a long document


def language_shares(pieces: Sequence[str]) -> dict[str, float]:
    """Share of the characters of ``pieces`` (a document's lines or paragraphs) in each language,
    every piece detected on its own; pieces too short to tell do not count."""
    step = max(1, len(pieces) // MAX_PIECES)
    sizes: Counter[str] = Counter()
    for piece in pieces[::step]:
        if len(_LETTER.findall(piece[:SAMPLE])) >= MIN_PIECE:
            found = detect(piece)[0]
            if found != UNDETERMINED:
                sizes[found] += min(len(piece), SAMPLE)
    total = sum(sizes.values())
    return {k: v / total for k, v in sizes.most_common()} if total else {}


def document_language(pieces: Sequence[str], lang: str) -> tuple[str, str, float]:
    """``(verdict, language, share)`` for a document expected in ``lang``, decided over all of
    its pieces weighted by characters (not by its beginning): ``"ok"``; ``"other"`` when at
    least :data:`CLEAR` of it is in one other language (the files are swapped, or the language
    is wrong); ``"unclear"`` when ``lang`` holds less than :data:`DOUBT` of it otherwise.
    ``language``/``share``: the largest other language and its share."""
    shares = language_shares(pieces)
    others = [(k, v) for k, v in shares.items() if k != lang]
    if not others:
        return "ok", lang, 0.0
    found, share = others[0]
    if share >= CLEAR:
        return "other", found, share
    return ("unclear" if shares.get(lang, 0.0) < DOUBT else "ok"), found, share


__all__ = ["LANGS", "UNDETERMINED", "clearly_other", "confidence", "detect", "document_language",
           "language_shares"]
