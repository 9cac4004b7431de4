"""Readers for bilingual papers as they come: PDF, Word (.docx), the article's web page (HTML)
and JATS XML, besides plain text. The reader is chosen by the file's content (magic bytes, the
root element), not by its name; each gives an :class:`Extract` that
:func:`bitext.documents.read_document` turns into a Document of blocks."""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

from bitext.errors import InputError
from bitext.readers.base import Extract

SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm", ".xhtml", ".xml")  # what a folder offers
_ROOT = re.compile(rb"<(?![?!])([A-Za-z][\w:.-]*)")
_DOCTYPE_HTML = re.compile(rb"<!doctype\s+html", re.IGNORECASE)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)


def sniff(data: bytes, path: str) -> str:
    """``pdf``, ``docx``, ``html``, ``jats`` or ``text``, from the content. Raises
    :class:`InputError` for a format no reader takes (old .doc, other zip or XML files)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise InputError("a damaged zip archive (a .docx?)", path=path,
                             fix="open it in Word and save it again as .docx") from None
        if "word/document.xml" in names:
            return "docx"
        raise InputError("a zip archive that is not a Word .docx", path=path,
                         fix="give the .docx, .pdf, .html, .xml or .txt file itself")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("an old Word 97-2003 .doc file", path=path,
                         fix="save it as .docx (Word: File > Save As) or as PDF")
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return "text"
    if _DOCTYPE_HTML.search(head):
        return "html"
    m = _ROOT.search(_COMMENT.sub(b"", head))
    root = m.group(1).split(b":")[-1].lower() if m else b""
    if root in (b"html", b"head", b"body"):
        return "html"
    if root == b"article":
        return "jats"
    if root in (b"tmx",):
        raise InputError("a TMX translation memory, not a document", path=path,
                         fix="use bitext export or bitext check --pairs for TMX files")
    if head.startswith(b"<?xml"):
        raise InputError(f"XML with root <{root.decode(errors='replace')}>, not a JATS <article>",
                         path=path, fix="give a JATS article XML, or the article's PDF or web page")
    return "html" if path.lower().endswith((".html", ".htm", ".xhtml")) else "text"


def extract(kind: str, data: bytes, path: str) -> Extract:
    """The Extract of ``data`` by the reader ``kind`` (see :func:`sniff`)."""
    if kind == "pdf":
        from bitext.readers import pdf
        return pdf.read(data, path)
    if kind == "docx":
        from bitext.readers import docx
        return docx.read(data, path)
    if kind == "html":
        from bitext.readers import html
        return html.read(data, path)
    if kind == "jats":
        from bitext.readers import jats
        return jats.read(data, path)
    raise ValueError(f"no reader {kind!r}")


__all__ = ["Extract", "SUFFIXES", "extract", "sniff"]
