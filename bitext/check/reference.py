"""Reference-based scores (sacrebleu BLEU, chrF++, TER) with their signatures."""
from __future__ import annotations

from functools import lru_cache

from bitext.records import Metric


@lru_cache(maxsize=1)
def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER
    return (("BLEU", BLEU(effective_order=True)), ("chrF++", CHRF(word_order=2)), ("TER", TER()))


def scores(hypothesis: str, reference: str) -> tuple[Metric, ...]:
    """Sentence-level BLEU, chrF++ and TER of ``hypothesis`` against ``reference``."""
    return tuple(Metric(name, round(float(m.sentence_score(hypothesis, [reference]).score), 2),
                        str(m.get_signature())) for name, m in _metrics())
