"""Sentences and tokens: one interface, two backends.

``get_pipeline(lang)`` returns the stanza backend when stanza models for ``lang`` are on disk
(or when asked for by name or ``$BITEXT_NLP_BACKEND``), else the rule-based offline backend.
``Pipeline.name`` says which one runs, so outputs can report it.
"""
from __future__ import annotations

import functools
import os

from bitext.errors import ModelError
from bitext.records import Sentence, Token

BACKENDS = ("offline", "stanza")


class Pipeline:
    """Splits text into sentences and tokens; offsets are into the text given."""

    name: str = ""

    def __init__(self, lang: str):
        self.lang = lang

    def sentences(self, text: str) -> list[Sentence]:
        raise NotImplementedError

    def tokens(self, text: str) -> list[Token]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lang={self.lang!r}, name={self.name!r})"


def get_pipeline(lang: str, backend: str | None = None) -> Pipeline:
    """The pipeline for ``lang``: ``backend`` if given ("offline" | "stanza"), else
    ``$BITEXT_NLP_BACKEND``, else stanza when its tokenizer model for ``lang`` is present."""
    backend = backend or os.environ.get("BITEXT_NLP_BACKEND") or None
    if backend is None:
        from bitext.nlp.stanza_backend import has_models
        backend = "stanza" if has_models(lang) else "offline"
    if backend not in BACKENDS:
        raise ModelError(f"unknown NLP backend {backend!r}", fix=f"use one of {', '.join(BACKENDS)}")
    return _cached(lang, backend)


@functools.lru_cache(maxsize=16)
def _cached(lang: str, backend: str) -> Pipeline:
    if backend == "stanza":
        from bitext.nlp.stanza_backend import StanzaPipeline
        return StanzaPipeline(lang)
    from bitext.nlp.offline import OfflinePipeline
    return OfflinePipeline(lang)


__all__ = ["BACKENDS", "Pipeline", "get_pipeline"]
