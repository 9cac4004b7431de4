"""Documents: read text files, split them into blocks, find a bilingual paper's structure, pair
Turkish with English blocks, and segment blocks into sentences.

A block is a paragraph (lines up to a blank line) of one kind and one language. Kinds:
``title`` (short non-sentence lines near the top, the first per language), ``abstract`` (after
a heading Abstract/Summary/Özet/Öz, inline ``Abstract: ...`` too), ``keywords`` (Keywords/Key
words/Anahtar Kelimeler/Anahtar Sözcükler), ``meta`` (other front matter: authors,
affiliations, citation lines; and the bibliography) and ``body``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from bitext import langid, readers, textcodec, turkish
from bitext.errors import InputError, LanguageError
from bitext.records import Block, BlockPair, Document, Sentence

LANG_NAMES = {"tr": "Turkish", "en": "English", "de": "German", "fr": "French", "es": "Spanish",
              "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "ar": "Arabic",
              "az": "Azerbaijani", "fa": "Persian"}
# Heading (Turkish-lower-cased) → (block kind, language).
HEADINGS: dict[str, tuple[str, str]] = {
    "abstract": ("abstract", "en"), "summary": ("abstract", "en"),
    "özet": ("abstract", "tr"), "öz": ("abstract", "tr"),
    "keywords": ("keywords", "en"), "key words": ("keywords", "en"), "key-words": ("keywords", "en"),
    "index terms": ("keywords", "en"),
    "anahtar kelimeler": ("keywords", "tr"), "anahtar sözcükler": ("keywords", "tr"),
    "anahtar kavramlar": ("keywords", "tr"),
}
REFERENCES = ("references", "bibliography", "works cited", "kaynakca", "kaynaklar")  # ascii-folded
PAIRED_KINDS = ("title", "abstract", "keywords")
_HEADING_RE = re.compile(
    r"[#*_\s]*(?P<h>" + "|".join(sorted(map(re.escape, HEADINGS), key=len, reverse=True)) + r")"
    r"[*_]*[ \t]*(?:(?P<alone>\s*$)|[:.\-–—][*_]*\s*(?=\S)|\n\s*(?=\S))")
_MARKUP = re.compile(r"^[#*_\s]+|[*_\s:]+$")
_KEYWORD_SEP = re.compile(r"\s*[,;·•]\s*")
_BLANK = re.compile(r"\n[ \t\f\v]*\n")
_NOT_TITLE = ("@", "http", "orcid", "doi", "issn", "yazar", "author", "universit", "üniversite",
              "received", "accepted", "geliş", "kabul", "citation", "atıf", "cilt", "volume",
              "faculty", "fakülte", "department", "bölüm", "makale", "article", "derleme",
              "review", "e-mail", "e-posta")
SURE, SURE_CHARS = 0.5, 20  # a paragraph this confident and long can tell its own language
ABSTRACT_MAX_PARAS = 6
HEADING_PREFIX = 80  # characters of a paragraph looked at for a heading  # paragraphs an abstract may span when a keywords heading closes it


@dataclass
class _Para:
    line: int
    text: str
    kind: str = ""
    lang: str = ""
    heading: str = ""


# ---------------------------------------------------------------- reading

def read_text(path: str | Path, *, repair: bool = False) -> tuple[str, str, list[str]]:
    """``(text, encoding, notes)`` of a text file: decoded (see :mod:`bitext.textcodec`),
    NFC-normalised, code-page damage reported (and repaired with ``repair=True``)."""
    from bitext.fileio import display_name, read_bytes
    return _decode(read_bytes(path), display_name(path), repair)


def _decode(data: bytes, path: str, repair: bool) -> tuple[str, str, list[str]]:
    text, encoding, notes = textcodec.decode(data, path)
    text, damage_notes = _damage(turkish.nfc(text), repair)
    return text, encoding, notes + damage_notes


def _damage(text: str, repair: bool) -> tuple[str, list[str]]:
    """``text`` (repaired with ``repair``) and the notes on its code-page damage."""
    damage = textcodec.find_damage(text)
    if damage and repair:
        text = textcodec.repair(text, damage)
    return text, textcodec.damage_notes(damage, repaired=repair)


def read_document(path: str | Path, *, repair: bool = False, lang: str | None = None) -> Document:
    """Read a document into blocks: plain text, or a PDF, Word, HTML or JATS file (the reader
    chosen by content, see :mod:`bitext.readers`). ``lang``: the language the caller expects
    the document to be in; a document clearly in another language raises :class:`LanguageError`."""
    from bitext.fileio import read_bytes
    p = Path(path)
    data = read_bytes(p)
    kind = readers.sniff(data, str(p))
    if kind == "text":
        text, encoding, notes = _decode(data, str(p), repair)
        blocks = split_blocks(text)
    else:
        ex = readers.extract(kind, data, str(p))
        blocks, notes = _extracted_blocks(ex, repair)
        encoding = ex.encoding
        if not blocks:
            raise InputError(f"no text found in this {kind} file", path=str(p),
                             fix="check that it holds the paper's text")
    notes = list(notes)
    if lang:
        notes += check_language([ln for b in blocks if b.kind != "meta" for ln in b.text.split("\n")],
                                lang, str(path))
    return Document(str(path), tuple(blocks), encoding, tuple(notes), kind)


def _extracted_blocks(ex: readers.Extract, repair: bool) -> tuple[list[Block], list[str]]:
    """The blocks of a reader's extract: those its markup gave, then those found in its running
    text (the language its markup declares for a paragraph kept unless the text is clearly in
    another), less the title/abstract/keywords of a language the markup already gave."""
    notes = list(ex.notes)
    marked = []
    for b in ex.blocks:
        text, damage = _damage(turkish.nfc(b.text), repair)
        notes += [f"{b.kind} ({b.lang}): {n}" for n in damage]
        marked.append(replace(b, text=text))
    found = []
    if ex.text.strip():
        text, damage = _damage(turkish.nfc(ex.text), repair)
        notes += [f"in the extracted text: {n}" for n in damage]
        for b in split_blocks(text):
            hint = ex.langs.get(b.line)
            if hint and hint != b.lang and not langid.clearly_other(b.text, hint):
                b = replace(b, lang=hint)
            found.append(b)
    covered = {(b.kind, b.lang) for b in marked if b.kind in PAIRED_KINDS}
    return marked + [b for b in found if (b.kind, b.lang) not in covered], notes


def read_pair(tr_path: str | Path, en_path: str | Path, *, repair: bool = False,
              src_lang: str = "tr", tgt_lang: str = "en") -> Document:
    """A translation kept in two files (``X.tr.txt`` + ``X.en.txt``) as one Document.

    Each side's title/abstract/keywords blocks are kept; its remaining paragraphs become one
    ``body`` block in that side's language, so the two bodies pair with each other.
    """
    blocks, notes, encodings, kinds = [], [], [], []
    for path, lang in ((tr_path, src_lang), (en_path, tgt_lang)):
        doc = read_document(path, repair=repair, lang=lang)
        blocks += _side_blocks(doc, lang)
        notes += [f"{Path(path).name}: {n}" for n in doc.notes]
        encodings.append(doc.encoding)
        kinds.append(doc.reader)
    enc = encodings[0] if encodings[0] == encodings[1] else "+".join(encodings)
    reader = kinds[0] if kinds[0] == kinds[1] else "+".join(kinds)
    return Document(f"{tr_path}|{en_path}", tuple(blocks), enc, tuple(notes), reader)


def _side_blocks(doc: Document, lang: str) -> list[Block]:
    kept = [b for b in doc.blocks if b.kind in PAIRED_KINDS or b.kind == "meta"]
    rest = [b for b in doc.blocks if b not in kept]
    if rest:
        kept.append(Block("body", lang, "\n\n".join(b.text for b in rest), rest[0].line))
    return sorted(kept, key=lambda b: b.line)


def read_presegmented(path: str | Path, *, lang: str | None = None,
                      notes: list[str] | None = None) -> list[str]:
    """One sentence per line (line i is sentence i; empty lines kept so indices stay line
    numbers). ``lang`` as in :func:`read_document`; ``notes`` gets what reading did (decoding)."""
    text, _enc, read_notes = read_text(path)
    if notes is not None:
        notes += read_notes
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if lang:
        note = check_language(lines, lang, str(path))
        if notes is not None:
            notes += note
    return lines


def check_language(lines: list[str], lang: str, path: str) -> list[str]:
    """Decide a document's language over all its ``lines`` (:func:`bitext.langid.document_language`):
    raise :class:`LanguageError` when it is clearly another language; a one-line note (aligned
    anyway) when it is unclear; ``[]`` when it is ``lang``."""
    verdict, found, share = langid.document_language(lines, lang)
    if verdict == "other":
        raise _language_error(path, lang, found, 1, share)
    if verdict == "unclear":
        name = LANG_NAMES.get(lang, lang)
        return [f"language unclear: only part of the text reads as {name} ({lang}), "
                f"{share:.0%} as {LANG_NAMES.get(found, found)} ({found}); aligned as {lang}"]
    return []


def check_text_language(text: str, lang: str, path: str) -> None:
    """Raise :class:`LanguageError` when no paragraph of ``text`` is in ``lang`` and most are
    clearly in one other language (a bilingual paper passes). Cheap: only paragraphs long enough
    for the fast detector count."""
    sizes: Counter[str] = Counter()
    first: dict[str, int] = {}
    for line, para in paragraphs(text):
        if len(para) >= langid.SHORT:
            found = langid.clearly_other(para, lang) or langid.detect(para)[0]
            sizes[found] += len(para)
            first.setdefault(found, line)
    if not sizes or sizes[lang]:
        return
    found, size = sizes.most_common(1)[0]
    if found != langid.UNDETERMINED and size >= 0.6 * sum(sizes.values()) \
            and langid.clearly_other(text, lang):
        raise _language_error(path, lang, found, first[found])


def _language_error(path: str, expected: str, found: str, line: int,
                    share: float | None = None) -> LanguageError:
    name = lambda c: LANG_NAMES.get(c, c)  # noqa: E731
    part = f" ({share:.0%} of its characters)" if share is not None else ""
    return LanguageError(
        f"expected {name(expected)} ({expected}) but the text is {name(found)} ({found}){part}",
        path=path, line=line,
        fix=f"give the {name(expected)} file here (are the files swapped?) or declare it as {found}")


# ---------------------------------------------------------------- blocks

def paragraphs(text: str) -> list[tuple[int, str]]:
    """``(line, text)`` of each paragraph (lines up to a blank line), 1-based lines."""
    out, pos, line = [], 0, 1
    for m in [*_BLANK.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            out.append((line + chunk.count("\n", 0, lead), body))
        if m:
            line += text.count("\n", pos, m.end())
            pos = m.end()
    return out


def split_blocks(text: str) -> list[Block]:
    """The blocks of a document's text (see the module docstring for the kinds)."""
    paras = [_Para(line, t) for line, t in paragraphs(text)]
    _mark_structure(paras)
    last = max((i for i, p in enumerate(paras) if p.kind), default=-1)
    front = paras[:last + 1] if last >= 0 else paras[:1]
    _mark_titles(front, bilingual=last >= 0)
    in_refs = False
    for i, p in enumerate(paras):
        if p.kind:
            continue
        heading = _MARKUP.sub("", p.text)
        if len(heading) < 30 and turkish.ascii_fold(heading) in REFERENCES:
            in_refs, p.heading = True, heading
        p.kind = "meta" if in_refs or i < last else "body"
    _detect_languages(paras)
    return [Block(p.kind, p.lang, p.text, p.line, p.heading) for p in paras if p.text]


def _detect_languages(paras: list[_Para]) -> None:
    """Each unlabelled paragraph's language. One too short or unsure to tell (a section heading
    such as "Conclusion") takes the language of the next paragraph that can tell, else of the
    previous one. Two linear passes, so a document of many short lines stays linear."""
    sure = []
    for p in paras:
        if p.lang:
            sure.append(True)
            continue
        p.lang, conf = langid.detect(p.text)
        sure.append(conf >= SURE and len(p.text) >= SURE_CHARS)
    prev: list[str | None] = []
    last = None
    for p, ok in zip(paras, sure):
        prev.append(last)
        last = p.lang if ok else last
    nxt = None
    for i in range(len(paras) - 1, -1, -1):
        if sure[i]:
            nxt = paras[i].lang
        else:
            paras[i].lang = nxt or prev[i] or paras[i].lang


def _fold(text: str) -> str:
    """Lower-case for heading matching, same length as ``text`` (offsets carry over): Turkish
    rules, then ı→i so English capitals match too (ABSTRACT, INDEX TERMS)."""
    return turkish.lower(text).replace("ı", "i")


def _heading(text: str) -> tuple[str, str, str, str] | None:
    """``(kind, lang, printed heading, rest)`` when ``text`` starts with a structural heading."""
    prefix = _fold(text[:HEADING_PREFIX])
    m = _HEADING_RE.match(prefix)
    if not m or (m.group("alone") is not None and len(text) > len(prefix)):
        return None
    kind, lang = HEADINGS[m.group("h")]
    rest = "" if m.group("alone") is not None else text[m.end():].strip()
    return kind, lang, text[m.start("h"):m.end("h")], rest


def _mark_structure(paras: list[_Para]) -> None:
    """Mark abstract and keywords paragraphs (their headings stripped) in place."""
    i = 0
    while i < len(paras):
        h = _heading(paras[i].text)
        if not h:
            i += 1
            continue
        kind, lang, printed, rest = h
        first = paras[i]
        if rest:
            first.line += first.text[:first.text.index(rest)].count("\n")
            first.text, span = rest, [first]
        else:
            first.text = ""  # a heading alone on its line: its content follows
            span = _content_after(paras, i, kind)
        for p in span:
            p.kind, p.heading = kind, printed
            p.lang = _block_lang(p.text, lang, kind)
        if len(span) > 1:  # a multi-paragraph abstract is one block
            span[0].text = "\n\n".join(p.text for p in span)
            for p in span[1:]:
                p.text = ""
        i += 1 + (len(span) if not rest else 0)
    paras[:] = [p for p in paras if p.text]


def _content_after(paras: list[_Para], i: int, kind: str) -> list[_Para]:
    """The paragraph(s) a heading alone on its line introduces: one, or for an abstract all up
    to a keywords heading within ``ABSTRACT_MAX_PARAS``."""
    nxt = paras[i + 1:i + 1 + ABSTRACT_MAX_PARAS]
    if not nxt or _heading(nxt[0].text):
        return []
    if kind == "abstract":
        for j, p in enumerate(nxt):
            h = _heading(p.text)
            if h:
                return nxt[:j] if h[0] == "keywords" else nxt[:1]
    return nxt[:1]


def _block_lang(text: str, heading_lang: str, kind: str) -> str:
    """The heading's language unless the text is clearly in another one."""
    other = langid.clearly_other(text, heading_lang) if kind == "abstract" else None
    return other or heading_lang


def _mark_titles(front: list[_Para], bilingual: bool) -> None:
    """The first title-like paragraph of each language in the front matter is its title."""
    seen: set[str] = set()
    for p in front:
        if p.kind or not _title_like(p.text):
            continue
        lang, conf = langid.detect(p.text)
        if lang == langid.UNDETERMINED or lang in seen or conf < 0.5:
            continue
        p.kind, p.lang = "title", lang
        seen.add(lang)
        if not bilingual:
            return


def _title_like(text: str) -> bool:
    """Up to 3 lines, 300 characters, mostly letters, no line ending like a sentence, no
    author/affiliation/article-type words."""
    lines = text.split("\n")
    if len(lines) > 3 or len(text) > 300 or any(ln.rstrip().endswith((".", ",", ";")) for ln in lines):
        return False
    low = turkish.lower(text)
    words = text.split()
    letters = sum(ch.isalpha() for ch in text)
    return len(words) >= 2 and letters >= 0.7 * len(text.replace(" ", "")) \
        and not any(s in low for s in _NOT_TITLE)


# ---------------------------------------------------------------- pairing and sentences

def pair_blocks(doc: Document, src_lang: str = "tr", tgt_lang: str = "en") -> list[BlockPair]:
    """Translation pairs: title↔title, abstract↔abstract (Özet/Öz ↔ Abstract), keywords↔
    keywords, and body blocks in order when both languages have the same number of them and
    every such pair has plausible translation lengths (ratio 0.5-2).
    ``[]`` when the document has no ``src_lang`` counterpart (e.g. an English-only text)."""
    pairs = []
    for kind in PAIRED_KINDS:
        src = next((b for b in doc.blocks if b.kind == kind and b.lang == src_lang), None)
        tgt = next((b for b in doc.blocks if b.kind == kind and b.lang == tgt_lang), None)
        if src and tgt:
            pairs.append(BlockPair(kind, src, tgt))
    src_body = [b for b in doc.blocks if b.kind == "body" and b.lang == src_lang]
    tgt_body = [b for b in doc.blocks if b.kind == "body" and b.lang == tgt_lang]
    if src_body and len(src_body) == len(tgt_body) and all(
            _translation_length(s.text, t.text) for s, t in zip(src_body, tgt_body)):
        pairs += [BlockPair("body", s, t) for s, t in zip(src_body, tgt_body)]
    return pairs


def _translation_length(a: str, b: str) -> bool:
    """Could ``b`` be a translation of ``a`` by length? (Turkish/English run about 0.8-1.3.)"""
    return 0.5 <= (len(a) + 10) / (len(b) + 10) <= 2.0


MAX_SENTENCE_CHARS = 4000  # longer is no sentence (a list, a table, a text without stops)


def refuse_long(sentences: list[str], path: str, line: int | None = None,
                presegmented: bool = False) -> None:
    """InputError for the first segment longer than :data:`MAX_SENTENCE_CHARS` (``line``: the
    block's first line; ``presegmented``: segment i is line i + 1)."""
    for i, text in enumerate(sentences):
        if len(text) > MAX_SENTENCE_CHARS:
            where = i + 1 if presegmented else line
            raise InputError(f"a segment of {len(text):,} characters (limit {MAX_SENTENCE_CHARS:,}): "
                             "not a sentence", path=path, line=where,
                             fix="split it into sentences (add full stops or line breaks), or "
                                 "leave it out")


def segment(block: Block, lang: str | None = None, backend: str | None = None) -> list[Sentence]:
    """A block's segments, offsets into ``block.text``: one for a title, the items of a
    keywords block, the sentences of anything else (through :func:`bitext.nlp.get_pipeline`)."""
    text = block.text
    if block.kind == "title":
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return [Sentence(text[start:end], start, end)] if end > start else []
    if block.kind == "keywords":
        return keyword_items(text)
    from bitext.nlp import get_pipeline
    return get_pipeline(lang or block.lang, backend).sentences(text)


def keyword_items(text: str) -> list[Sentence]:
    """The comma/semicolon separated items of a keywords line (a leading heading stripped)."""
    h = _heading(text)
    offset = text.index(h[3]) if h and h[3] else 0
    out, pos = [], offset
    for m in [*_KEYWORD_SEP.finditer(text, offset), None]:
        end = m.start() if m else len(text)
        item = text[pos:end]
        s = pos + len(item) - len(item.lstrip())
        e = pos + len(item.rstrip().rstrip("."))
        if e > s:
            out.append(Sentence(text[s:e], s, e))
        if m:
            pos = m.end()
    return out


def describe(doc: Document) -> list[str]:
    """One line per block: ``line kind lang heading: text...`` (for reports and debugging)."""
    return [f"{b.line:>4} {b.kind:<8} {b.lang:<3} {b.heading + ': ' if b.heading else ''}"
            f"{b.text[:70]!r}" for b in doc.blocks]


__all__ = ["check_language", "check_text_language", "describe", "keyword_items", "pair_blocks", "paragraphs", "read_document",
           "read_pair", "read_presegmented", "read_text", "segment", "split_blocks"]
