"""What every check sees: one source/target pair, its languages, the settings, shared helpers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bitext import turkish
from bitext.records import Entity, Finding, Span

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    fold: str  # language-aware casefold


def words(text: str, lang: str) -> list[Word]:
    """Word tokens with offsets (apostrophe suffixes stay on their word: Aliyev'in)."""
    return [Word(m.group(), m.start(), m.end(), turkish.casefold(m.group(), lang))
            for m in _WORD_RE.finditer(text)]


@dataclass
class PairInput:
    """One pair under check. Expensive views (words, entities) are computed once, on demand."""

    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    config: Any  # CheckConfig (typed loosely to avoid an import cycle)
    reference: str | None = None
    semantic: Any = None  # semantic.SemanticView when the encoder ran
    notes: dict = field(default_factory=dict)

    @cached_property
    def src_words(self) -> list[Word]:
        return words(self.src, self.src_lang)

    @cached_property
    def tgt_words(self) -> list[Word]:
        return words(self.tgt, self.tgt_lang)

    @cached_property
    def entities(self) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
        """Entities of both sides via ``bitext.entities`` (empty when that module is absent)."""
        try:
            from bitext.entities import recognize
        except ImportError:
            return (), ()
        return tuple(recognize(self.src, self.src_lang)), tuple(recognize(self.tgt, self.tgt_lang))


def finding(category: str, severity: str, message: str, check: str, *,
            src: list[tuple[int, int]] | tuple = (), tgt: list[tuple[int, int]] | tuple = ()) -> Finding:
    return Finding(category, severity, message, check,
                   tuple(Span(a, b) for a, b in src), tuple(Span(a, b) for a, b in tgt))
