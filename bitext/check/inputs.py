"""Read the pairs ``bitext check`` is given and refuse bad input with one clear line.

A TSV (``--pairs``: no header, column 1 source, column 2 target) or two line-aligned files, and
optionally a reference translation per pair (``--ref``: one line per pair).
Refused, naming file and line: undecodable UTF-8, a line with one column, a sentence longer
than ``max_chars``, and a file whose columns are evidently swapped (most of its rows have the
source confidently in ``tgt_lang`` and the target in ``src_lang``). One bad row does not stop
the batch: an empty side or a source in another language is reported for that pair by the checks
(see :mod:`bitext.check.untranslated`).
"""
from __future__ import annotations

from pathlib import Path

from bitext.errors import InputError, LanguageError


def _lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path),
                         fix="pass an existing, readable file") from err
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = []
    for n, raw in enumerate(lines, 1):
        try:
            out.append(raw.decode("utf-8").rstrip("\r").lstrip("\ufeff") if n == 1
                       else raw.decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError as err:
            raise InputError(f"invalid UTF-8 at byte {err.start} of the line", path=str(path), line=n,
                             fix="convert the file to UTF-8 (e.g. iconv -f cp1254 -t utf-8)") from err
    return out


# a row is judged for language only with this many source words, at this confidence (lingua);
# the target of a reversed row need only be likelier in the source language than not
LANGID_MIN_WORDS = 5
LANGID_CONFIDENCE = 0.9
TARGET_CONFIDENCE = 0.5


def reversed_row(src: str, tgt: str, src_lang: str, tgt_lang: str) -> bool:
    """Whether a row has its sides in each other's language (source in ``tgt_lang``, target in
    ``src_lang``; a source too short to tell is not reversed)."""
    from bitext.check.untranslated import detect
    if len(src.split()) < LANGID_MIN_WORDS:
        return False
    lang, conf = detect(src)
    if lang != tgt_lang or conf < LANGID_CONFIDENCE or not tgt.strip():
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
    """Pairs from a TSV: column 1 source, column 2 target (more columns are ignored)."""
    path = Path(path)
    pairs, where = [], []
    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError("one column; expected source<TAB>target", path=str(path), line=n,
                             fix="separate source and target with a tab character")
        pairs.append((cols[0].strip(), cols[1].strip()))
        where.append((str(path), n))
    if not pairs:
        raise InputError("no pairs", path=str(path), fix="give one source<TAB>target pair per line")
    validate(pairs, where, src_lang, max_chars, tgt_lang)
    return pairs


def read_parallel(src: str | Path, tgt: str | Path, *, src_lang: str = "tr",
                  max_chars: int = 2000, tgt_lang: str = "en") -> list[tuple[str, str]]:
    """Pairs from two line-aligned files (line i of one translates line i of the other)."""
    a, b = _lines(Path(src)), _lines(Path(tgt))
    if len(a) != len(b):
        raise InputError(f"{len(a)} lines, but {tgt} has {len(b)}", path=str(src),
                         fix="give both files one sentence per line, line-aligned "
                             "(or align them first with bitext align)")
    pairs = [(x.strip(), y.strip()) for x, y in zip(a, b)]
    validate(pairs, [(f"{src}", n) for n in range(1, len(pairs) + 1)], src_lang, max_chars, tgt_lang)
    return pairs


def read_references(path: str | Path, n_pairs: int) -> list[str]:
    """One reference translation per pair, line by line (``bitext check --ref``)."""
    refs = [line.strip() for line in _lines(Path(path))]
    if len(refs) != n_pairs:
        raise InputError(f"{len(refs)} reference lines for {n_pairs} pairs", path=str(path),
                         fix="give one reference translation per pair, in the same order")
    for n, ref in enumerate(refs, 1):
        if not ref:
            raise InputError("empty reference", path=str(path), line=n,
                             fix="give every pair a reference translation")
    return refs
