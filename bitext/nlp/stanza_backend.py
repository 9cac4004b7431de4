"""Stanza, offline: where its models live, whether they are there, and building a pipeline.

Nothing here downloads: pipelines are built with ``download_method=None``. A missing model or
resources.json becomes a :class:`bitext.errors.ModelError` naming the directory and the fix.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bitext.errors import ModelError
from bitext.nlp import Pipeline
from bitext.records import Sentence, Token

if TYPE_CHECKING:  # stanza is imported lazily: it is slow to import
    import stanza

_FIX = ("python -c \"import stanza; stanza.download('{lang}')\" on a machine with network, "
        "then copy the folder here or set STANZA_RESOURCES_DIR")


def stanza_dir() -> Path:
    """``$STANZA_RESOURCES_DIR``, else stanza's default resources folder (computed as stanza
    does, without importing stanza, which takes seconds)."""
    env = os.environ.get("STANZA_RESOURCES_DIR")
    return Path(env) if env else _default_dir()


@functools.lru_cache(maxsize=1)
def _default_dir() -> Path:
    from importlib.metadata import PackageNotFoundError, version

    from platformdirs import user_cache_dir
    try:
        resources = os.environ.get("STANZA_RESOURCES_VERSION") or version("stanza")
    except PackageNotFoundError:
        resources = "unknown"
    return Path(user_cache_dir("stanza", "StanfordNLP", resources)) / "resources"


def has_models(lang: str, processors: tuple[str, ...] | list[str] = ("tokenize",),
               dir: str | os.PathLike | None = None) -> bool:
    """True when resources.json and a model file for every processor of ``lang`` are on disk.

    Stanza's layout is ``<dir>/<lang>/<processor>/<package>.pt``.
    """
    root = Path(dir) if dir is not None else stanza_dir()
    if not (root / "resources.json").is_file():
        return False
    return all(any((root / lang / proc).glob("*.pt")) for proc in processors)


def build_pipeline(lang: str, processors: str, **kw: Any) -> "stanza.Pipeline":
    """A ``stanza.Pipeline`` built offline (``download_method=None``) from :func:`stanza_dir`.

    ``kw`` goes to stanza (``dir=``, ``tokenize_pretokenized=True``, ``processors`` variants ...).
    """
    import stanza

    kw.setdefault("dir", str(stanza_dir()))
    kw.setdefault("logging_level", "WARN")
    kw.setdefault("use_gpu", False)
    try:
        return stanza.Pipeline(lang, processors=processors, download_method=None, **kw)
    except Exception as err:  # stanza raises bare Exceptions/ValueErrors/FileNotFoundErrors
        raise ModelError(f"cannot build the stanza pipeline {processors!r} for {lang!r}: {err}",
                         path=str(kw["dir"]), fix=_FIX.format(lang=lang)) from err


def doc_sentences(doc: Any, text: str) -> list[Sentence]:
    """Sentences of a stanza Document as :class:`Sentence` records with offsets into ``text``."""
    out = []
    for toks in _token_spans(doc, text):
        if toks:
            start, end = toks[0].start, toks[-1].end
            out.append(Sentence(text[start:end], start, end))
    return out


def doc_tokens(doc: Any, text: str) -> list[Token]:
    """Surface tokens (multi-word tokens unsplit) of a stanza Document, offsets into ``text``."""
    return [t for toks in _token_spans(doc, text) for t in toks]


def _token_spans(doc: Any, text: str) -> list[list[Token]]:
    """Stanza tokens anchored in ``text``: its own offsets when they fit, else the next match.

    Stanza's offsets refer to the string it was given; pretokenized input (lists of tokens) or a
    normalising tokenizer can make them drift, so each token is re-found from a running cursor.
    """
    cursor, sents = 0, []
    for sent in doc.sentences:
        toks = []
        for tok in sent.tokens:
            start = tok.start_char
            if start is None or text[start:start + len(tok.text)] != tok.text or start < cursor:
                start = text.find(tok.text, cursor)
            if start < 0:  # normalised token (e.g. quotes): keep it at the cursor, zero width
                start, end = cursor, cursor
            else:
                end = start + len(tok.text)
            toks.append(Token(text[start:end], start, end))
            cursor = end
        sents.append(toks)
    return sents


class StanzaPipeline(Pipeline):
    """Sentences and tokens from a stanza pipeline (``tokenize``, plus ``mwt`` when present).

    Pass ``pipeline=`` to wrap one built elsewhere (e.g. with ``tokenize_pretokenized=True``).
    """

    name = "stanza"

    def __init__(self, lang: str, pipeline: "stanza.Pipeline | None" = None):
        super().__init__(lang)
        if pipeline is None:
            if not has_models(lang):
                raise ModelError(f"no stanza tokenize model for {lang!r}", path=str(stanza_dir()),
                                 fix=_FIX.format(lang=lang) + ", or use the offline backend")
            procs = "tokenize,mwt" if has_models(lang, ("tokenize", "mwt")) else "tokenize"
            pipeline = build_pipeline(lang, procs)
        self.pipeline = pipeline

    def sentences(self, text: str) -> list[Sentence]:
        return doc_sentences(self.pipeline(text), text) if text.strip() else []

    def tokens(self, text: str) -> list[Token]:
        return doc_tokens(self.pipeline(text), text) if text.strip() else []
