"""What every check sees: the loaded models (``CheckContext``), one pair (``PairInput``), helpers.

The context is built once per run (``CheckContext.load``) or handed in by the caller (a test's
tiny encoder, a notebook's loaded models); no check loads a model by name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

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


def _recognize(text: str, lang: str) -> list[Entity]:
    from bitext.entities import recognize
    return recognize(text, lang)


@dataclass(frozen=True)
class CheckContext:
    """The models every check may read: the sentence encoder (None: no semantic checks), the
    divergence classifier (None: off), the entity recogniser, and the fitted calibration."""

    encoder: Any = None
    classifier: Any = None
    calibration: Any = None  # calibration.Calibration
    recognize: Callable[[str, str], list[Entity]] = _recognize

    @classmethod
    def load(cls, config) -> "CheckContext":
        """Load what ``config`` (a ``CheckConfig``) names: its encoder, the classifier packaged
        for that encoder (or the named file), and the calibration fitted for both."""
        from bitext.check.calibration import load_calibration
        enc = None
        if config.encoder != "none":
            from bitext.encoder import load_encoder
            enc = load_encoder(config.encoder)
        clf = None
        if enc is not None:
            from bitext.divergence.model import load_for
            clf = load_for(enc, config.classifier)
        return cls(enc, clf, load_calibration(config.calibration, enc, clf))

    @property
    def signature(self) -> str:
        enc = self.encoder.signature if self.encoder is not None else "enc=none"
        clf = self.classifier.signature if self.classifier is not None else "div=none"
        cal = self.calibration.signature if self.calibration is not None else "cal=none"
        return f"{enc}|{clf}|{cal}"


@dataclass
class PairInput:
    """One pair under check. Expensive views (words, entities) are computed once, on demand."""

    src: str
    tgt: str
    src_lang: str
    tgt_lang: str
    context: CheckContext = CheckContext()
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
        """Entities of both sides, by the context's recogniser."""
        rec = self.context.recognize
        return tuple(rec(self.src, self.src_lang)), tuple(rec(self.tgt, self.tgt_lang))


def finding(category: str, severity: str, message: str, check: str, *,
            src: list[tuple[int, int]] | tuple = (), tgt: list[tuple[int, int]] | tuple = ()) -> Finding:
    return Finding(category, severity, message, check,
                   tuple(Span(a, b) for a, b in src), tuple(Span(a, b) for a, b in tgt))
