"""An article's web page (HTML, standard library parser).

Journal pages (OJS, DergiPark, publishers') carry the paper's front matter in meta tags:
``citation_title``/``DC.Title`` (``DC.Title.Alternative`` for the translated title),
``citation_abstract``/``DC.Description``, ``citation_keywords``/``DC.Subject``, each with an
``xml:lang``/``lang`` attribute. These give the title, abstract and keywords of each language.
The page's visible text (scripts, styles, navigation, forms and footers left out) is the
running text, its paragraphs marked with the language of the nearest element inside the body
that declares one (``<section lang="tr">``), so its headings give what the meta tags do not.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from html.parser import HTMLParser

from bitext import textcodec
from bitext.readers import clean, markup
from bitext.readers.base import Extract
from bitext.records import Block

META_KINDS = {
    "citation_title": "title", "dc.title": "title", "dc.title.alternative": "title",
    "citation_abstract": "abstract", "dc.description": "abstract",
    "dc.description.abstract": "abstract",
    "citation_keywords": "keywords", "dc.subject": "keywords",
}
PAGE_LANG = ("citation_language", "dc.language")
PAIRED_KINDS = ("title", "abstract", "keywords")
HIDDEN = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside", "form",
                    "button", "select", "svg", "head", "iframe", "object"})
BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
                   "article", "main", "header", "blockquote", "table", "tr", "td", "th", "dt",
                   "dd", "dl", "br", "hr", "figcaption", "figure", "pre", "address", "body"})
VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col",
                  "embed", "source", "track", "param"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str | None, str, int]] = []  # name, lang, content, line
        self.paras: list[tuple[str, str | None]] = []  # text, declared language
        self.root_lang: str | None = None
        self._open: list[tuple[str, str | None]] = []  # open elements: tag, its lang (inside body)
        self._hidden = 0
        self._chunks: list[str] = []

    def _lang(self) -> str | None:
        return next((lang for _tag, lang in reversed(self._open) if lang), None)

    def _flush(self) -> None:
        text = markup.squash("".join(self._chunks))
        if text:
            self.paras.append((text, self._lang()))
        self._chunks = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        lang = markup.lang_code(a.get("xml:lang") or a.get("lang"))
        if tag == "meta" and a.get("name"):
            self.meta.append((a["name"].lower(), lang, a.get("content", ""), self.getpos()[0]))
        if tag == "html":
            self.root_lang = lang
        if tag in BLOCK:
            self._flush()
        if tag in VOID:
            return
        if tag in HIDDEN:
            self._hidden += 1
        self._open.append((tag, lang if tag not in ("html", "body") else None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self._flush()
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                closed = self._open[i:]
                del self._open[i:]
                self._hidden -= sum(t in HIDDEN for t, _ in closed)
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._chunks.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def decode(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """The page's text by its declared charset, else as a text file is decoded."""
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            enc = codecs.lookup(m.group(1).decode("ascii")).name
            return data.decode(enc).lstrip("\ufeff"), enc, []
        except (LookupError, UnicodeDecodeError):
            pass
    return textcodec.decode(data, path)


def read(data: bytes, path: str) -> Extract:
    """The meta tags' front matter as blocks, the visible text as running text."""
    source, encoding, notes = decode(data, path)
    page = _Page()
    page.feed(source)
    page.close()
    counts: Counter = Counter()
    blocks = _meta_blocks(page, counts, notes)
    lines, langs = [], {}
    for text, lang in page.paras:
        text = clean.normalise(text, counts)
        if lang:
            langs[2 * len(lines) + 1] = lang
        lines.append(text)
    if blocks:
        notes.append(f"meta tags gave {markup.summary(blocks)}")
    notes.append(f"page text: {len(lines)} paragraphs (scripts, styles, navigation, footers left out)")
    return Extract("html", "\n\n".join(lines), tuple(blocks), langs, notes + clean.notes(counts),
                   encoding)


def _meta_blocks(page: _Page, counts: Counter, notes: list[str]) -> list[Block]:
    page_lang = next((markup.lang_code(c) for n, _l, c, _ln in page.meta if n in PAGE_LANG),
                     None) or page.root_lang
    keywords: dict[str | None, list[tuple[str, int, str]]] = {}
    found: dict[tuple[str, str], Block] = {}
    for name, lang, content, line in page.meta:
        kind = META_KINDS.get(name)
        text = clean.normalise(markup.squash(_TAG.sub(" ", content)), counts)
        if not kind or not text:
            continue
        # an untagged title is the page language's only when it is the main title
        declared = lang or (page_lang if name in ("citation_title", "dc.title") else None)
        if kind == "keywords":
            keywords.setdefault(declared, []).append((text, line, name))
            continue
        b = markup.block(kind, declared, text, line, name, notes)
        if b and len(b.text) > len(found.get((kind, b.lang), b).text) or (kind, b.lang) not in found:
            found[(kind, b.lang)] = b
    for declared, items in keywords.items():
        b = markup.block("keywords", declared, markup.keywords_text([t for t, _l, _n in items]),
                         items[0][1], items[0][2], notes)
        found.setdefault(("keywords", b.lang), b)
    return sorted(found.values(), key=lambda b: (PAIRED_KINDS.index(b.kind), b.line))
