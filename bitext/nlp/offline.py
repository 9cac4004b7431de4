"""Rule-based sentence splitter and tokenizer for Turkish and English (no models).

Both are single regex scans over the text (linear time); :func:`iter_sentences` yields lazily so
a long document is never held twice. A boundary is a run of ``.!?…`` (with closing quotes or
brackets) followed by whitespace and a sentence start (an upper-case letter or a digit, possibly
behind an opening quote/bracket), unless the word before the period is an abbreviation, an
initial (``A.N.``), a dotted acronym (``U.S.``) or, in Turkish, an ordinal (``15. yüzyıl``,
``1. Dünya Savaşı``) or a single lower-case letter (``Mümin b. Mukbil``, ibn). A period with no
space after it ends a sentence only between a lower-case word of two letters or more and a
capitalised word or a number (``şairidir.Bu``, ``bilinir.19. yüzyılda``; not ``57.3``,
``U.S.A``, ``www.x.org``). Blank lines always end a sentence. Quotes are not tracked across
sentences, so an unbalanced quote cannot swallow the rest of a paragraph.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from bitext import turkish
from bitext.nlp import Pipeline
from bitext.records import Sentence, Token

# Abbreviations never ending a sentence (lower-case, no final dot): titles, references.
ABBREV_INNER = frozenset("""
dr prof doç doc yrd öğr ogr gör arş ars uzm av müh sn hz alb org korg tuğg tümg
bkz bk krş örn mah cad sok apt cilt ed eds çev haz yay
mr mrs ms messrs st jr sr fig figs eq eqs chap al cf viz approx dept univ v
""".split())
# Abbreviations that may also end a sentence: they end one when a capitalised word follows
# (so "No. 5", "s. 45", "Oct. 7" stay whole, while "... said no. What ..." splits).
ABBREV_FINAL = frozenset("""vb vd vs etc ltd inc co corp şti sti yy no nr nos s ss sf c p pp vol vols
jan feb mar apr jun jul aug sep sept oct nov dec oca şub nis haz tem ağu eyl eki kas ara""".split())
# Language-specific exceptions: English "vs." is "versus" (mid-sentence), Turkish "vs." "vesaire".
ABBREV_INNER_LANG = {"en": frozenset({"vs"})}

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
# A terminator run, its closers, the whitespace after it (or none, before a word: "bilinir.19.").
_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(\s+|(?=\w))")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LAST_WORD = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")  # u.s / e.g / a.n / d.c
_NUMBER = re.compile(r"^\d{1,3}$")
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")  # I..XXXIX

_APOS = "'’ʼ"
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]'’]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<num>[%#]?\d+(?:[.,:]\d+)*(?:[" + _APOS + r"]\w+)?%?)"
    r"|(?P<acr>(?:[^\W\d_]\.){2,})"
    r"|(?P<word>\w+(?:[-" + _APOS + r"]\w+)*)"
    r"|(?P<ell>\.{3}|…)"
    r"|(?P<punct>[^\w\s])"
)


def _is_abbrev(word: str, final_ok: bool, lang: str | None = None) -> bool:
    """Is ``word`` (the text before a period, without it) an abbreviation keeping the sentence?"""
    core = word.lstrip(_OPENERS)
    if not core:
        return False
    low = turkish.lower(core, "tr")
    if low in ABBREV_INNER or low in ABBREV_INNER_LANG.get(lang or "", ()) \
            or _DOTTED.match(core.rsplit("-", 1)[-1]):  # "U.S.", "non-U.S."
        return True
    if low in ABBREV_FINAL:
        return not final_ok
    return len(core) == 1 and core.isalpha()  # an initial ("A. Çora") or "b." (ibn)


def _starts_sentence(text: str, pos: int) -> tuple[bool, bool]:
    """(may a sentence start at ``pos``?, does it start with a capitalised word?)."""
    i, n = pos, len(text)
    while i < n and text[i] in _OPENERS:
        i += 1
    if i >= n:
        return False, False
    ch = text[i]
    if ch.isupper():
        return True, True
    return ch.isdigit() and i == pos, False  # "(2021)" after "et al." is not a new sentence


def iter_spans(text: str, lang: str | None = None) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence of ``text`` (whitespace trimmed)."""
    for para_start, para_end in _paragraphs(text):
        start = para_start
        for m in _BOUNDARY.finditer(text, para_start, para_end):
            if not _is_boundary(text, m, lang, start):
                continue
            end = m.start(1)
            if end > start:
                yield start, end
            start = m.end()
        end = para_end
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _BLANK_LINE.finditer(text):
        yield _lstrip(text, start, m.start()), m.start()
        start = m.end()
    yield _lstrip(text, start, len(text)), len(text)


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _is_boundary(text: str, m: re.Match, lang: str | None, sent_start: int) -> bool:
    ok, capital = _starts_sentence(text, m.end())
    if not ok:
        return False
    run = m.group(0)
    if not m.group(1) and not _glued(text, m):
        return False
    if run[0] != "." or run.startswith("..") or run.rstrip()[-1] in _CLOSERS:
        return True  # "!", "?", "…", "...", or a period inside closing quotes/brackets
    lw = _LAST_WORD.search(text, max(0, m.start() - 40), m.start())
    word = lw.group(1) if lw else ""
    if _is_abbrev(word, final_ok=capital, lang=lang):
        return False
    if (_NUMBER.match(word) or _ROMAN.match(word)) and (lang == "tr" or lw.start() == sent_start):
        return False  # ordinal ("1. Dünya Savaşı", "II. Abdülhamid") or item number ("2. Method")
    return True


_GLUED_BEFORE = re.compile(r"(?<![\w.])[^\W\d_]*[^\W\d_A-ZÇĞİÖŞÜ]{2}$")


def _glued(text: str, m: re.Match) -> bool:
    """A boundary without a space: a lower-case word before, a capitalised word (an upper-case
    letter, then a lower-case one) or a number after."""
    nxt = text[m.end():m.end() + 2]
    after = nxt[:1].isdigit() or (len(nxt) == 2 and nxt[0].isupper() and nxt[1].islower())
    return after and m.group(0) == "." and bool(_GLUED_BEFORE.search(text, max(0, m.start() - 40), m.start()))


def iter_sentences(text: str, lang: str | None = None) -> Iterator[Sentence]:
    for start, end in iter_spans(text, lang):
        yield Sentence(text[start:end], start, end)


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    return list(iter_sentences(text, lang))


def iter_tokens(text: str) -> Iterator[Token]:
    """Words (apostrophe suffix kept: ``Kırım'daki``), numbers with their separators
    (``1.000,5``, ``12,5``, ``2021'de``, ``%50``), URLs, dotted acronyms, punctuation.
    A known abbreviation keeps its period (``Dr.``)."""
    n, taken = len(text), 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if start < taken:  # the period an abbreviation took
            continue
        if m.lastgroup == "word" and end < n and text[end] == "." and _keeps_period(text, m.group(0), end):
            end += 1
        taken = end
        yield Token(text[start:end], start, end)


def _keeps_period(text: str, word: str, dot: int) -> bool:
    """Does the period at ``dot`` after ``word`` belong to it (an abbreviation, not a full stop)?"""
    low = turkish.lower(word, "tr")
    if low in ABBREV_INNER:
        return True
    if low not in ABBREV_FINAL:
        return False
    nxt = _lstrip(text, dot + 1, len(text))
    return nxt < len(text) and nxt > dot + 1 and not _starts_sentence(text, nxt)[1]


def tokenize(text: str) -> list[Token]:
    return list(iter_tokens(text))


class OfflinePipeline(Pipeline):
    """The default backend: the rules above, for any language (ordinals only for Turkish)."""

    name = "offline"

    def sentences(self, text: str) -> list[Sentence]:
        return split_sentences(text, self.lang)

    def tokens(self, text: str) -> list[Token]:
        return tokenize(text)
