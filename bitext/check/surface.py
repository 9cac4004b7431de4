"""PUNCT and FLUENCY on the surface: unbalanced quotes/brackets, length-ratio outliers,
doubled words and doubled spaces."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bitext.check.context import PairInput, finding
from bitext.check.registry import register
from bitext.records import Finding

CHECK = "surface"


@dataclass(frozen=True)
class SurfaceConfig:
    length_ratio: tuple[float, float] = (0.45, 2.2)  # target/source characters outside: DEL/ADD
    length_min_chars: int = 25  # pairs shorter than this on both sides have no length finding

_PAIRS = [("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("«", "»"), ("‘", "’")]
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_DOUBLE_WORD = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def _unbalanced(text: str) -> list[tuple[int, int, str]]:
    """Positions of quote/bracket characters left without a partner."""
    out = []
    straight = [i for i, ch in enumerate(text) if ch == '"']
    if len(straight) % 2:
        out.append((straight[-1] if len(straight) > 1 else straight[0], '"'))
    for open_, close in _PAIRS:
        if open_ == "‘":  # ’ doubles as an apostrophe (Aliyev’in): only a stray opening counts
            if text.count("‘") > text.count("’"):
                out.append((text.rindex("‘"), "‘"))
            continue
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == open_:
                stack.append(i)
            elif ch == close:
                if stack:
                    stack.pop()
                else:
                    out.append((i, close))
        out.extend((i, open_) for i in stack)
    return [(i, _mark_end(text, i), ch) for i, ch in out]


def _mark_end(text: str, i: int) -> int:
    """Highlight the mark and the word it sticks to."""
    m = re.compile(r".\w*").match(text, i)
    return m.end() if m else i + 1


@register(CHECK, config=SurfaceConfig, provides=("PUNCT", "FLUENCY", "ADD", "DEL"), scored=True)
def check(pair: PairInput, cfg: SurfaceConfig) -> list[Finding]:
    findings: list[Finding] = []
    for side, text in (("source", pair.src), ("target", pair.tgt)):
        key = "src" if side == "source" else "tgt"
        for start, end, ch in _unbalanced(text):
            findings.append(finding("PUNCT", "minor", f"unbalanced {ch} in the {side}", CHECK,
                                    **{key: [(start, end)]}))
        for m in _DOUBLE_SPACE.finditer(text):
            findings.append(finding("FLUENCY", "minor", f"doubled space in the {side}", CHECK,
                                    **{key: [(m.start(), m.end())]}))
    if pair.tgt_lang != "tr":  # Turkish doubles words on purpose (yavaş yavaş)
        for m in _DOUBLE_WORD.finditer(pair.tgt):
            if not m.group(1).isdigit():
                findings.append(finding("FLUENCY", "minor", f"doubled word {m.group(1)!r}", CHECK,
                                        tgt=[(m.start(), m.end())]))
    ls, lt = len(pair.src.strip()), len(pair.tgt.strip())
    if max(ls, lt) >= cfg.length_min_chars and min(ls, lt) > 0:
        ratio = lt / ls
        lo, hi = cfg.length_ratio
        if ratio < lo:
            findings.append(finding("DEL", "minor", f"target is {ratio:.2f}× the source length "
                                    f"(expected {lo}–{hi})", CHECK))
        elif ratio > hi:
            findings.append(finding("ADD", "minor", f"target is {ratio:.2f}× the source length "
                                    f"(expected {lo}–{hi})", CHECK))
    return findings
