"""PDF: the text layer (pdfplumber, on pdfminer.six), with the layout repaired.

Words are grouped into lines, a line into pieces where a wide gap parts it (the gutter between
columns), and each page's pieces are read column by column: a page whose pieces leave a vertical
gutter free has two columns, read left then right between the lines that span the page (titles,
full-width abstracts). Running headers and footers (a line at the top or bottom of two or more
pages, page numbers masked) and bare page numbers are removed. Lines are joined into paragraphs
(a paragraph ends at a wider gap, a change of type size or weight, or a short line ending a
sentence; it runs on across a column or page break when the sentence does), and a word
hyphenated across lines is joined (``işbir-`` + ``liği`` → ``işbirliği``) unless the hyphen is
part of the word: before a capital (``Türk-Azerbaycan``), after an acronym (``NATO-like``), in a
compound seen elsewhere in the document, or with a prefix or head that English writes with a
hyphen. Every repair is counted in the notes.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from bitext import turkish
from bitext.errors import InputError
from bitext.readers import clean
from bitext.readers.base import Extract

HEADER_ZONE = 0.1  # fraction of the page height at the top and bottom where furniture lives
GUTTER_GAP = 1.0  # a gap wider than this many type sizes parts a line into pieces
PARA_GAP = 1.25  # a line pitch this many times the usual one starts a paragraph
_PAGE_NUMBER = re.compile(r"^[\W_]*(?:(?:sayfa|page|pp?\.|s\.)\s*)?\d{1,4}(?:\s*(?:/|of|\|)\s*\d{1,4})?[\W_]*$",
                          re.IGNORECASE)
_HYPHENS = ("-", "\u2010", clean.SOFT_HYPHEN)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?«»"
# Compounds English writes with a hyphen, so a line break at their hyphen keeps it.
KEEP_PREFIXES = frozenset({"non", "self", "quasi", "vice", "ex", "well", "cross"})
KEEP_HEADS = frozenset({"like", "based", "related", "oriented", "term", "level", "scale", "wide",
                        "led", "style", "making", "building", "specific", "free", "owned"})


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int

    @property
    def style(self) -> tuple[float, bool]:
        return round(self.size * 2) / 2, self.bold


@dataclass
class _Repairs:
    counts: Counter = field(default_factory=Counter)
    furniture: Counter = field(default_factory=Counter)  # removed line (as printed first) -> pages
    two_column_pages: list[int] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def read(data: bytes, path: str) -> Extract:
    """The text of a PDF's text layer, paragraphs separated by blank lines."""
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException
    rep = _Repairs()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(_page_lines(p, i + 1, rep.counts), p.width, p.height)
                     for i, p in enumerate(pdf.pages)]
    except (PdfminerException, PSException, ValueError, KeyError, TypeError) as err:
        cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
        if "password" in type(cause).__name__.lower() or "encrypt" in type(cause).__name__.lower():
            raise InputError("the PDF is password-protected", path=path,
                             fix="save an unprotected copy, or export its text") from None
        raise InputError(f"not a readable PDF ({cause})", path=path,
                         fix="open it in a PDF viewer and save it again, or export its text") from None
    if not any(lines for lines, _w, _h in pages):
        raise InputError(f"no text layer in its {len(pages)} page(s): a scanned PDF?", path=path,
                         fix="run OCR on it first (e.g. ocrmypdf) and give the OCRed PDF")
    _remove_furniture(pages, rep)
    segments = [seg for lines, width, _h in pages for seg in _columns(lines, width, rep)]
    paras = _paragraphs(segments)
    lexicon = _lexicon(ln.text for seg in segments for ln in seg)
    text = "\n\n".join(_join(p, lexicon, rep) for p in paras)
    return Extract("pdf", text, notes=_notes(rep, sum(len(s) for s in segments), len(paras),
                                            len(pages)), encoding="pdf text layer")


# ---------------------------------------------------------------- lines

def _page_lines(page, number: int, counts: Counter) -> list[_Line]:
    words = page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=False,
                               expand_ligatures=False)
    words.sort(key=lambda w: (w["top"], w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        if rows and abs(w["top"] - rows[-1][0]["top"]) <= 0.4 * w["size"]:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        piece = [row[0]]
        for w in row[1:]:
            if w["x0"] - piece[-1]["x1"] > GUTTER_GAP * w["size"]:
                lines.append(_line(piece, number, counts))
                piece = []
            piece.append(w)
        lines.append(_line(piece, number, counts))
    return lines


def _line(words: list[dict], page: int, counts: Counter) -> _Line:
    sizes = Counter(round(w["size"], 1) for w in words)
    bold = sum(len(w["text"]) for w in words if "bold" in w["fontname"].lower())
    return _Line(_clean_line(" ".join(w["text"] for w in words), counts),
                 min(w["x0"] for w in words), max(w["x1"] for w in words),
                 min(w["top"] for w in words), max(w["bottom"] for w in words),
                 sizes.most_common(1)[0][0], bold * 2 > sum(len(w["text"]) for w in words), page)


def _clean_line(text: str, counts: Counter) -> str:
    """A line's text normalised, a soft hyphen at its end kept (it marks a break to join)."""
    soft = text.endswith(clean.SOFT_HYPHEN)
    text = clean.normalise(text, counts)
    if soft:
        counts["soft hyphen"] -= 1
        return text + clean.SOFT_HYPHEN
    return text


# ---------------------------------------------------------------- headers, footers, page numbers

def _furniture_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", turkish.lower(text))).strip()


def _remove_furniture(pages: list[tuple[list[_Line], float, float]], rep: _Repairs) -> None:
    """Drop running headers/footers (repeated in the top or bottom zone of two or more pages)
    and bare page numbers there, in place."""
    def zone(ln: _Line, height: float) -> bool:
        return ln.bottom <= height * HEADER_ZONE or ln.top >= height * (1 - HEADER_ZONE)

    seen: Counter[str] = Counter()
    for lines, _w, height in pages:
        seen.update({_furniture_key(ln.text) for ln in lines if zone(ln, height)})
    for lines, _w, height in pages:
        kept = []
        for ln in lines:
            number = bool(_PAGE_NUMBER.match(ln.text))
            if zone(ln, height) and (number or seen[_furniture_key(ln.text)] >= 2):
                if number:
                    rep.counts["page number"] += 1
                else:
                    first = next((k for k in rep.furniture if _furniture_key(k) == _furniture_key(ln.text)),
                                 ln.text)
                    rep.furniture[first] += 1
                continue
            kept.append(ln)
        lines[:] = kept


# ---------------------------------------------------------------- columns

def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a vertical gutter in the middle of the page that no line crosses and that has
    lines on both sides, or None (one column)."""
    best_cross, runs = None, []
    for x in range(int(width * 0.3), int(width * 0.7) + 1, 2):
        cross = sum(ln.x0 < x < ln.x1 for ln in lines)
        left = sum(ln.x1 <= x for ln in lines)
        right = sum(ln.x0 >= x for ln in lines)
        if left < 3 or right < 3:
            continue
        if best_cross is None or cross < best_cross:
            best_cross, runs = cross, [[x]]
        elif cross == best_cross:
            if runs and runs[-1][-1] == x - 2:
                runs[-1].append(x)
            else:
                runs.append([x])
    if best_cross is None or best_cross > 0.35 * len(lines):
        return None
    run = max(runs, key=len)
    return float(run[len(run) // 2])


def _columns(lines: list[_Line], width: float, rep: _Repairs) -> list[list[_Line]]:
    """A page's lines in reading order, as segments: runs of one column (or of lines across the
    page) between which a column break falls."""
    if not lines:
        return []
    gutter = _gutter(lines, width)
    if gutter is None:
        return [sorted(lines, key=lambda ln: ln.top)]
    rep.two_column_pages.append(lines[0].page)
    segments: list[list[_Line]] = []
    left: list[_Line] = []
    right: list[_Line] = []
    across: list[_Line] = []

    def flush() -> None:
        for seg in (across, left, right):
            if seg:
                segments.append(seg[:])
                seg.clear()

    for ln in sorted(lines, key=lambda ln: ln.top):
        if ln.x0 < gutter < ln.x1:
            if left or right:
                flush()
            across.append(ln)
        else:
            if across:
                flush()
            (right if ln.x0 >= gutter else left).append(ln)
    flush()
    return segments


# ---------------------------------------------------------------- paragraphs

def _pitches(segments: list[list[_Line]]) -> dict[tuple[float, bool], float]:
    """The usual distance from one line's top to the next's, per type style."""
    gaps: dict[tuple[float, bool], list[float]] = {}
    for seg in segments:
        for a, b in zip(seg, seg[1:]):
            if a.style == b.style and b.top > a.top:
                gaps.setdefault(a.style, []).append(b.top - a.top)
    return {style: median(g) for style, g in gaps.items()}


def _paragraphs(segments: list[list[_Line]]) -> list[list[_Line]]:
    pitch = _pitches(segments)
    paras: list[list[_Line]] = []
    prev_right = 0.0
    for seg in segments:
        right = max(ln.x1 for ln in seg)
        for i, ln in enumerate(seg):
            prev = paras[-1][-1] if paras else None
            if prev is None:
                new = True
            elif i == 0:  # a column or page break: the paragraph runs on unless it ended
                new = (prev.style != ln.style or _ended(prev, ln, prev_right)
                       or (_ends_sentence(prev.text) and not ln.text[:1].islower()))
            else:
                usual = pitch.get(ln.style, 1.5 * ln.size / PARA_GAP)
                new = (prev.style != ln.style or ln.top - prev.top > PARA_GAP * usual
                       or (_ends_sentence(prev.text) and _ended(prev, ln, right)))
            if new:
                paras.append([ln])
            else:
                paras[-1].append(ln)
        prev_right = right
    return paras


def _ended(prev: _Line, ln: _Line, right: float) -> bool:
    """Whether ``prev`` stops short of its column's right edge by more than the first word of
    ``ln`` would need: a line broken on purpose, not by the width."""
    first = ln.text.split(" ", 1)[0]
    width = (ln.x1 - ln.x0) * (len(first) + 1) / max(len(ln.text), 1)
    return prev.x1 + width < right - 1


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


# ---------------------------------------------------------------- hyphenation

def _word(token: str) -> str:
    return turkish.lower(token.strip(_EDGE_PUNCT))


def _lexicon(lines) -> set[str]:
    """The words of the document (lower-cased), hyphenated compounds included, line-final
    fragments left out."""
    words: set[str] = set()
    for text in lines:
        tokens = text.split()
        if tokens and tokens[-1].endswith(_HYPHENS):
            tokens = tokens[:-1]
        words.update(_word(t) for t in tokens)
    return words


def keep_hyphen(head: str, tail: str, lexicon: set[str]) -> bool:
    """Whether the hyphen between ``head`` (the word before a line-final hyphen) and ``tail``
    (the word starting the next line) belongs to the word."""
    tail = tail.strip(_EDGE_PUNCT).split("'")[0].split("’")[0]
    if not head or not tail or not head[-1].isalpha() or not tail[0].isalpha():
        return True
    word = f"{head}-{tail}"
    if _word(word) in lexicon:
        return True
    if _word(head + tail) in lexicon:
        return False
    last = head.rsplit("-", 1)[-1]
    return (tail[0].isupper() or last.isupper() or "-" in head or any(c.isdigit() for c in word)
            or turkish.lower(last) in KEEP_PREFIXES or turkish.lower(tail) in KEEP_HEADS)


def _join(lines: list[_Line], lexicon: set[str], rep: _Repairs) -> str:
    text = lines[0].text
    for ln in lines[1:]:
        nxt = ln.text
        if not text.endswith(_HYPHENS):
            text = f"{text} {nxt}"
            continue
        soft = text.endswith(clean.SOFT_HYPHEN)
        head = text[:-1].rsplit(" ", 1)[-1].lstrip(_EDGE_PUNCT)
        tail = nxt.split(" ", 1)[0]
        if not soft and keep_hyphen(head, tail, lexicon):
            text = f"{text[:-1]}-{nxt}"
            rep.kept.append(f"{head}-{tail.rstrip(_EDGE_PUNCT)}")
        else:
            text = text[:-1] + nxt
            rep.joined.append(f"{head}-{tail.rstrip(_EDGE_PUNCT)} → {head}{tail.rstrip(_EDGE_PUNCT)}")
    if text.endswith(clean.SOFT_HYPHEN):
        text = text[:-1]
    return text


# ---------------------------------------------------------------- notes

def _examples(items: list[str], n: int = 3) -> str:
    shown = list(dict.fromkeys(items))
    return ", ".join(shown[:n]) + (", …" if len(shown) > n else "")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _notes(rep: _Repairs, lines: int, paras: int, pages: int) -> list[str]:
    out = []
    if rep.two_column_pages:
        pp = rep.two_column_pages
        where = f"page {pp[0]}" if len(pp) == 1 else f"pages {pp[0]}-{pp[-1]}" \
            if pp == list(range(pp[0], pp[-1] + 1)) else "pages " + ", ".join(map(str, pp))
        out.append(f"read two columns in order on {where} (of {pages})")
    for text, n in rep.furniture.items():
        out.append(f"removed a running header/footer from {_n(n, 'page')}: '{text[:60]}'")
    if rep.counts["page number"]:
        out.append(f"removed {_n(rep.counts['page number'], 'page number')}")
    if rep.joined:
        out.append(f"joined {_n(len(rep.joined), 'word')} hyphenated across lines "
                   f"({_examples(rep.joined)})")
    if rep.kept:
        out.append(f"kept the hyphen of {_n(len(rep.kept), 'compound')} broken at a line end "
                   f"({_examples(rep.kept)})")
    out.append(f"joined {_n(lines, 'line')} into {_n(paras, 'paragraph')}")
    return out + clean.notes(rep.counts)
