"""What a reader gives: running text for the block splitter, and the structure its markup
carried (blocks of a known kind and language), with notes on what reading repaired."""
from __future__ import annotations

from dataclasses import dataclass, field

from bitext.records import Block


@dataclass
class Extract:
    reader: str  # "pdf", "docx", "html", "jats"
    text: str  # running text, paragraphs separated by blank lines ("" when markup gave all)
    blocks: tuple[Block, ...] = ()  # title/abstract/keywords (and body) read from the markup
    langs: dict[int, str] = field(default_factory=dict)  # text line -> language its markup declares
    notes: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
