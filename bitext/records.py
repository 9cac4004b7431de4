"""Typed records that flow between the stages, and their (de)serialisation.

Every record is a frozen dataclass. Offsets are Python string indices (code points) into the
NFC-normalised text they refer to, end exclusive: ``text[start:end]`` is the span.
``to_dict``/``from_dict`` are the one place records become JSON and back.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

Lang = str  # ISO 639-1 code: "tr", "en", "de", ...
BlockKind = Literal["title", "abstract", "keywords", "body", "meta"]
Category = Literal["ADD", "DEL", "MEAN", "NUM", "NE", "UNTRANSLATED", "TERM", "PUNCT", "FLUENCY"]
Severity = Literal["ok", "minor", "major", "critical"]
SEVERITIES: tuple[str, ...] = ("ok", "minor", "major", "critical")
ENTITY_TYPES: tuple[str, ...] = (
    "PER", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW",
    "DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY",
)


@dataclass(frozen=True)
class Span:
    """A half-open character span ``[start, end)`` in some text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence; offsets refer to the text of the block it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A mention. ``key`` is language-neutral (``GPE:AM``, ``ORG:osce``, ``DATE:2021-07-27``,
    ``CARDINAL:2000``) when one is known; ``norm`` is the Turkish-casefolded, transliterated form
    used to match unknown names across languages."""

    text: str
    label: str
    start: int
    end: int
    key: str | None = None
    norm: str = ""
    source: str = ""


@dataclass(frozen=True)
class Block:
    """A run of text of one kind and one language, e.g. the Turkish "Özet"."""

    kind: str
    lang: Lang
    text: str
    line: int  # 1-based line of the block's first line in its file
    heading: str = ""  # "Abstract", "Özet", "Keywords", ... as printed


@dataclass(frozen=True)
class Document:
    path: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()  # what reading did: decoded cp1254, found code-page damage, ...
    reader: str = "text"  # the reader that ran: text, pdf, docx, html, jats (bitext.readers)


@dataclass(frozen=True)
class BlockPair:
    """A source block and its translation (source = Turkish by default)."""

    kind: str
    src: Block
    tgt: Block


@dataclass(frozen=True)
class Bead:
    """Source sentence indices ``src`` aligned to target indices ``tgt`` (either may be empty)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float  # confidence 0..1

    @property
    def shape(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Alignment:
    src_lang: Lang
    tgt_lang: Lang
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    beads: tuple[Bead, ...]
    doc: str = ""  # document id (file name) this alignment belongs to
    kind: str = ""  # block kind (title, abstract, keywords) or "" for whole documents
    signature: str = ""  # aligner settings, reproducibly printed
    tgt_doc: str = ""  # the target's file name when it is another file than ``doc``

    def pairs(self) -> list[tuple[Bead, str, str]]:
        """Each bead with its joined source and target text."""
        return [
            (b, " ".join(self.src[i] for i in b.src), " ".join(self.tgt[j] for j in b.tgt))
            for b in self.beads
        ]


@dataclass(frozen=True)
class AlignedPair:
    """One bead as exported to a corpus file: joined texts, indices, score, provenance."""

    src: str
    tgt: str
    score: float
    src_idx: tuple[int, ...] = ()
    tgt_idx: tuple[int, ...] = ()
    src_lang: Lang = "tr"
    tgt_lang: Lang = "en"
    doc: str = ""
    kind: str = ""
    tgt_doc: str = ""  # the target's document when it is another file than ``doc``


@dataclass(frozen=True)
class Finding:
    category: str  # one of Category
    severity: str  # minor | major | critical
    message: str
    check: str  # the check module that raised it
    src_spans: tuple[Span, ...] = ()
    tgt_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class PairReport:
    src: str
    tgt: str
    score: float  # 0..1, higher = more divergent
    severity: str  # ok | minor | major | critical
    findings: tuple[Finding, ...] = ()
    src_lang: Lang = "tr"
    tgt_lang: Lang = "en"
    doc: str = ""
    index: int = 0  # bead index within its alignment
    src_entities: tuple[Entity, ...] = ()
    tgt_entities: tuple[Entity, ...] = ()
    kind: str = ""  # block kind of the alignment the pair came from (title, abstract, ...)
    metrics: tuple[Metric, ...] = ()  # reference-based scores when a reference was given


@dataclass(frozen=True)
class Metric:
    """A reference-based score (BLEU, chrF++, TER) with the signature that makes it reproducible."""

    name: str
    score: float
    signature: str


@dataclass(frozen=True)
class DocumentReport:
    """The check of one document: its pairs, document-level findings and MQM score."""

    doc: str
    pairs: tuple[PairReport, ...]
    findings: tuple[Finding, ...] = ()  # document-level findings (also attached to their pairs)
    mqm_penalty: float = 0.0  # sum of MQM weights of all findings
    mqm_score: float = 1.0  # 1 - penalty per source word, floored at 0
    words: int = 0  # source words checked
    signature: str = ""


# ---------------------------------------------------------------- serialisation

def to_dict(record: Any) -> Any:
    """A record (or tuple/list/dict of records) as plain JSON-ready data."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def from_dict(cls: type, data: Any) -> Any:
    """Rebuild a record of type ``cls`` from ``to_dict`` output (unknown keys are ignored)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp)
        return tuple(_convert(inner, v) for v in value)
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


__all__ = [
    "AlignedPair", "Alignment", "Bead", "Block", "BlockPair", "Document", "Entity", "Finding", "PairReport",
    "Sentence", "Span", "Token", "Metric", "DocumentReport", "to_dict", "from_dict", "SEVERITIES", "ENTITY_TYPES",
]
