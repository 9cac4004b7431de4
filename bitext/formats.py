"""Corpus formats: TMX 1.4b, Moses, bitextor-style TSV, HF-style JSONL (writers and readers),
and Vecalign's bead lines (``[0, 1]:[2]:0.93``).

Writers take :class:`~bitext.records.Alignment` objects or :class:`~bitext.records.AlignedPair`
rows and write atomically; readers return ``AlignedPair`` rows, so ``read(write(x)) == x``.
Null beads (one side empty) are left out of corpus files unless ``include_null=True``.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from bitext import __version__
from bitext.errors import InputError
from bitext.fileio import atomic_open
from bitext.records import AlignedPair, Alignment, Bead

FORMATS = ("tmx", "moses", "tsv", "jsonl")
READABLE = ("tmx", "tsv", "jsonl")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
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
          include_null: bool = False, min_confidence: float = 0.0) -> list[Path]:
    """Write ``alignments`` as ``fmt``; returns the files written (Moses writes two)."""
    rows = aligned_pairs(alignments, include_null=include_null, min_confidence=min_confidence)
    path = Path(path)
    if fmt == "moses":
        return write_moses(path, rows)
    writers = {"tmx": tmx_text, "tsv": tsv_text, "jsonl": jsonl_text}
    if fmt not in writers:
        raise InputError(f"unknown format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    with atomic_open(path) as fh:
        fh.write(writers[fmt](rows))
    return [path]


def read(path: str | Path, fmt: str | None = None) -> list[AlignedPair]:
    """Read a TMX, TSV or JSONL corpus (format from ``fmt`` or the file extension)."""
    path = Path(path)
    readers = {"tmx": read_tmx, "tsv": read_tsv, "jsonl": read_jsonl}
    if fmt is not None and fmt not in readers:
        raise InputError(f"cannot read format {fmt!r}", fix=f"use one of {', '.join(READABLE)}")
    if path.is_dir():
        raise InputError("is a folder, not a corpus file", path=str(path),
                         fix="give the .tmx, .tsv or .jsonl file inside it")
    if not path.is_file():
        raise InputError("no such file", path=str(path), fix="check the path")
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in readers:
        raise InputError(f"cannot tell the format of {path.name}", path=str(path),
                         fix=f"name it .tmx, .tsv or .jsonl or pass --from ({', '.join(READABLE)})")
    return readers[fmt](path)


def _text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped), not empty; else InputError with the line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[err.start]:02x} at column {col})",
                         path=str(path), line=line,
                         fix="convert the file to UTF-8 (e.g. iconv -f cp1254 -t UTF-8)") from None
    if not text.strip():
        raise InputError("empty file (no pairs)", path=str(path), line=1,
                         fix="give a corpus file with at least one pair")
    return text


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
    try:
        root = ET.fromstring(_text(path))
    except ET.ParseError as err:
        raise InputError(f"not valid XML: {err}", path=str(path), line=err.position[0],
                         fix="repair the TMX file or re-export it") from err
    if root.tag != "tmx":
        raise InputError(f"root element <{root.tag}>, not <tmx>", path=str(path), line=1,
                         fix="give a TMX file (<tmx version=\"1.4\">...)")
    header = root.find("header")
    src_lang = header.get("srclang", "") if header is not None else ""
    rows = []
    for n, tu in enumerate(root.iter("tu"), 1):
        props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
        tuvs = [(tuv.get(_XML_LANG) or tuv.get("lang") or "", "".join(tuv.find("seg").itertext())
                 if tuv.find("seg") is not None else "") for tuv in tu.findall("tuv")]
        if len(tuvs) != 2:
            raise InputError(f"<tu> number {n} has {len(tuvs)} <tuv> elements (expected 2)",
                             path=str(path),
                             fix="keep exactly one source and one target variant per <tu>")
        if tuvs[0][0] != src_lang and tuvs[1][0] == src_lang:
            tuvs.reverse()
        (sl, st), (tl, tt) = tuvs
        try:
            rows.append(AlignedPair(st, tt, float(props.get("x-bitext-score") or 0.0),
                                    _parse_ints(props.get("x-bitext-src-idx", "")),
                                    _parse_ints(props.get("x-bitext-tgt-idx", "")), sl, tl,
                                    props.get("x-bitext-doc", ""), props.get("x-bitext-kind", ""),
                                    props.get("x-bitext-tgt-doc", "")))
        except ValueError as err:
            raise InputError(f"<tu> number {n}: bad x-bitext property ({err})", path=str(path),
                             fix="x-bitext-score is a number, x-bitext-*-idx are "
                                 "comma-separated integers") from None
    return rows


# ---------------------------------------------------------------- Moses

def _one_line(text: str) -> str:
    return " ".join(text.split())


def write_moses(prefix: Path, rows: Sequence[AlignedPair]) -> list[Path]:
    """``PREFIX.<src_lang>`` and ``PREFIX.<tgt_lang>``, line i of one translating line i of the
    other; whitespace (newlines, tabs) inside a segment collapses to single spaces."""
    src_lang = rows[0].src_lang if rows else "tr"
    tgt_lang = rows[0].tgt_lang if rows else "en"
    paths = [prefix.with_name(f"{prefix.name}.{src_lang}"),
             prefix.with_name(f"{prefix.name}.{tgt_lang}")]
    with atomic_open(paths[0]) as fs, atomic_open(paths[1]) as ft:
        for r in rows:
            fs.write(_one_line(r.src) + "\n")
            ft.write(_one_line(r.tgt) + "\n")
    return paths


# ---------------------------------------------------------------- TSV (bitextor-style)

TSV_COLUMNS = ("src_url", "trg_url", "src_text", "trg_text", "score", "src_idx", "trg_idx",
               "kind", "src_lang", "trg_lang")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _tsv_escape(text: str) -> str:
    return "".join(_TSV_ESCAPES.get(ch, ch) for ch in text)


def _tsv_unescape(text: str) -> str:
    return re.sub(r"\\[\\tnr]", lambda m: _TSV_UNESCAPES[m.group(0)], text)


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
    rows = []
    for n, line in enumerate(_text(path).split("\n"), 1):
        if not line.strip():
            continue
        cells = [_tsv_unescape(c) for c in line.rstrip("\r").split("\t")]
        if len(cells) < 4:
            raise InputError(f"{len(cells)} column{'s' if len(cells) > 1 else ''}, expected at "
                             "least 4", path=str(path), line=n,
                             fix="columns: src_url trg_url src_text trg_text [score ...]")
        cells += [""] * (len(TSV_COLUMNS) - len(cells))
        try:
            score = float(cells[4]) if cells[4] else 0.0
        except ValueError as err:
            raise InputError(f"score {cells[4]!r} is not a number", path=str(path), line=n,
                             fix="put a number in column 5") from err
        try:
            src_idx, tgt_idx = _parse_ints(cells[5]), _parse_ints(cells[6])
        except ValueError as err:
            raise InputError(f"sentence indices {cells[5]!r}, {cells[6]!r} are not integers",
                             path=str(path), line=n,
                             fix="columns 6 and 7: comma-separated integers (e.g. 3,4) or empty") from err
        rows.append(AlignedPair(cells[2], cells[3], score, src_idx, tgt_idx, cells[8] or "tr",
                                cells[9] or "en", cells[0], cells[7],
                                cells[1] if cells[1] != cells[0] else ""))
    return rows


# ---------------------------------------------------------------- JSONL

def jsonl_text(rows: Sequence[AlignedPair]) -> str:
    """``{"translation": {src_lang: ..., tgt_lang: ...}, ...}`` per line (source key first)."""
    same = next((r for r in rows if r.src_lang == r.tgt_lang), None)
    if same is not None:
        raise InputError(f"both sides are {same.src_lang!r}: JSONL keys text by language",
                         fix="give the two languages different codes, or use --format tsv")
    return "".join(json.dumps({"translation": {r.src_lang: r.src, r.tgt_lang: r.tgt},
                               "src_idx": list(r.src_idx), "tgt_idx": list(r.tgt_idx),
                               "score": r.score, "doc": r.doc, "kind": r.kind,
                               **({"tgt_doc": r.tgt_doc} if r.tgt_doc else {})},
                              ensure_ascii=False) + "\n" for r in rows)


def read_jsonl(path: Path) -> list[AlignedPair]:
    rows = []
    for n, line in enumerate(_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            (sl, st), (tl, tt) = obj["translation"].items()  # first key is the source
            row = AlignedPair(st, tt, float(obj.get("score", 0.0)), _json_ints(obj.get("src_idx", [])),
                              _json_ints(obj.get("tgt_idx", [])), sl, tl, obj.get("doc", ""),
                              obj.get("kind", ""), obj.get("tgt_doc", ""))
            if not all(isinstance(v, str) for v in (st, tt, row.doc, row.kind, row.tgt_doc)):
                raise TypeError("segments, doc and kind must be strings")
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise InputError(f"not a translation record: {err}", path=str(path), line=n,
                             fix='each line: {"translation": {"tr": "...", "en": "..."}, '
                                 '"score": 0.9, "src_idx": [0], "tgt_idx": [0]}') from None
        rows.append(row)
    return rows


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


def _json_ints(values: object) -> tuple[int, ...]:
    if not isinstance(values, list) or not all(isinstance(v, int) for v in values):
        raise TypeError(f"indices must be a list of integers, got {values!r}")
    return tuple(values)


def _parse_ints(text: str) -> tuple[int, ...]:
    return tuple(int(t) for t in text.replace(" ", "").split(",") if t)


__all__ = ["FORMATS", "READABLE", "TSV_COLUMNS", "aligned_pairs", "parse_vecalign", "read",
           "read_jsonl", "read_tmx", "read_tsv", "vecalign_text", "write", "write_moses"]
