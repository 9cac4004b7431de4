"""Real bilingual-paper files made from seed 000's text, as journals and authors publish them:
PDFs (reportlab with the system's DejaVu font; one or two columns, running headers, page
numbers, words hyphenated across lines, ligatures, soft hyphens), a Word file (python-docx),
an article web page with ``citation_*``/``DC.*`` meta tags, and a JATS XML file."""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from bitext.documents import paragraphs

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8326cda90e95f37e.txt"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEADER = "Türk Dünyası İncelemeleri Dergisi 24 (2) 2024"
LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}
VOWELS = set("aeıioöuüâîûy")


@dataclass(frozen=True)
class Paper:
    """Seed 000's parts."""

    en_title: str
    tr_title: str
    author: str
    affiliation: str
    abstract: str
    keywords: list[str]
    citation: str
    ozet: str
    anahtar: list[str]
    body: list[str]  # a few body paragraphs (English), the one with 'Gündođdu' among them


def seed_paper() -> Paper:
    paras = [t for _line, t in paragraphs(SEED.read_text(encoding="utf-8"))]
    at = {t: i for i, t in enumerate(paras)}
    kw = next(t for t in paras if t.startswith("Keywords:"))
    ak = next(t for t in paras if t.startswith("Anahtar Kelimeler:"))
    body_start = at[ak] + 1
    gund = next(i for i, t in enumerate(paras) if "Gündođdu" in t)
    body = paras[body_start:body_start + 3] + paras[gund:gund + 2]
    return Paper(paras[0], paras[1], paras[2], paras[3], paras[at["Abstract"] + 1],
                 kw.split(":", 1)[1].strip().split(", "),
                 paras[at[kw] + 1], paras[at["Özet"] + 1],
                 ak.split(":", 1)[1].strip().split(", "), body)


# ---------------------------------------------------------------- PDF

def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for name, file in (("DejaVu", "DejaVuSerif.ttf"), ("DejaVu-Bold", "DejaVuSerif-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    return "DejaVu", "DejaVu-Bold"


def _wrap(text: str, width: float, font: str, size: float, soft_every: int) -> list[str]:
    """Greedy line breaking that hyphenates a word which does not fit (at its own hyphen if it
    is a compound, else between letters, at least 3 on each side, never before a capital
    or inside an acronym, before a consonant and a vowel); every ``soft_every``-th such break uses a soft hyphen."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    fits = lambda s: stringWidth(s, font, size) <= width  # noqa: E731
    lines, line, breaks = [], "", 0
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if fits(trial):
            line = trial
            continue
        head, tail = _split(word, lambda h: fits(f"{line} {h}" if line else h))
        if head:
            breaks += 1
            if not head.endswith("-") and soft_every and breaks % soft_every == 0:
                head = head[:-1] + "\u00ad"
            lines.append(f"{line} {head}" if line else head)
            line = tail
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def _split(word: str, fits) -> tuple[str, str]:
    if "-" in word.strip("-"):
        i = word.index("-", 1)
        return (word[:i + 1], word[i + 1:]) if fits(word[:i + 1]) else ("", word)
    stem = word.split("'")[0].rstrip(".,;:\"")
    if not stem.isalpha() or stem.isupper():
        return "", word
    for i in range(len(stem) - 3, 2, -1):  # before a consonant and a vowel, as syllables part
        if word[i].islower() and word[i] not in VOWELS and word[i + 1] in VOWELS \
                and fits(word[:i] + "-"):
            return word[:i] + "-", word[i:]
    return "", word


def make_pdf(path: Path, *, columns: int = 1, ligatures: bool = False, soft_every: int = 0,
             headers: bool = True) -> Path:
    """Seed 000 as a journal PDF: titles and authors across the page, then the abstracts,
    keywords and some body text in ``columns`` columns; a running header and a page number on
    every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    regular, bold = _fonts()
    paper = seed_paper()
    pw, ph = A4
    margin, gutter = 60.0, 24.0
    col_w = (pw - 2 * margin - gutter * (columns - 1)) / columns
    c = canvas.Canvas(str(path), pagesize=A4)
    page = [1]
    y = [ph - margin]

    def furniture() -> None:
        if headers:
            c.setFont(regular, 8)
            c.drawString(margin, ph - 40, f"{HEADER} · {626 + page[0]}" if columns > 1 else HEADER)
            c.drawCentredString(pw / 2, 30, str(626 + page[0]))

    def draw_lines(lines, font, size, x, w, top, bottom, col, ncols) -> tuple[float, int]:
        lead = size * 1.3
        for ln in lines:
            if y[0] - lead < bottom:
                col += 1
                if col >= ncols:
                    c.showPage()
                    page[0] += 1
                    furniture()
                    col, top = 0, ph - margin
                y[0] = top
            shown = ln
            if ligatures:
                for a, b in LIGATURES.items():
                    shown = shown.replace(a, b)
            c.setFont(font, size)
            c.drawString(x + col * (w + gutter), y[0] - size, shown)
            y[0] -= lead
        return top, col

    furniture()
    full = pw - 2 * margin
    for text, font, size in ((paper.en_title, bold, 14), (paper.tr_title, bold, 14),
                             (paper.author, regular, 9), (paper.affiliation, regular, 9)):
        draw_lines(_wrap(text, full, font, size, 0), font, size, margin, full, ph - margin, 60, 0, 1)
        y[0] -= 10
    items = [("Abstract", bold, 10), (paper.abstract, regular, 10),
             ("Keywords: " + ", ".join(paper.keywords), regular, 10), (paper.citation, regular, 8),
             ("Özet", bold, 10), (paper.ozet, regular, 10),
             ("Anahtar Kelimeler: " + ", ".join(paper.anahtar), regular, 10),
             *[(t, regular, 10) for t in paper.body]]
    top, col = y[0], 0
    for text, font, size in items:
        top, col = draw_lines(_wrap(text, col_w, font, size, soft_every), font, size,
                              margin, col_w, top, 60, col, columns)
        y[0] -= 8
    c.showPage()
    c.save()
    return path


def scanned_pdf() -> bytes:
    """A PDF of one page with a drawing and no text layer (what a scanner gives)."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    out = BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for i in range(40):
        c.rect(60, 780 - i * 18, 400 - (i % 3) * 40, 9, fill=1, stroke=0)
    c.showPage()
    c.save()
    return out.getvalue()


def make_scanned_pdf(path: Path) -> Path:
    path.write_bytes(scanned_pdf())
    return path


# ---------------------------------------------------------------- Word

def make_docx(path: Path) -> Path:
    """Seed 000 as an author's Word file: headings, bold labels, a page header."""
    import docx
    paper = seed_paper()
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = HEADER
    d.add_heading(paper.en_title, level=1)
    d.add_heading(paper.tr_title, level=1)
    d.add_paragraph(paper.author)
    d.add_paragraph(paper.affiliation)
    for heading, text, label, kws in (("Abstract", paper.abstract, "Keywords", paper.keywords),
                                      ("Özet", paper.ozet, "Anahtar Kelimeler", paper.anahtar)):
        d.add_heading(heading, level=2)
        d.add_paragraph(text)
        p = d.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(", ".join(kws))
        if heading == "Abstract":
            d.add_paragraph(paper.citation)
    for t in paper.body:
        d.add_paragraph(t)
    d.save(str(path))
    return path


# ---------------------------------------------------------------- web page and JATS

def make_html(path: Path, *, meta: bool = True) -> Path:
    """The article's web page. With ``meta``: DergiPark/OJS-style meta tags carry both titles,
    abstracts and keyword lists, and the page shows the English abstract only. Without: the page
    shows both abstracts under headings, in elements with ``lang`` attributes."""
    paper = seed_paper()
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    head = [f'<meta name="citation_title" content="{e(paper.en_title)}">',
            '<meta name="citation_language" content="en">',
            f'<meta name="DC.Title.Alternative" xml:lang="tr" content="{e(paper.tr_title)}">',
            f'<meta name="citation_abstract" xml:lang="en" content="{e(paper.abstract)}">',
            f'<meta name="DC.Description" xml:lang="tr" content="{e(paper.ozet)}">',
            *[f'<meta name="citation_keywords" xml:lang="en" content="{e(k)}">' for k in paper.keywords],
            f'<meta name="DC.Subject" xml:lang="tr" content="{e("; ".join(paper.anahtar))}">',
            '<meta name="citation_author" content="Ali Nazmi Çora">'] if meta else []
    shown = [f"<h1>{e(paper.en_title)}</h1>", f"<p class='authors'>{e(paper.author)}</p>",
             "<section id='abstract'><h2>Abstract</h2>", f"<p>{e(paper.abstract)}</p>",
             f"<p><b>Keywords:</b> {e(', '.join(paper.keywords))}</p></section>"]
    if not meta:
        shown[1:1] = [f"<h1 lang='tr'>{e(paper.tr_title)}</h1>"]
        shown += ["<section lang='tr'><h2>Özet</h2>", f"<p>{e(paper.ozet)}</p>",
                  f"<p><b>Anahtar Kelimeler:</b> {e(', '.join(paper.anahtar))}</p></section>"]
    page = ("<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
            f"<title>{e(paper.en_title)} | Türk Dünyası İncelemeleri Dergisi</title>\n"
            + "\n".join(head) + "\n<style>body { font: 1em serif; }</style>\n"
            "<script>var x = '<p>not text</p>';</script>\n</head>\n<body>\n"
            "<nav><a href='/'>Ana Sayfa</a> <a href='/en'>Home</a></nav>\n<main>\n"
            + "\n".join(shown) + "\n</main>\n<footer>© 2024 Ege Üniversitesi</footer>\n</body>\n</html>\n")
    path.write_text(page, encoding="utf-8")
    return path


def make_jats(path: Path) -> Path:
    """The article as JATS XML (Turkish article language, English translations)."""
    paper = seed_paper()
    e = html.escape
    kwd = lambda ks: "".join(f"<kwd>{e(k)}</kwd>" for k in ks)  # noqa: E731
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article" xml:lang="tr">
<front>
<journal-meta><journal-title-group><journal-title>Türk Dünyası İncelemeleri Dergisi</journal-title></journal-title-group></journal-meta>
<article-meta>
<title-group>
<article-title>{e(paper.tr_title)}</article-title>
<trans-title-group xml:lang="en"><trans-title>{e(paper.en_title)}</trans-title></trans-title-group>
</title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Çora</surname><given-names>Ali&#160;Nazmi</given-names></name></contrib></contrib-group>
<abstract><title>Özet</title><p>{e(paper.ozet)}</p></abstract>
<trans-abstract xml:lang="en"><title>Abstract</title><p>{e(paper.abstract)}</p></trans-abstract>
<kwd-group xml:lang="tr"><title>Anahtar Kelimeler</title>{kwd(paper.anahtar)}</kwd-group>
<kwd-group xml:lang="en"><title>Keywords</title>{kwd(paper.keywords)}</kwd-group>
</article-meta>
</front>
<body><sec><title>Introduction</title>{"".join(f"<p>{e(t)}</p>" for t in paper.body[:3])}</sec></body>
</article>
"""
    path.write_text(xml, encoding="utf-8")
    return path


def make_all(folder: Path) -> list[Path]:
    """Every kind of file above in ``folder`` (for a demo: ``python tests/docfiles.py DIR``)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [make_pdf(folder / "seed000-one-column.pdf"),
            make_pdf(folder / "seed000-two-column.pdf", columns=2, ligatures=True, soft_every=3),
            make_docx(folder / "seed000.docx"), make_html(folder / "seed000.html"),
            make_jats(folder / "seed000-jats.xml")]


if __name__ == "__main__":
    import sys
    for p in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "papers")):
        print(p)
