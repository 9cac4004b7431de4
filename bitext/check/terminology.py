"""TERM: one source term rendered two ways in one document, glossary terms not followed, and key
terms shifted to a stronger or different one (``bitext/data/term_shifts.tsv``: tatbikat is an
exercise, not an army; görüşme talks, not an agreement).

Key terms come from keyword lists (a pair whose two sides are comma-separated lists of the same
length pairs its items by position) and from the glossary. A key term's rendering is looked up in
every other pair whose source contains the term (Turkish suffixes allowed: Türk devletlerinin);
when the other pairs agree on a different rendering, the odd one is flagged.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bitext import turkish
from bitext.check import lexicon
from bitext.check.context import CheckContext, PairInput, finding
from bitext.check.registry import register
from bitext.records import Finding, PairReport

CHECK = "terminology"


@dataclass(frozen=True)
class GlossaryConfig:
    glossary: tuple[tuple[str, str], ...] = ()  # (source term, required target rendering)


@dataclass(frozen=True)
class ConsistencyConfig:
    min_term_chars: int = 3  # shorter key terms are not followed across pairs
_HEAD = re.compile(r"^\s*[^\W\d][\w ]{0,30}:\s*")  # "Keywords: ", "Anahtar Kelimeler: "
_WORD = re.compile(r"\w+", re.UNICODE)


def term_pattern(term: str, lang: str) -> re.Pattern:
    """Casefolded words of ``term`` in order, each allowing a suffix (Devletleri → devletlerinin)."""
    ws = _WORD.findall(turkish.casefold(term, lang))
    stems = [w[:-1] if lang == "en" and len(w) > 3 and w.endswith("s") else w for w in ws]
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(s) + r"\w*" for s in stems), re.UNICODE)


def find(term: str, text: str, lang: str) -> tuple[int, int] | None:
    m = term_pattern(term, lang).search(turkish.casefold(text, lang))
    return m.span() if m else None


def list_items(text: str) -> list[tuple[str, int, int]]:
    """Items of a comma/semicolon list after an optional "Heading:" (text, start, end)."""
    head = _HEAD.match(text)
    pos = head.end() if head else 0
    items = []
    for m in re.finditer(r"[^,;]+", text[pos:]):
        raw = m.group()
        a = pos + m.start() + (len(raw) - len(raw.lstrip()))
        b = pos + m.end() - (len(raw) - len(raw.rstrip().rstrip(".")))
        if b > a:
            items.append((text[a:b], a, b))
    return items


def key_terms(reports: Sequence[PairReport]) -> list[tuple[int, str, str, tuple[int, int], tuple[int, int]]]:
    """(pair index, source term, target term, source span, target span) from keyword lists:
    a pair of keyword items (``kind == "keywords"``, as ``bitext run`` aligns them), or a pair
    whose two sides are lists of the same length."""
    out = []
    for k, r in enumerate(reports):
        if r.kind == "keywords" and 0 < len(r.src.split()) <= 5 and 0 < len(r.tgt.split()) <= 5:
            out.append((k, r.src, r.tgt, (0, len(r.src)), (0, len(r.tgt))))
            continue
        s_items, t_items = list_items(r.src), list_items(r.tgt)
        if len(s_items) >= 2 and len(s_items) == len(t_items) and \
                all(len(x[0].split()) <= 5 for x in s_items + t_items):
            out += [(k, s[0], t[0], (s[1], s[2]), (t[1], t[2])) for s, t in zip(s_items, t_items)]
    return out


def _rendering(term_vec, tgt: str, words: int, encoder) -> str | None:
    """The n-gram of ``tgt`` (``words`` long) closest to the term vector."""
    toks = _WORD.findall(tgt)
    grams = list(dict.fromkeys(" ".join(toks[i:i + words]) for i in range(len(toks) - words + 1)))
    if not grams:
        return None
    sims = encoder.encode(grams) @ term_vec
    return grams[int(sims.argmax())]


@register("consistency", config=ConsistencyConfig, provides=("TERM",),
          scope="document")
def check_document(reports: Sequence[PairReport], cfg: ConsistencyConfig,
                   context: CheckContext) -> list[tuple[int, Finding]]:
    """A key term (a keyword or list item aligned one to one) rendered one way in one pair and
    otherwise in most other pairs of the document that have it: (pair index, finding)."""
    out: list[tuple[int, Finding]] = []
    enc = context.encoder
    for k, s_term, t_term, s_span, t_span in key_terms(reports):
        if len(s_term) < cfg.min_term_chars:
            continue
        src_lang, tgt_lang = reports[k].src_lang, reports[k].tgt_lang
        others = [j for j, r in enumerate(reports) if j != k and find(s_term, r.src, src_lang)]
        if not others:
            continue
        missing = [j for j in others if not find(t_term, reports[j].tgt, tgt_lang)]
        if len(missing) * 2 <= len(others):
            continue
        alt = Counter()
        if enc is not None:
            vec = enc.encode([s_term])[0]
            for j in missing:
                got = _rendering(vec, reports[j].tgt, len(t_term.split()), enc)
                if got:
                    alt[turkish.casefold(got, tgt_lang)] += 1
        if alt:
            best, n = alt.most_common(1)[0]
            msg = (f"term {s_term!r} is rendered {t_term!r} here but {best!r} in {n} of "
                   f"{len(others)} other pairs")
        else:
            msg = f"term {s_term!r} is rendered {t_term!r} here but not in {len(missing)} of {len(others)} other pairs"
        out.append((k, finding("TERM", "minor", msg, CHECK, src=[s_span], tgt=[t_span])))
    return out


@functools.lru_cache(maxsize=1)
def _shifts() -> tuple[tuple[re.Pattern, re.Pattern, re.Pattern, str], ...]:
    at_start = lambda rx: re.compile(r"(?<!\w)(?:" + rx + ")")  # noqa: E731
    return tuple((at_start(tr), at_start(ok), at_start(bad), what)
                 for tr, ok, bad, what in lexicon.rows("term_shifts.tsv"))


def shifted_terms(pair: PairInput) -> list[Finding]:
    """Key terms of the Turkish source rendered by a shifted term and none of their faithful
    renderings (major: the reader takes away another fact)."""
    if pair.src_lang != "tr" or pair.tgt_lang != "en":
        return []
    src, tgt = turkish.casefold(pair.src, "tr"), turkish.casefold(pair.tgt, "en")
    out = []
    for term, faithful, shifted, what in _shifts():
        m = term.search(src)
        if m is None or faithful.search(tgt):
            continue
        bad = shifted.search(tgt)
        if bad is not None:
            end = re.compile(r"\w*").match(pair.src, m.end()).end()
            bad_end = re.compile(r"\w*").match(pair.tgt, bad.end()).end()
            out.append(finding("TERM", "major", f"{pair.src[m.start():end]!r} ({what}) is rendered "
                               f"{pair.tgt[bad.start():bad_end]!r}: a different term", CHECK,
                               src=[(m.start(), end)], tgt=[(bad.start(), bad_end)]))
    return out


@register(CHECK, config=GlossaryConfig, provides=("TERM",), sure=True)
def check(pair: PairInput, cfg: GlossaryConfig) -> list[Finding]:
    """Key terms shifted (see ``shifted_terms``) and glossary terms whose required rendering is
    absent from the target."""
    out = shifted_terms(pair)
    for s_term, t_term in cfg.glossary:
        span = find(s_term, pair.src, pair.src_lang)
        if span and not find(t_term, pair.tgt, pair.tgt_lang):
            out.append(finding("TERM", "minor", f"glossary: {s_term!r} should be rendered {t_term!r}",
                               CHECK, src=[span]))
    return out
