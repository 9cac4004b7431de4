"""``bitext models fetch stanza``: download stanza's tokenize/NER models (needs network)."""
from __future__ import annotations

from collections.abc import Iterator

from bitext.errors import ModelError


def fetch(langs: list[str], processors: dict[str, str]) -> Iterator[str]:
    """Download each language's models into ``stanza_dir()``; yield one line per language.

    No network (or any download failure) raises ModelError with one line naming the folder.
    """
    import stanza

    from bitext.nlp.stanza_backend import stanza_dir
    root = stanza_dir()
    for lang in langs:
        procs = processors.get(lang, "tokenize,ner")
        try:
            stanza.download(lang, model_dir=str(root), processors=procs, logging_level="WARN")
        except Exception as err:  # requests' ConnectionError, HTTP errors, bad language codes
            reason = (str(err).splitlines() or [type(err).__name__])[0]
            if "Max retries" in reason or "resolve" in reason.lower():
                reason = "no network connection to stanza's model server"
            raise ModelError(f"cannot download stanza {procs} for {lang!r}: {reason[:160]}",
                             path=str(root), fix="run it on a machine with network and copy "
                             "the folder here, or set STANZA_RESOURCES_DIR") from err
        yield f"{lang}: {procs} → {root}"
