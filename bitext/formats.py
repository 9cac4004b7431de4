"""Corpus formats: TMX 1.4b, Moses, bitextor-style TSV, HF-style JSONL (writers and readers),
and Vecalign's bead lines (``[0, 1]:[2]:0.93``).

Writers take :class:`~bitext.records.Alignment` objects or :class:`~bitext.records.AlignedPair`
rows and write atomically; readers return ``AlignedPair`` rows, so ``read(write(x)) == x``.
Null beads (one side empty) are left out of corpus files unless ``include_null=True``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from bitext import __version__
from bitext.errors import InputError
from bitext.fileio import Outputs, commit
from bitext.records import AlignedPair, Alignment, Bead

_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
# XML 1.0 cannot carry these code points at all, not even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def aligned_pairs(alignments: Iterable[Alignment | AlignedPair], *,
                  include_null: bool = False, min_confidence: float = 0.0) -> list[AlignedPair]:
    """Flatten alignments into export rows (``AlignedPair`` rows pass through unchanged);
    rows with a confidence under ``min_confidence`` are left out."""
    rows: list[AlignedPair] = []
    for item in alignments:
        if isinstance(item, AlignedPair):
            if item.score >= min_confidence and (
                    include_null or (item.src_idx and item.tgt_idx) or (item.src and item.tgt)):
                rows.append(item)
            continue
        for bead, src, tgt in item.pairs():
            if bead.score >= min_confidence and (include_null or (bead.src and bead.tgt)):
                rows.append(AlignedPair(src, tgt, bead.score, bead.src, bead.tgt, item.src_lang,
                                        item.tgt_lang, item.doc, item.kind,
                                        item.tgt_doc if item.tgt_doc != item.doc else ""))
    return rows


def write(path: str | Path, fmt: str, alignments: Iterable[Alignment | AlignedPair], *,
          include_null: bool = False, min_confidence: float = 0.0,
          outputs: Outputs | None = None) -> list[Path]:
    """Write ``alignments`` as ``fmt`` (``-``: stdout; pairs of at least ``min_confidence``);
    returns the files written (Moses writes two). With ``outputs`` the files join that
    :func:`~bitext.fileio.commit` group."""
    rows = aligned_pairs(alignments, include_null=include_null, min_confidence=min_confidence)
    if outputs is None:
        with commit() as outs:
            return write(path, fmt, rows, include_null=True, outputs=outs)
    path = Path(path)
    if fmt not in REGISTRY:
        raise InputError(f"unknown format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    if REGISTRY[fmt].text is None:
        return write_moses(path, rows, outputs=outputs)
    outputs.write_text(path, REGISTRY[fmt].text(rows))
    return [path]


def read(path: str | Path, fmt: str | None = None) -> list[AlignedPair]:
    """Read a TMX, TSV, JSONL or Moses corpus (``-``: stdin; format from ``fmt``, the file
    extension or the content), validated by :mod:`bitext.corpus`."""
    from bitext import corpus
    return corpus.read(path, fmt).rows


# ---------------------------------------------------------------- TMX 1.4b

def _xml(text: str) -> str:
    """Escaped XML character data; \\r kept as a reference, illegal control characters dropped."""
    return escape(_XML_ILLEGAL.sub("", text), {'"': "&quot;", "\r": "&#13;"})


def tmx_text(rows: Sequence[AlignedPair]) -> str:
    """A TMX 1.4b document; no timestamps, so the same input gives the same bytes."""
    src_lang = rows[0].src_lang if rows else "tr"
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
           f'  <header creationtool="bitext" creationtoolversion="{_xml(__version__)}" '
           f'segtype="sentence" o-tmf="bitext" adminlang="en" srclang="{_xml(src_lang)}" '
           'datatype="plaintext"/>', "  <body>"]
    for r in rows:
        props = [("x-bitext-score", repr(float(r.score))), ("x-bitext-doc", r.doc),
                 ("x-bitext-kind", r.kind), ("x-bitext-src-idx", _ints(r.src_idx)),
                 ("x-bitext-tgt-idx", _ints(r.tgt_idx))]
        if r.tgt_doc:
            props.append(("x-bitext-tgt-doc", r.tgt_doc))
        out.append("    <tu>")
        out += [f'      <prop type="{k}">{_xml(v)}</prop>' for k, v in props]
        for lang, seg in ((r.src_lang, r.src), (r.tgt_lang, r.tgt)):
            out.append(f'      <tuv xml:lang="{_xml(lang)}"><seg>{_xml(seg)}</seg></tuv>')
        out.append("    </tu>")
    out += ["  </body>", "</tmx>", ""]
    return "\n".join(out)


def read_tmx(path: Path) -> list[AlignedPair]:
    return read(path, "tmx")


# ---------------------------------------------------------------- Moses

def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_moses(prefix: Path, rows: Sequence[AlignedPair], *,
                outputs: Outputs | None = None) -> list[Path]:
    """``PREFIX.<src_lang>`` and ``PREFIX.<tgt_lang>``, line i of one translating line i of the
    other; whitespace (newlines, tabs) inside a segment collapses to single spaces."""
    src_lang = rows[0].src_lang if rows else "tr"
    tgt_lang = rows[0].tgt_lang if rows else "en"
    for lang in (src_lang, tgt_lang):
        if not _LANG_CODE.match(lang):
            raise InputError(f"{lang[:40]!r} is not a language code; Moses files are named by it",
                             fix="give the sides language codes such as tr and en")
    if src_lang == tgt_lang:
        raise InputError(f"both sides are {src_lang!r}: Moses names its two files by language",
                         fix="give the two sides different language codes, or use --format tsv")
    paths = [prefix.with_name(f"{prefix.name}.{src_lang}"),
             prefix.with_name(f"{prefix.name}.{tgt_lang}")]
    if outputs is None:
        with commit() as outs:
            return write_moses(prefix, rows, outputs=outs)
    for path, side in zip(paths, ("src", "tgt")):
        outputs.write_text(path, "".join(_one_line(getattr(r, side)) + "\n" for r in rows))
    return paths


# ---------------------------------------------------------------- TSV (bitextor-style)

TSV_COLUMNS = ("src_url", "trg_url", "src_text", "trg_text", "score", "src_idx", "trg_idx",
               "kind", "src_lang", "trg_lang")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _tsv_escape(text: str) -> str:
    return "".join(_TSV_ESCAPES.get(ch, ch) for ch in text)


def tsv_text(rows: Sequence[AlignedPair]) -> str:
    """No header; columns as in :data:`TSV_COLUMNS`; the URL columns name the source and the
    target document (the same id when one document holds both languages)."""
    lines = []
    for r in rows:
        cells = (r.doc, r.tgt_doc or r.doc, r.src, r.tgt, repr(float(r.score)), _ints(r.src_idx),
                 _ints(r.tgt_idx), r.kind, r.src_lang, r.tgt_lang)
        lines.append("\t".join(_tsv_escape(c) for c in cells) + "\n")
    return "".join(lines)


def read_tsv(path: Path) -> list[AlignedPair]:
    return read(path, "tsv")


# ---------------------------------------------------------------- JSONL

def jsonl_text(rows: Sequence[AlignedPair]) -> str:
    """``{"translation": {src_lang: ..., tgt_lang: ...}, ...}`` per line (source key first);
    every line has the same keys (``tgt_doc`` is empty when one document holds both sides), so
    the files of ``bitext align`` and ``bitext run`` share one schema."""
    same = next((r for r in rows if r.src_lang == r.tgt_lang), None)
    if same is not None:
        raise InputError(f"both sides are {same.src_lang!r}: JSONL keys text by language",
                         fix="give the two languages different codes, or use --format tsv")
    return "".join(json.dumps({"translation": {r.src_lang: r.src, r.tgt_lang: r.tgt},
                               "src_idx": list(r.src_idx), "tgt_idx": list(r.tgt_idx),
                               "score": r.score, "doc": r.doc, "kind": r.kind,
                               "tgt_doc": r.tgt_doc},
                              ensure_ascii=False, allow_nan=False) + "\n" for r in rows)


def read_moses(prefix: Path) -> list[AlignedPair]:
    """``PREFIX.tr`` + ``PREFIX.en`` (either file may be named)."""
    return read(prefix, "moses")


def read_jsonl(path: Path) -> list[AlignedPair]:
    return read(path, "jsonl")


# ---------------------------------------------------------------- Vecalign bead lines

def vecalign_text(beads: Iterable[Bead]) -> str:
    """One bead per line, ``[i,j]:[k]:score`` (0-based, ``[]`` for an empty side)."""
    return "".join(f"[{','.join(map(str, b.src))}]:[{','.join(map(str, b.tgt))}]:{b.score:.4f}\n"
                   for b in beads)


_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([-+\d.eE]+))?\s*$")


def parse_vecalign(text: str, path: str = "<text>") -> list[Bead]:
    """Bead lines as written by :func:`vecalign_text` or a gold file (``[3, 4]:[5]``)."""
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _BEAD.match(line)
        if not m:
            raise InputError(f"not a bead line: {line.strip()[:60]!r}", path=path, line=n,
                             fix="write beads as [0,1]:[2] or [0]:[1]:0.9")
        beads.append(Bead(_parse_ints(m.group(1)), _parse_ints(m.group(2)),
                          float(m.group(3)) if m.group(3) else 1.0))
    return beads


def _ints(values: Sequence[int]) -> str:
    return ",".join(map(str, values))


def _parse_ints(text: str) -> tuple[int, ...]:
    return tuple(int(t) for t in text.replace(" ", "").split(",") if t)


@dataclass(frozen=True)
class CorpusFormat:
    """One corpus format: its writer of one file's text (None: Moses, two files) and its reader
    (through :mod:`bitext.corpus`)."""

    name: str
    text: Callable[[list[AlignedPair]], str] | None
    read: Callable[[Path], list[AlignedPair]]


# the corpus formats, in the order ``bitext run`` writes them; the CLI and the pipeline read this
REGISTRY: dict[str, CorpusFormat] = {f.name: f for f in (
    CorpusFormat("tmx", tmx_text, read_tmx), CorpusFormat("moses", None, read_moses),
    CorpusFormat("tsv", tsv_text, read_tsv), CorpusFormat("jsonl", jsonl_text, read_jsonl))}
FORMATS = tuple(REGISTRY)

__all__ = ["FORMATS", "REGISTRY", "TSV_COLUMNS", "aligned_pairs", "parse_vecalign", "read",
           "read_jsonl", "read_moses", "read_tmx", "read_tsv", "vecalign_text", "write", "write_moses"]
