"""Offset-exact word tokens for the entity rules.

A token keeps its span in the original text (``text[start:end]`` is the stem, apostrophe suffix
excluded) and a folded form for lookups. Combining marks count as word characters, so decomposed
text (``I`` + U+0307) tokenises like its NFC form and offsets stay valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bitext import turkish

_W = r"[^\W_]|[\u0300-\u036f]"
_APOS = f"[{turkish.APOSTROPHES}]"
TOKEN_RE = re.compile(
    rf"(?P<num>\d+(?:[.,]\d+)*(?:s\b)?)(?P<nsuf>{_APOS}(?:{_W})+)?"
    rf"|(?P<word>(?:{_W})(?:{_W}|\d)*(?:\.(?=[^\W\d_])(?:{_W})+\.?)?)(?P<wsuf>{_APOS}(?:{_W})+)?"
    rf"|(?P<punct>\S)"
)


@dataclass(frozen=True, slots=True)
class Tok:
    start: int  # stem start
    end: int  # stem end (apostrophe suffix excluded)
    text: str  # stem as written
    fold: str  # NFC, language-casefolded stem
    suffix: str = ""  # "'daki", "'s", ...
    kind: str = "word"  # word | num | punct
    space_before: bool = True

    @property
    def cap(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str, lang: str) -> list[Tok]:
    toks: list[Tok] = []
    prev_end = -1
    for m in TOKEN_RE.finditer(text):
        kind = "num" if m.group("num") else "word" if m.group("word") else "punct"
        stem = m.group(kind)
        start = m.start(kind)
        suffix = m.group("nsuf") or m.group("wsuf") or "" if kind != "punct" else ""
        toks.append(Tok(start, start + len(stem), stem, fold(stem, lang), suffix, kind,
                        start != prev_end))
        prev_end = m.end()
    return toks


@lru_cache(maxsize=65536)
def fold(word: str, lang: str) -> str:
    """NFC + Turkish-aware casefold (the lookup form of a word)."""
    return turkish.casefold(turkish.nfc(word), lang)


def name_key(name: str, lang: str) -> tuple[str, ...]:
    """The token sequence a gazetteer name is looked up by."""
    return tuple(t.fold for t in tokenize(name, lang))
