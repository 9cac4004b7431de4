"""The curated, user-editable entity glossary (``bitext/data/glossary.tsv``, which
``annotations/glossary.tsv`` links to in the repository).

Columns (tab-separated, ``#`` lines are comments, the first other line is the header):
``id  type  tr  en`` where ``tr``/``en`` hold names separated by `` | ``. The key of an entry is
``TYPE:id``; give countries their ISO 3166 code as id so the key meets CLDR's (``GPE:TR``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bitext.errors import InputError
from bitext.paths import data_file
from bitext.records import ENTITY_TYPES

HEADER = ("id", "type", "tr", "en")
_FIX = "tab-separated columns id, type, tr, en; names separated by ' | '"


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    type: str
    names: dict[str, tuple[str, ...]]  # lang → names
    line: int

    @property
    def key(self) -> str:
        return f"{self.type}:{self.id}"


def default_path() -> Path:
    """``$BITEXT_GLOSSARY``, else the packaged glossary (never a file of the current folder)."""
    if env := os.environ.get("BITEXT_GLOSSARY"):
        return Path(env)
    return data_file("glossary.tsv")


def parse(text: str, path: str = "glossary.tsv") -> list[GlossaryEntry]:
    """Entries of a glossary file's text; a malformed line raises InputError naming it."""
    entries: list[GlossaryEntry] = []
    header_seen = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if not header_seen:
            header_seen = True
            if tuple(c.lower() for c in cols[:4]) == HEADER:
                continue
        if len(cols) < 4:
            raise InputError(f"expected 4 columns, found {len(cols)}", path=path, line=n, fix=_FIX)
        eid, etype = cols[0], cols[1].upper()
        if not eid or etype not in ENTITY_TYPES:
            raise InputError(f"bad id or type {cols[1]!r} (types: {', '.join(ENTITY_TYPES)})",
                             path=path, line=n, fix=_FIX)
        names = {lang: tuple(x.strip() for x in col.split("|") if x.strip())
                 for lang, col in (("tr", cols[2]), ("en", cols[3]))}
        entries.append(GlossaryEntry(eid, etype, names, n))
    return entries


@lru_cache(maxsize=8)
def load(path: str | None = None) -> tuple[GlossaryEntry, ...]:
    """The glossary at ``path`` (default: :func:`default_path`); missing default → empty."""
    p = Path(path) if path else default_path()
    if not p.is_file():
        if path:
            raise InputError("glossary file not found", path=str(p), fix=_FIX)
        return ()
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 ({err.reason})", path=str(p), fix="save it as UTF-8") from err
    return tuple(parse(text, str(p)))
