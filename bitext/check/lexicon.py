"""Word tables of the checks, kept as data in ``bitext/data`` (TSV, ``#`` comments)."""
from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of the packaged table ``name`` (tab-separated fields, comments and blanks left out)."""
    text = resources.files("bitext").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(tuple(f.strip() for f in line.split("\t")) for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))
