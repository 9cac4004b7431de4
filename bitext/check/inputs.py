"""Read the pairs ``bitext check`` is given and refuse bad input with one clear line.

A corpus file (``--pairs``: a TSV with column 1 source, column 2 target, no header; bitext's or
bitextor's TSV, a JSONL or TMX corpus; all read by :mod:`bitext.corpus`) or two line-aligned
files (decoded as ``bitext align`` decodes them), and optionally a reference translation per pair
(``--ref``: one line per pair). Refused, naming file and line: undecodable text, a line with
one column, a sentence longer than ``max_chars``, and a file whose columns are evidently swapped
(most of its rows have the source confidently in ``tgt_lang`` and the target in ``src_lang``).
One bad row does not stop the batch: an empty side or a source in another language is reported
for that pair by the checks (see :mod:`bitext.check.untranslated`).
"""
from __future__ import annotations

import re
from pathlib import Path

from bitext import corpus, textcodec
from bitext.errors import InputError, LanguageError
from bitext.fileio import display_name, read_bytes


def _lines(path: str | Path) -> list[str]:
    """The lines of a text file (``-``: stdin), decoded and split as every reader does."""
    name = display_name(path)
    text, _enc, _notes = textcodec.decode(read_bytes(path), name)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# the target of a reversed row need only be likelier in the source language than not (its
# source is judged as the untranslated check judges a source: ``UntranslatedConfig``)
TARGET_CONFIDENCE = 0.5


def reversed_row(src: str, tgt: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether a row has its sides in each other's language (source in ``tgt_lang``, target in
    ``src_lang``; a source too short to tell is not reversed)."""
    from bitext.check.untranslated import UntranslatedConfig, detect
    cfg = UntranslatedConfig()
    if len(src.split()) < cfg.source_min_words:
        return False
    lang, conf = detect(src)
    if lang != tgt_lang or conf < cfg.langid_confidence or not tgt.strip():
        return False
    lang, conf = detect(tgt)
    return lang == src_lang and conf >= TARGET_CONFIDENCE


def validate(pairs: list[tuple[str, str]], where: list[tuple[str, int]], src_lang: str,
             max_chars: int, tgt_lang: str = "en") -> None:
    """Refuse sentences over ``max_chars`` and a file whose columns are evidently swapped (more
    than half of its rows are reversed); anything else is checked pair by pair."""
    for (src, tgt), (path, line) in zip(pairs, where):
        for side, text in (("source", src), ("target", tgt)):
            if len(text) > max_chars:
                raise InputError(f"{side} of {len(text):,} characters (limit {max_chars:,}): not a "
                                 "sentence", path=path, line=line,
                                 fix="split it into sentences first (bitext align), or raise "
                                     "CheckConfig.max_chars")
    if src_lang == tgt_lang:
        return
    rows = [(s, t, w) for (s, t), w in zip(pairs, where) if s.strip()]
    flipped = [w for s, t, w in rows if reversed_row(s, t, src_lang, tgt_lang)]
    if flipped and 2 * len(flipped) > len(rows):
        path, line = flipped[0]
        raise LanguageError(f"columns look swapped: {len(flipped)} of {len(rows)} rows have the "
                            f"source in {tgt_lang} and the target in {src_lang}", path=path, line=line,
                            fix=f"put the {src_lang} sentences in column 1 (swap the columns) or "
                                f"pass --src-lang {tgt_lang} --tgt-lang {src_lang}")


def read_tsv(path: str | Path, *, src_lang: str = "tr", max_chars: int = 2000,
             tgt_lang: str = "en") -> list[tuple[str, str]]:
    """Pairs from a corpus file: a TSV (column 1 source, column 2 target; bitextor's columns are
    recognised), JSONL or TMX, oriented with ``src_lang`` as the source."""
    read = corpus.read(path, src_lang=src_lang, tgt_lang=tgt_lang)
    pairs = [(s.strip(), t.strip()) for s, t in read.oriented(src_lang)]
    validate(pairs, [(read.path, n) for n in read.lines], src_lang, max_chars, tgt_lang)
    return pairs


def read_parallel(src: str | Path, tgt: str | Path, *, src_lang: str = "tr",
                  max_chars: int = 2000, tgt_lang: str = "en") -> list[tuple[str, str]]:
    """Pairs from two line-aligned files (line i of one translates line i of the other)."""
    a, b = _lines(src), _lines(tgt)
    if len(a) != len(b):
        raise InputError(f"{len(a)} lines, but {tgt} has {len(b)}", path=str(src),
                         fix="give both files one sentence per line, line-aligned "
                             "(or align them first with bitext align)")
    pairs = [(x.strip(), y.strip()) for x, y in zip(a, b)]
    validate(pairs, [(display_name(src), n) for n in range(1, len(pairs) + 1)], src_lang, max_chars,
             tgt_lang)
    return pairs


# an argument that names a file: '-', a path with a folder, or a name with an extension
_PATH_LIKE = re.compile(r"^(-|\S*[/\\]\S*|\S+\.[A-Za-z][A-Za-z0-9]{0,5})$")


def _files(src: str, tgt: str) -> bool:
    """SRC and TGT are files when either exists or looks like a path (a missing one is an
    error: a mistyped file name is never checked as a sentence); else they are sentences."""
    exists = [a == "-" or Path(a).is_file() for a in (src, tgt)]
    if not any(exists) and not any(_PATH_LIKE.match(a) for a in (src, tgt)):
        return False
    for arg, found in zip((src, tgt), exists):
        if not found:
            what = "is a folder, not a file" if Path(arg).is_dir() else "no such file"
            raise InputError(f"{arg}: {what}", fix="check the path; to check two sentences "
                             "that look like file names, pass --text")
    return True


def read_input(src: str | None = None, tgt: str | None = None, pairs: str | Path | None = None, *,
               text: bool = False, src_lang: str = "tr", tgt_lang: str = "en",
               max_chars: int = 2000) -> list[tuple[str, str]]:
    """What ``bitext check`` is given: a pairs TSV, two line-aligned files, or (``text``, or two
    arguments that neither exist nor look like paths) two sentences."""
    if pairs is not None:
        if src or tgt:
            raise InputError("give either SRC TGT or --pairs, not both", fix="drop one of them")
        return read_tsv(pairs, src_lang=src_lang, tgt_lang=tgt_lang, max_chars=max_chars)
    if src is None or tgt is None:
        raise InputError("nothing to check", fix="give SRC TGT (files or sentences) or --pairs FILE.tsv")
    for arg in (src, tgt):
        if re.search("[\ud800-\udfff]", arg):
            raise InputError(f"argument {ascii(arg)[:40]} is not valid UTF-8",
                             fix="give file names and sentences in UTF-8")
    if not text and _files(src, tgt):
        return read_parallel(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, max_chars=max_chars)
    items = [(src, tgt)]
    validate(items, [("<arguments>", 1)], src_lang, max_chars, tgt_lang)
    return items


def read_references(path: str | Path, n_pairs: int) -> list[str]:
    """One reference translation per pair, line by line (``bitext check --ref``)."""
    refs = [line.strip() for line in _lines(path)]
    if len(refs) != n_pairs:
        raise InputError(f"{len(refs)} reference lines for {n_pairs} pairs", path=str(path),
                         fix="give one reference translation per pair, in the same order")
    for n, ref in enumerate(refs, 1):
        if not ref:
            raise InputError("empty reference", path=str(path), line=n,
                             fix="give every pair a reference translation")
    return refs
