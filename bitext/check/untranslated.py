"""UNTRANSLATED: a target copied from the source, or a side written in the wrong language.

A source that is confidently in another language than the pair's source language is reported
for that pair (a row with its sides swapped, or a source left in the target language), so one bad
row of a batch is a finding, not a refused file.

Language identification goes through ``bitext.langid`` when present, else py3langid.
"""
from __future__ import annotations

from dataclasses import dataclass

from bitext.check.context import PairInput, finding
from bitext.check.registry import register
from bitext.records import Finding

CHECK = "untranslated"


@dataclass(frozen=True)
class UntranslatedConfig:
    copy_ratio: float = 0.7  # share of the target's character 4-grams found in the source
    langid_min_words: int = 4  # shorter targets are not language-identified
    langid_confidence: float = 0.9  # confidence at which another language counts
    source_min_words: int = 5  # a source is judged for its language only with this many words


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, confidence 0..1) of ``text``."""
    try:
        from bitext.langid import detect as project_detect
    except ImportError:  # the project's detector not installed: py3langid, no confidence
        import py3langid
        return str(py3langid.classify(text)[0]), 1.0
    lang, conf = project_detect(text)
    return lang, float(conf)


def _grams(text: str, n: int = 4) -> set[str]:
    t = " ".join(text.casefold().split())
    return {t[i:i + n] for i in range(max(0, len(t) - n + 1))}


def copy_ratio(src: str, tgt: str) -> float:
    """Share of the target's character 4-grams that also occur in the source."""
    g_tgt = _grams(tgt)
    return len(g_tgt & _grams(src)) / len(g_tgt) if g_tgt else 0.0


def source_language(pair: PairInput, cfg: UntranslatedConfig) -> list[Finding]:
    """A source confidently in another language than ``src_lang``: the pair cannot be read as a
    translation from it (a swapped row when the target is in the source language)."""
    if len(pair.src_words) < max(cfg.source_min_words, cfg.langid_min_words):
        return []
    lang, conf = detect(pair.src)
    if lang in (pair.src_lang, "und") or conf < cfg.langid_confidence:
        return []
    t_lang, t_conf = detect(pair.tgt) if len(pair.tgt_words) >= cfg.langid_min_words else ("und", 0.0)
    swapped = t_lang == pair.src_lang and t_conf >= cfg.langid_confidence
    msg = (f"source and target look swapped on this row (source in {lang}, target in {t_lang})"
           if swapped else f"source is in {lang}, not {pair.src_lang}: not checked as a translation "
                           f"from {pair.src_lang}")
    return [finding("UNTRANSLATED", "major", msg, CHECK, src=[(0, len(pair.src))])]


@register(CHECK, config=UntranslatedConfig, provides=("UNTRANSLATED",), scored=True, sure=True)
def check(pair: PairInput, cfg: UntranslatedConfig) -> list[Finding]:
    whole = [(0, len(pair.tgt))]
    if len(pair.tgt.strip()) >= 12 and copy_ratio(pair.src, pair.tgt) >= cfg.copy_ratio:
        return [finding("UNTRANSLATED", "critical", "target is a copy of the source", CHECK,
                        src=[(0, len(pair.src))], tgt=whole)]
    wrong_source = source_language(pair, cfg)
    if wrong_source:
        return wrong_source
    if len(pair.tgt_words) < cfg.langid_min_words:
        return []
    lang, conf = detect(pair.tgt)
    if lang == pair.tgt_lang or conf < cfg.langid_confidence:
        return []
    if lang == pair.src_lang:
        return [finding("UNTRANSLATED", "critical",
                        f"target is in the source language ({lang}), not {pair.tgt_lang}", CHECK,
                        tgt=whole)]
    return [finding("UNTRANSLATED", "major", f"target looks like {lang}, not {pair.tgt_lang} "
                    f"(confidence {conf:.2f})", CHECK, tgt=whole)]
