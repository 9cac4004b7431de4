"""Characters that typesetting leaves in extracted text: ligatures (ﬁ ﬂ ...), soft hyphens and
no-break spaces. Every reader passes its text through :func:`normalise`, which counts what it
changed so the reader can report it."""
from __future__ import annotations

import re
from collections import Counter

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "ft", "\ufb06": "st", "\u0132": "IJ", "\u0133": "ij"}
SOFT_HYPHEN = "\u00ad"
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")


def normalise(text: str, counts: Counter) -> str:
    """``text`` with ligatures spelt out, soft hyphens and zero-width characters removed and
    no-break spaces made plain; ``counts`` gets ``ligature``, ``soft hyphen`` and ``space``."""
    text, n = _LIGATURE.subn(lambda m: LIGATURES[m.group(0)], text)
    counts["ligature"] += n
    counts["soft hyphen"] += text.count(SOFT_HYPHEN)
    text = text.replace(SOFT_HYPHEN, "")
    text, n = _SPACES.subn(" ", text)
    counts["space"] += n
    return _INVISIBLE.sub("", text)


def notes(counts: Counter) -> list[str]:
    """The notes for what :func:`normalise` changed."""
    out = []
    if counts["ligature"]:
        out.append(f"spelt out {counts['ligature']} ligatures (ﬁ → fi)")
    if counts["soft hyphen"]:
        out.append(f"removed {counts['soft hyphen']} soft hyphens")
    return out
