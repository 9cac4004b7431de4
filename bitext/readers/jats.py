"""JATS XML (journal article tag suite), parsed with defusedxml: no entity declarations are
expanded and nothing outside the file is fetched; the named characters of the JATS DTD
(``&nbsp;``, ``&ndash;`` ...) are known without reading it.

Blocks from the elements: ``article-title`` (in the article's ``xml:lang``) and each
``trans-title-group``'s ``trans-title``; ``abstract`` and ``trans-abstract``; each ``kwd-group``'s
``kwd`` items, every one in its ``xml:lang``; the same in each ``sub-article`` (translations);
the ``body`` paragraphs and section titles as body blocks."""
from __future__ import annotations

import html.entities
import xml.etree.ElementTree as ET
from collections import Counter

from bitext.errors import InputError
from bitext.readers import clean, markup
from bitext.readers.base import Extract
from bitext.records import Block

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SKIP_ABSTRACTS = ("graphical", "teaser", "toc")


class _Builder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.parser = None
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):
        elem = super().start(tag, attrs)
        self.lines[id(elem)] = self.parser.parser.CurrentLineNumber if self.parser else 0
        return elem


def _parse(data: bytes, path: str) -> tuple[ET.Element, dict[int, int]]:
    import defusedxml
    from defusedxml.ElementTree import DefusedXMLParser
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    builder.parser = parser
    parser.entity.update({name: chr(cp) for name, cp in html.entities.name2codepoint.items()})
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as err:
        line = err.position[0] if err.position else None
        raise InputError(f"malformed XML ({err})", path=path, line=line,
                         fix="repair the XML (an unclosed or misspelt tag?)") from None
    except defusedxml.DefusedXmlException as err:
        raise InputError(f"XML declares entities or external references, refused ({err})",
                         path=path, fix="remove the DOCTYPE's internal subset") from None
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    return root, builder.lines


def read(data: bytes, path: str) -> Extract:
    """Front matter of the article and its sub-articles as blocks; the body as body blocks."""
    root, lines = _parse(data, path)
    counts: Counter = Counter()
    notes: list[str] = []

    def text(el: ET.Element, skip_title: bool = False) -> str:
        paras = [p for p in el.iter("p")]
        parts = paras or [el]
        if not paras and skip_title:
            parts = [c for c in el if c.tag != "title"] or [el]
            texts = [(el.text or "")] + ["".join(c.itertext()) + (c.tail or "") for c in parts]
            return clean.normalise(markup.squash(" ".join(texts)), counts)
        return "\n\n".join(clean.normalise(markup.squash("".join(p.itertext())), counts) for p in parts)

    blocks: list[Block] = []

    def add(kind: str, lang: str | None, body: str, el: ET.Element) -> None:
        b = markup.block(kind, lang, body, lines.get(id(el), 0), el.tag, notes)
        if b and (kind == "body" or all((x.kind, x.lang) != (b.kind, b.lang) for x in blocks)):
            blocks.append(b)

    for art in [root, *root.iter("sub-article")]:
        lang = markup.lang_code(art.get(XML_LANG)) or (markup.lang_code(root.get(XML_LANG))
                                                        if art is not root else None)
        front = next((f for f in (art.find("front/article-meta"), art.find("front-stub"))
                      if f is not None), None)
        if front is None:
            continue
        for t in front.iter("article-title"):
            add("title", markup.lang_code(t.get(XML_LANG)) or lang, text(t), t)
        for g in front.iter("trans-title-group"):
            for t in g.iter("trans-title"):
                add("title", markup.lang_code(t.get(XML_LANG) or g.get(XML_LANG)), text(t), t)
        for tag in ("abstract", "trans-abstract"):
            for a in front.findall(tag):
                if a.get("abstract-type") in SKIP_ABSTRACTS:
                    continue
                add("abstract", markup.lang_code(a.get(XML_LANG)) or (lang if tag == "abstract" else None),
                    text(a, skip_title=True), a)
        for g in front.findall("kwd-group"):
            items = ["".join(k.itertext()) for k in g.iter("kwd")]
            add("keywords", markup.lang_code(g.get(XML_LANG)) or lang, markup.keywords_text(items), g)
        body = art.find("body")
        if body is not None:
            for el in body.iter():
                if el.tag in ("p", "title"):  # the article's language is no claim on its body
                    add("body", markup.lang_code(el.get(XML_LANG)),
                        clean.normalise(markup.squash("".join(el.itertext())), counts), el)
    front_blocks = [b for b in blocks if b.kind != "body"]
    if front_blocks:
        notes.insert(0, f"JATS elements gave {markup.summary(front_blocks)}")
    return Extract("jats", "", tuple(blocks), notes=notes + clean.notes(counts))
