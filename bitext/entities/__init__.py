"""Named entities, numbers and dates in Turkish and English, with cross-lingual keys.

``recognize(text, lang)`` uses stanza's NER when its models for ``lang`` are on disk (or when
``backend="stanza"`` / ``$BITEXT_ENTITIES_BACKEND``), else the offline recogniser; every
entity's ``source`` names the backend. ``match_entities`` pairs mentions across languages.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Protocol

from bitext.entities.keys import EntityMatch, EntityPair, match_entities, norm, similarity
from bitext.entities.values import parse_number
from bitext.errors import ModelError
from bitext.records import Entity

BACKENDS = ("offline", "stanza")


class Recognizer(Protocol):
    name: str

    def recognize(self, text: str) -> list[Entity]: ...


def backend_for(lang: str, backend: str | None = None) -> str:
    """The backend that would run: asked for, ``$BITEXT_ENTITIES_BACKEND``, else stanza when its
    tokenize and ner models for ``lang`` are on disk, else offline."""
    backend = backend or os.environ.get("BITEXT_ENTITIES_BACKEND") or None
    if backend is None:
        backend = "stanza" if _stanza_models_present(lang) else "offline"
    if backend not in BACKENDS:
        raise ModelError(f"unknown entity backend {backend!r}", fix=f"use one of {', '.join(BACKENDS)}")
    return backend


def _stanza_models_present(lang: str) -> bool:
    # Look for stanza's resources folder first ($STANZA_RESOURCES_DIR, else its default under the
    # user cache dir): importing stanza takes seconds and is pointless when none exists.
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        present = Path(env).is_dir()
    else:
        import platformdirs
        cache = Path(platformdirs.user_cache_dir("stanza", "StanfordNLP"))
        present = any(cache.glob("*/resources")) or (Path.home() / "stanza_resources").is_dir()
    if not present:
        return False
    from bitext.nlp.stanza_backend import has_models
    return has_models(lang, ("tokenize", "ner"))


def get_recognizer(lang: str, backend: str | None = None) -> Recognizer:
    """The recogniser for ``lang`` (cached): ``.name`` is "stanza" or "offline"."""
    return _cached(lang, backend_for(lang, backend))


@functools.lru_cache(maxsize=16)
def _cached(lang: str, backend: str) -> Recognizer:
    if backend == "stanza":
        from bitext.entities.stanza_ner import StanzaRecognizer
        return StanzaRecognizer(lang)
    from bitext.entities.offline import OfflineRecognizer
    return OfflineRecognizer(lang)


def recognize(text: str, lang: str, backend: str | None = None) -> list[Entity]:
    """Entities in ``text`` (``text[e.start:e.end] == e.text``), sorted by offset."""
    return get_recognizer(lang, backend).recognize(text)


__all__ = ["BACKENDS", "Entity", "EntityMatch", "EntityPair", "Recognizer", "backend_for",
           "get_recognizer", "match_entities", "norm", "parse_number", "recognize", "similarity"]
