"""The stanza backend: a real ``stanza.Pipeline`` with ``tokenize,ner`` (models on disk), its
entities converted to ours and given the same keys as the offline backend.

English models tag OntoNotes' 18 types; the Turkish model tags PER/LOC/ORG only, so Turkish
numbers and dates come from our patterns, and a Turkish LOC that the gazetteer knows as a
country becomes GPE.
"""
from __future__ import annotations

import bisect
from typing import Any

from bitext import turkish
from bitext.entities import gazetteer
from bitext.entities.keys import make_entity
from bitext.entities.patterns import find_numbers
from bitext.entities.tokens import tokenize
from bitext.entities.values import format_value, parse_number
from bitext.records import Entity

# stanza type → ours (None: dropped)
TYPE_MAP: dict[str, str | None] = {
    "PERSON": "PER", "PER": "PER", "NORP": "NORP", "FAC": "LOC", "ORG": "ORG", "GPE": "GPE",
    "LOC": "LOC", "PRODUCT": None, "EVENT": "EVENT", "WORK_OF_ART": None, "LAW": "LAW",
    "LANGUAGE": None, "DATE": "DATE", "TIME": None, "PERCENT": "PERCENT", "MONEY": "MONEY",
    "QUANTITY": "QUANTITY", "ORDINAL": None, "CARDINAL": "CARDINAL", "MISC": None,
}
NUMERIC = {"DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"}


def entities_from_doc(doc: Any, text: str, lang: str, source: str = "stanza") -> list[Entity]:
    """Our entities from a stanza ``Document`` over ``text`` (offsets re-anchored if needed).

    Names get keys from the gazetteer/glossary; numeric types get keys from our patterns when a
    pattern covers the same words, else from the value parser.
    """
    lang = "tr" if lang == "tr" else "en"
    gaz = gazetteer.get(lang)
    toks = tokenize(text, lang)
    starts = [t.start for t in toks]
    numbers = {(c.start, c.end): c for c in find_numbers(toks, lang, text)}
    out: list[Entity] = []
    cursor = 0
    for ent in doc.ents:
        label = TYPE_MAP.get(ent.type)
        if label is None:
            continue
        start, end = _anchor(text, ent.text, ent.start_char, cursor)
        if start is None:
            continue
        stem, _suffix = turkish.split_apostrophe(text[start:end])
        end = start + len(stem.rstrip())
        if end <= start:
            continue
        cursor = end
        key = None
        if label in NUMERIC:
            c = numbers.get((start, end))
            if c is not None:
                label, key = c.label, c.key
            elif (v := parse_number(text[start:end], lang)) is not None:
                key = f"{label}:{format_value(v)}"
        else:
            lo = bisect.bisect_left(starts, start)
            span = [t for t in toks[lo:bisect.bisect_left(starts, end)] if t.end <= end]
            hit = gaz.lookup(tuple(t.fold for t in span), tuple(t.text for t in span)) if span else None
            if hit is not None:
                key = hit.key
                if label in ("LOC", "GPE", "NORP") and hit.label in ("LOC", "GPE", "NORP"):
                    label = hit.label
        out.append(make_entity(text, start, end, label, key, lang, source))
    if lang == "tr":  # the Turkish model has no numeric types
        taken = [(e.start, e.end) for e in out]
        for c in numbers.values():
            if all(c.end <= s or c.start >= e for s, e in taken):
                out.append(make_entity(text, c.start, c.end, c.label, c.key, lang, source))
    return sorted(out, key=lambda e: e.start)


def _anchor(text: str, mention: str, start: int | None, cursor: int) -> tuple[int | None, int]:
    if start is not None and text[start:start + len(mention)] == mention:
        return start, start + len(mention)
    found = text.find(mention, cursor)
    return (found, found + len(mention)) if found >= 0 else (None, 0)


class StanzaRecognizer:
    """Entities from stanza's NER for ``lang`` (needs its tokenize and ner models on disk)."""

    name = "stanza"

    def __init__(self, lang: str, pipeline: Any | None = None):
        self.lang = lang
        if pipeline is None:
            from bitext.nlp.stanza_backend import build_pipeline, has_models
            procs = "tokenize,mwt,ner" if has_models(lang, ("tokenize", "mwt", "ner")) else "tokenize,ner"
            pipeline = build_pipeline(lang, procs)
        self.pipeline = pipeline

    def recognize(self, text: str) -> list[Entity]:
        if not text.strip():
            return []
        return entities_from_doc(self.pipeline(text), text, self.lang, self.name)
