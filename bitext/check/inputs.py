"""Read the pairs ``bitext check`` is given and refuse bad input with one clear line.

A TSV (``--pairs``: no header, column 1 source, column 2 target) or two line-aligned files, and
optionally a reference translation per pair (``--ref``: one line per pair).
Refused, naming file and line: undecodable UTF-8, a line with one column, an empty side, a
sentence longer than ``max_chars``, a source side in another language than ``src_lang``.
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


def validate(pairs: list[tuple[str, str]], where: list[tuple[str, int]], src_lang: str,
              max_chars: int) -> None:
    from bitext.check.untranslated import detect
    for (src, tgt), (path, line) in zip(pairs, where):
        for side, text in (("source", src), ("target", tgt)):
            if not text.strip():
                raise InputError(f"empty {side}", path=path, line=line,
                                 fix=f"give every line a {side} sentence or remove the line")
            if len(text) > max_chars:
                raise InputError(f"{side} of {len(text):,} characters (limit {max_chars:,}): not a "
                                 "sentence", path=path, line=line,
                                 fix="split it into sentences first (bitext align), or raise "
                                     "CheckConfig.max_chars")
        if len(src.split()) >= 5:
            lang, conf = detect(src)
            if lang not in (src_lang, "und") and conf >= 0.9:
                raise LanguageError(f"source is in {lang}, not {src_lang}", path=path, line=line,
                                    fix=f"put the {src_lang} sentence in column 1 (swap columns) "
                                        f"or pass --src-lang {lang}")


def read_tsv(path: str | Path, *, src_lang: str = "tr", max_chars: int = 2000) -> list[tuple[str, str]]:
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
    validate(pairs, where, src_lang, max_chars)
    return pairs


def read_parallel(src: str | Path, tgt: str | Path, *, src_lang: str = "tr",
                  max_chars: int = 2000) -> list[tuple[str, str]]:
    """Pairs from two line-aligned files (line i of one translates line i of the other)."""
    a, b = _lines(Path(src)), _lines(Path(tgt))
    if len(a) != len(b):
        raise InputError(f"{len(a)} lines, but {tgt} has {len(b)}", path=str(src),
                         fix="give both files one sentence per line, line-aligned "
                             "(or align them first with bitext align)")
    pairs = [(x.strip(), y.strip()) for x, y in zip(a, b)]
    validate(pairs, [(f"{src}", n) for n in range(1, len(pairs) + 1)], src_lang, max_chars)
    return pairs


def read_input(src: str | None = None, tgt: str | None = None, pairs: str | Path | None = None, *,
               src_lang: str = "tr", max_chars: int = 2000) -> list[tuple[str, str]]:
    """What ``bitext check`` is given: a pairs TSV, two line-aligned files, or two sentences."""
    if pairs is not None:
        if src or tgt:
            raise InputError("give either SRC TGT or --pairs, not both", fix="drop one of them")
        return read_tsv(pairs, src_lang=src_lang, max_chars=max_chars)
    if src is None or tgt is None:
        raise InputError("nothing to check", fix="give SRC TGT (files or sentences) or --pairs FILE.tsv")
    if Path(src).is_file() and Path(tgt).is_file():
        return read_parallel(src, tgt, src_lang=src_lang, max_chars=max_chars)
    items = [(src, tgt)]
    validate(items, [("<arguments>", 1)], src_lang, max_chars)
    return items


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
