"""The one reader of parallel corpora, for ``check --pairs``, ``export`` and ``studio push``.

Formats: TSV (bitextor's ``src_url trg_url src_text trg_text [score ...]``, recognised by its
content, or plain ``source<TAB>target``), JSONL (``{"translation": {"tr": ..., "en": ...}}``,
any language-region keys such as ``tr-TR``/``en_US`` mapped to ``tr``/``en``; or checker records
with ``src``/``tgt``), TMX (region codes too; parsed with defusedxml, so DOCTYPE entities are
refused, never expanded) and Moses pairs (``X.tr`` + ``X.en``). Every input is bounded in size
and decoded as UTF-8 (TSV and Moses through :mod:`bitext.textcodec`, so UTF-16 with a BOM too,
and CR, CRLF and LF line ends alike; an 8-bit code page is refused), and validated:
lone surrogates, NaN/Infinity and language codes that are no codes are refused with one line
naming file, line and fix (and, for a Moses or JSONL export, one language on both sides).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bitext import textcodec
from bitext.errors import InputError
from bitext.fileio import display_name, is_stdio, read_bytes
from bitext.formats import FORMATS
from bitext.records import AlignedPair

_EXT = {"tmx": "tmx", "tsv": "tsv", "jsonl": "jsonl", "json": "jsonl", "ndjson": "jsonl"}
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_JSON_FIX = 'each line: {"translation": {"tr": "...", "en": "..."}, "score": 0.9}'


@dataclass
class Corpus:
    """Rows of one corpus file with the line (TMX: ``<tu>`` number) each came from."""

    path: str
    rows: list[AlignedPair] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def oriented(self, src_lang: str) -> list[tuple[str, str]]:
        """``(source, target)`` texts with ``src_lang`` as the source side."""
        out = []
        for row, line in zip(self.rows, self.lines):
            if row.src_lang == src_lang:
                out.append((row.src, row.tgt))
            elif row.tgt_lang == src_lang:
                out.append((row.tgt, row.src))
            else:
                raise InputError(f"no {src_lang} side (languages {row.src_lang}, {row.tgt_lang})",
                                 path=self.path, line=line, fix=f"give {src_lang} text, or pass "
                                 f"--src-lang {row.src_lang}")
        return out


    def two_languages(self, fmt: str) -> None:
        """Refuse rows with one language on both sides for ``fmt`` (Moses files and JSONL keys
        are named by language, so the two sides would become one)."""
        for row, line in zip(self.rows, self.lines):
            if row.src_lang == row.tgt_lang:
                raise InputError(f"both sides are {row.src_lang!r}, and {fmt} names them by "
                                 "language", path=self.path, line=line,
                                 fix="give the two sides different language codes, or export as "
                                     "tsv or tmx")


def lang_code(code: object, *, path: str, line: int | None) -> str:
    """``tr-TR``/``en_US``/``EN`` → ``tr``/``en``; anything that is no language code is refused."""
    m = _LANG.match(code) if isinstance(code, str) else None
    if not m:
        raise InputError(f"{str(code)[:40]!r} is not a language code", path=path, line=line,
                         fix="use codes such as tr, en, tr-TR, en-US")
    return m.group(1).lower()


def read(path: str | Path, fmt: str | None = None, *, src_lang: str = "tr",
         tgt_lang: str = "en") -> Corpus:
    """Read a corpus file (``-``: stdin); ``fmt`` from the argument, the extension, or the content.
    ``src_lang``/``tgt_lang`` name the sides of files that do not (plain TSV)."""
    name = display_name(path)
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"cannot read format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    if fmt == "moses" or (fmt is None and _moses_partner(path) is not None):
        return _read_moses(Path(path), src_lang, tgt_lang)
    data = read_bytes(path)
    fmt = fmt or _EXT.get(Path(name).suffix.lstrip(".").lower()) or _sniff(data, name)
    corpus = {"tmx": _read_tmx, "jsonl": _read_jsonl, "tsv": _read_tsv}[fmt](
        data, name, src_lang, tgt_lang)
    if not corpus.rows:
        raise InputError("no pairs in the file", path=name, fix="give at least one pair")
    return corpus


def _sniff(data: bytes, name: str) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return "tmx"
    if head == b"{":
        return "jsonl"
    if b"\t" in data:
        return "tsv"
    raise InputError("cannot tell the corpus format", path=name,
                     fix="name it .tmx, .tsv or .jsonl (or pass --from)")


def _checked(row: AlignedPair, name: str, line: int) -> AlignedPair:
    """Refuse what cannot be written back out: lone surrogates, non-finite scores."""
    for what, value in (("source", row.src), ("target", row.tgt), ("doc", row.doc),
                        ("kind", row.kind), ("tgt_doc", row.tgt_doc)):
        bad = _SURROGATE.search(value)
        if bad:
            raise InputError(f"{what} holds a lone surrogate U+{ord(bad.group(0)):04X} (not text)",
                             path=name, line=line, fix="repair the text (it was not valid UTF-16/UTF-8)")
    if not math.isfinite(row.score):
        raise InputError(f"score {row.score!r} is not a finite number", path=name, line=line,
                         fix="give scores as numbers between 0 and 1")
    return row


def _decoded(data: bytes, name: str, notes: list[str]) -> str:
    text, _enc, more = textcodec.decode(data, name, eight_bit=False)
    notes += more
    return text


def _utf8(data: bytes, name: str, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"{what} must be UTF-8 (byte 0x{data[err.start]:02x})", path=name,
                         line=line, fix="convert the file to UTF-8 (e.g. iconv -f cp1254 -t UTF-8)") from None


# ---------------------------------------------------------------- TSV

_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _score(text: str, name: str, line: int, column: int) -> float:
    try:
        value = float(text) if text.strip() else 0.0
    except ValueError:
        raise InputError(f"score {text[:20]!r} is not a number", path=name, line=line,
                         fix=f"put a number in column {column}") from None
    return value


def _ints(text: str, name: str, line: int) -> tuple[int, ...]:
    try:
        return tuple(int(t) for t in text.replace(" ", "").split(",") if t)
    except ValueError:
        raise InputError(f"sentence indices {text[:20]!r} are not integers", path=name, line=line,
                         fix="comma-separated integers (e.g. 3,4) or empty") from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _bitextor(first: list[str]) -> bool:
    """bitextor's layout (bitext writes it too), told by the first row: a score in column 5
    (any float, NaN too: it is refused later), or four columns whose first two are URLs."""
    return (len(first) >= 5 and _is_number(first[4])) or \
        (len(first) == 4 and bool(first[0]) and not re.search(r"\s", first[0] + first[1]))


def _read_tsv(data: bytes, name: str, src_lang: str, tgt_lang: str) -> Corpus:
    corpus = Corpus(name)
    text = _decoded(data, name, corpus.notes)
    numbered = [(n, line.split("\t")) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not numbered:
        raise InputError("no pairs in the file", path=name, fix="give one source<TAB>target per line")
    bitextor = _bitextor(numbered[0][1])
    for n, cells in numbered:
        if bitextor and len(cells) < 4:
            raise InputError(f"{len(cells)} columns in a bitextor TSV, expected at least 4",
                             path=name, line=n, fix="columns: src_url trg_url src_text trg_text "
                                                    "[score ...]")
        if len(cells) < 2:
            raise InputError("one column; expected source<TAB>target", path=name, line=n,
                             fix="separate source and target with a tab character")
        if bitextor:
            cells = [re.sub(r"\\[\\tnr]", lambda m: _UNESCAPES[m.group(0)], c) for c in cells]
            cells += [""] * (10 - len(cells))
            row = AlignedPair(cells[2], cells[3], _score(cells[4], name, n, 5),
                              _ints(cells[5], name, n), _ints(cells[6], name, n),
                              lang_code(cells[8], path=name, line=n) if cells[8] else src_lang,
                              lang_code(cells[9], path=name, line=n) if cells[9] else tgt_lang,
                              cells[0], cells[7], cells[1] if cells[1] != cells[0] else "")
        else:
            row = AlignedPair(cells[0].strip(), cells[1].strip(), 0.0, src_lang=src_lang,
                              tgt_lang=tgt_lang)
        corpus.rows.append(_checked(row, name, n))
        corpus.lines.append(n)
    return corpus


# ---------------------------------------------------------------- JSONL

def _no_constant(token: str) -> float:
    raise ValueError(f"{token} is not a JSON number")


def json_lines(data: bytes, name: str, fix: str = _JSON_FIX) -> Iterator[tuple[int, object]]:
    """``(line number, value)`` of each non-empty line of a UTF-8 JSON Lines file; bad JSON,
    NaN/Infinity, too deep nesting and lone surrogates (in any string) refused."""
    text = _utf8(data, name, "JSON Lines")
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_constant=_no_constant)
        except RecursionError:
            raise InputError("JSON nested too deeply", path=name, line=n, fix=fix) from None
        except ValueError as err:
            raise InputError(f"not JSON: {err}", path=name, line=n, fix=fix) from None
        if "\\ud" in line.lower() and _SURROGATE.search(json.dumps(obj, ensure_ascii=False)):
            raise InputError("holds a lone surrogate (\\ud800-\\udfff: not text)", path=name,
                             line=n, fix="repair the text (it was not valid UTF-16/UTF-8)")
        yield n, obj


def _read_jsonl(data: bytes, name: str, src_lang: str, tgt_lang: str) -> Corpus:
    corpus = Corpus(name)
    for n, obj in json_lines(data, name):
        corpus.rows.append(_checked(_json_row(obj, name, n, src_lang, tgt_lang), name, n))
        corpus.lines.append(n)
    return corpus


def _json_row(obj: object, name: str, n: int, src_lang: str, tgt_lang: str) -> AlignedPair:
    def bad(why: str) -> InputError:
        return InputError(f"not a translation record: {why}", path=name, line=n, fix=_JSON_FIX)

    if not isinstance(obj, dict):
        raise bad(f"a JSON {type(obj).__name__}, not an object")
    if "translation" in obj:
        tr = obj["translation"]
        if not isinstance(tr, dict) or len(tr) != 2:
            raise bad('"translation" must map two language codes to texts')
        (k1, st), (k2, tt) = tr.items()
        sl, tl = lang_code(k1, path=name, line=n), lang_code(k2, path=name, line=n)
        if tl == src_lang and sl != src_lang:
            (sl, st), (tl, tt) = (tl, tt), (sl, st)
    elif "src" in obj and "tgt" in obj:  # a checker record (X.check.jsonl)
        st, tt = obj["src"], obj["tgt"]
        sl = lang_code(obj.get("src_lang", src_lang), path=name, line=n)
        tl = lang_code(obj.get("tgt_lang", tgt_lang), path=name, line=n)
    else:
        raise bad('no "translation" (nor "src" and "tgt")')
    score = obj.get("score", 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        raise bad(f"score {score!r} is not a number")
    idx = [obj.get(k, []) for k in ("src_idx", "tgt_idx")]
    if not all(isinstance(v, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in v)
               for v in idx):
        raise bad("src_idx and tgt_idx must be lists of integers")
    meta = [obj.get(k, "") for k in ("doc", "kind", "tgt_doc")]
    if not all(isinstance(v, str) for v in (st, tt, *meta)):
        raise bad("texts, doc and kind must be strings")
    return AlignedPair(st, tt, float(score), tuple(idx[0]), tuple(idx[1]), sl, tl, *meta)


# ---------------------------------------------------------------- TMX

def _read_tmx(data: bytes, name: str, src_lang: str, tgt_lang: str) -> Corpus:
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    corpus = Corpus(name)
    try:
        root = DET.fromstring(data)
    except DefusedXmlException as err:
        raise InputError(f"refused: the XML declares {type(err).__name__.removesuffix('Forbidden').lower()}"
                         " (entity expansion)", path=name,
                         fix="remove the <!ENTITY> declarations from the DOCTYPE") from None
    except ET.ParseError as err:
        raise InputError(f"not valid XML: {err}", path=name, line=err.position[0],
                         fix="repair the TMX file or re-export it") from None
    except (RecursionError, ValueError) as err:
        raise InputError(f"not a readable TMX file: {type(err).__name__}", path=name,
                         fix="repair the TMX file or re-export it") from None
    if root.tag != "tmx":
        raise InputError(f"root element <{str(root.tag)[:40]}>, not <tmx>", path=name, line=1,
                         fix='give a TMX file (<tmx version="1.4">...)')
    header = root.find("header")
    head_src = header.get("srclang", "") if header is not None else ""
    head_src = lang_code(head_src, path=name, line=1) if _LANG.match(head_src) else src_lang
    for n, tu in enumerate(root.iter("tu"), 1):
        props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
        tuvs = []
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            tuvs.append((lang_code(tuv.get(_XML_LANG) or tuv.get("lang") or "", path=name, line=n),
                         "".join(seg.itertext()) if seg is not None else ""))
        if len(tuvs) != 2:
            raise InputError(f"<tu> number {n} has {len(tuvs)} <tuv> elements (expected 2)",
                             path=name, fix="keep exactly one source and one target variant per <tu>")
        if tuvs[0][0] != head_src and tuvs[1][0] == head_src:
            tuvs.reverse()
        (sl, st), (tl, tt) = tuvs
        row = AlignedPair(st, tt, _score(props.get("x-bitext-score", ""), name, n, 0),
                          _ints(props.get("x-bitext-src-idx", ""), name, n),
                          _ints(props.get("x-bitext-tgt-idx", ""), name, n), sl, tl,
                          props.get("x-bitext-doc", ""), props.get("x-bitext-kind", ""),
                          props.get("x-bitext-tgt-doc", ""))
        corpus.rows.append(_checked(row, name, n))
        corpus.lines.append(n)
    return corpus


# ---------------------------------------------------------------- Moses

def _moses_partner(path: str | Path) -> Path | None:
    """``X.tr`` → ``X.en`` (the one sibling with another language code), else None."""
    if is_stdio(path):
        return None
    p = Path(path)
    lang = p.suffix.lstrip(".")
    if not re.fullmatch(r"[a-z]{2,3}", lang) or lang in _EXT or lang in ("txt",):
        return None
    siblings = [q for q in p.parent.glob(f"{p.stem}.*") if q != p and
                re.fullmatch(r"[a-z]{2,3}", q.suffix.lstrip(".")) and q.suffix.lstrip(".") not in _EXT]
    return siblings[0] if len(siblings) == 1 else None


def _read_moses(path: Path, src_lang: str, tgt_lang: str) -> Corpus:
    name = str(path)
    partner = _moses_partner(path)
    if partner is None:
        raise InputError("a Moses file needs its translation beside it (X.tr + X.en)", path=name,
                         fix="keep both files in one folder with the language codes as suffixes")
    corpus = Corpus(name)
    sides = []
    for p in (path, partner):
        lines = _decoded(read_bytes(p), str(p), corpus.notes).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        sides.append(lines)
    if len(sides[0]) != len(sides[1]):
        raise InputError(f"{len(sides[0])} lines, but {partner} has {len(sides[1])}", path=name,
                         fix="give both files one sentence per line, line-aligned")
    sl, tl = (lang_code(p.suffix.lstrip("."), path=str(p), line=None) for p in (path, partner))
    if tl == src_lang and sl != src_lang:
        sides.reverse()
        sl, tl = tl, sl
    for n, (s, t) in enumerate(zip(*sides), 1):
        corpus.rows.append(_checked(AlignedPair(s, t, 0.0, (n - 1,), (n - 1,), sl, tl,
                                                path.stem), name, n))
        corpus.lines.append(n)
    return corpus

