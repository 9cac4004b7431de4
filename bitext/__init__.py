"""bitext: Turkish–English text alignment, translation QA, annotation and corpus export.

The library API (the CLI is a thin layer over it)::

    import bitext
    sents = bitext.split_sentences(text, "tr")               # list[str]
    alignment = bitext.align_sentences(tr_sents, en_sents)   # Alignment: beads with confidences
    reports = bitext.check_pairs([(tr, en), ...])            # list[PairReport]: score, severity, findings
    entities = bitext.recognize(text, "tr")                  # list[Entity] with cross-lingual keys
    results = bitext.run(["docs/"], "out/")                  # the whole job, as `bitext run`

Models load on first use, once per process, and are reused by every later call.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # the records are light, but keep `import bitext` free of side effects
    from bitext.check import CheckConfig
    from bitext.pipeline import DocResult
    from bitext.records import Alignment, Entity, PairReport


def _sentence_list(value: object, name: str) -> list[str]:
    """``value`` as a list of strings, or TypeError saying what was expected."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} is a single {type(value).__name__}; expected a list of sentences "
                        f"(split running text with bitext.split_sentences(text, lang))")
    if not isinstance(value, Sequence):
        raise TypeError(f"{name} is {type(value).__name__}; expected a list of sentences (str)")
    bad = next((i for i, s in enumerate(value) if not isinstance(s, str)), None)
    if bad is not None:
        raise TypeError(f"{name}[{bad}] is {type(value[bad]).__name__}; expected str")
    return list(value)


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of running ``text`` in ``lang`` (``"tr"`` or ``"en"``): stanza's splitter
    when its models are on disk, else the offline one."""
    if not isinstance(text, str):
        raise TypeError(f"text is {type(text).__name__}; expected str")
    from bitext.nlp import get_pipeline
    return [s.text for s in get_pipeline(lang).sentences(text)]


def align_sentences(src: Sequence[str], tgt: Sequence[str], *, src_lang: str = "tr",
                    tgt_lang: str = "en", encoder: str | None = None,
                    max_bead: int = 4) -> Alignment:
    """Align two lists of sentences. ``encoder``: a model folder or cached hub name, ``"length"``
    for the Gale–Church baseline, ``None`` for the default offline e5-small (loaded once).
    ``alignment.pairs()`` gives each bead with its joined texts; ``bead.score`` is its confidence."""
    from bitext.aligner import align
    return align(_sentence_list(src, "src"), _sentence_list(tgt, "tgt"), src_lang=src_lang,
                 tgt_lang=tgt_lang, encoder=encoder, max_bead=max_bead)


def check_pairs(pairs: Sequence[tuple[str, str]], *, src_lang: str = "tr", tgt_lang: str = "en",
                encoder: str | None = None, config: CheckConfig | None = None) -> list[PairReport]:
    """Check translation pairs ``[(source, target), ...]``: one report per pair with ``score``
    (0..1, higher = more divergent), ``severity`` and ``findings``. ``encoder="none"`` runs the
    rule checks alone; ``config`` (a :class:`bitext.check.CheckConfig`) sets everything else."""
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence):
        raise TypeError(f"pairs is {type(pairs).__name__}; expected a list of (source, target) "
                        "tuples, e.g. [(tr, en)]")
    for i, pair in enumerate(pairs):
        if (isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2
                or not all(isinstance(s, str) for s in pair)):
            raise TypeError(f"pairs[{i}] is {type(pair).__name__} {str(pair)[:40]!r}; expected a "
                            "(source, target) tuple of two str (a single pair: [(tr, en)])")
    from dataclasses import replace

    from bitext.check import CheckConfig
    from bitext.check import check_pairs as check
    config = config or CheckConfig()
    if encoder is not None:
        config = replace(config, encoder=encoder)
    return check([tuple(p) for p in pairs], src_lang=src_lang, tgt_lang=tgt_lang, config=config)


def recognize(text: str, lang: str, backend: str | None = None) -> list[Entity]:
    """Named entities, numbers and dates in ``text`` (``text[e.start:e.end] == e.text``), each
    with a language-neutral ``key`` where one is known (``GPE:AM`` for Ermenistan and Armenia)."""
    if not isinstance(text, str):
        raise TypeError(f"text is {type(text).__name__}; expected str (one text; loop for many)")
    from bitext.entities import recognize as find
    return find(text, lang, backend)


def run(paths: Sequence[str], out: str, *, encoder: str | None = None, repair: bool = False,
        check: bool = True) -> list[DocResult]:
    """``bitext run``: read, pair, align, check and export every document under ``paths`` into
    the folder ``out`` (a data set with its card); one result per document."""
    if isinstance(paths, (str, bytes)):
        paths = [paths]
    from bitext.pipeline import run as job
    return job(paths, out, encoder=encoder, repair=repair, check=check)


__all__ = ["__version__", "align_sentences", "check_pairs", "recognize", "run", "split_sentences"]
