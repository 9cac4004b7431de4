"""What HTML and JATS markup have in common: language codes from ``lang``/``xml:lang``
attributes, and blocks of a declared kind and language checked against their text."""
from __future__ import annotations

import re

from bitext import langid
from bitext.records import Block

_SPACE = re.compile(r"\s+")
_KEYWORD_SEP = re.compile(r"\s*[;,]\s*")


def lang_code(value: str | None) -> str | None:
    """ISO 639-1 of a markup language value (``tr``, ``en-US``, ``tur``, ``eng``), or None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    if len(code) == 3:
        import pycountry
        found = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
        code = getattr(found, "alpha_2", "") if found else ""
    return code if len(code) == 2 and code.isalpha() else None


def squash(text: str) -> str:
    """Whitespace runs as one space, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def block(kind: str, declared: str | None, text: str, line: int, heading: str,
          notes: list[str]) -> Block | None:
    """A block of ``kind`` in the language the markup declares, unless its text is clearly in
    another (noted) or none is declared (then detected); None for empty text."""
    text = text.strip()
    if not text:
        return None
    if declared:
        other = langid.clearly_other(text, declared)
        if other:
            notes.append(f"{heading} at line {line} is marked {declared} but its text is {other}: "
                         f"read as {other}")
        lang = other or declared
    else:
        lang = langid.detect(text)[0]
    return Block(kind, lang, text, line, heading)


def keywords_text(items: list[str]) -> str:
    """Keyword items as one keywords line, duplicates dropped."""
    seen: dict[str, str] = {}
    for item in (part for it in items for part in _KEYWORD_SEP.split(it)):
        item = squash(item).strip(" .")
        if item:
            seen.setdefault(item.casefold(), item)
    return ", ".join(seen.values())


def summary(blocks: list[Block]) -> str:
    """``title (en, tr), abstract (en, tr), ...``: which kinds and languages ``blocks`` hold."""
    langs: dict[str, list[str]] = {}
    for b in blocks:
        langs.setdefault(b.kind, []).append(b.lang)
    return ", ".join(f"{kind} ({', '.join(sorted(set(ls)))})" for kind, ls in langs.items())
