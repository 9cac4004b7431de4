"""Readers on real files the tests make from seed 000 (tests/docfiles.py): PDF (one and two
columns, running headers, page numbers, hyphenation, ligatures, soft hyphens), Word, an article
web page with meta tags and one without, JATS. Each must give the same blocks, segments and
aligned pairs as the seed's .txt, and report its repairs."""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import docfiles
from bitext import formats
from bitext.documents import pair_blocks, read_document, segment
from bitext.errors import InputError
from bitext.readers import sniff
from bitext.readers.pdf import keep_hyphen

needs_fonts = pytest.mark.skipif(not (docfiles.FONT_DIR / "DejaVuSerif.ttf").is_file(),
                                 reason=f"no DejaVu fonts in {docfiles.FONT_DIR} to make PDFs "
                                        "(apt-get install fonts-dejavu-core)")

MAKERS = {
    "one-column.pdf": lambda p: docfiles.make_pdf(p),
    "two-column.pdf": lambda p: docfiles.make_pdf(p, columns=2, ligatures=True, soft_every=3),
    "paper.docx": docfiles.make_docx,
    "page.html": docfiles.make_html,
    "headings.html": lambda p: docfiles.make_html(p, meta=False),
    "jats.xml": docfiles.make_jats,
}
READERS = {"one-column.pdf": "pdf", "two-column.pdf": "pdf", "paper.docx": "docx",
           "page.html": "html", "headings.html": "html", "jats.xml": "jats"}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("papers")
    for name, make in MAKERS.items():
        if not name.endswith(".pdf") or not needs_fonts.args[0]:
            make(folder / name)
    return folder


def pairs_of(doc) -> list[tuple[str, list[str], list[str]]]:
    return [(p.kind, [s.text for s in segment(p.src)], [s.text for s in segment(p.tgt)])
            for p in pair_blocks(doc)]


@pytest.fixture(scope="module")
def seed_pairs(seed000):
    pairs = pairs_of(read_document(seed000))
    assert [(k, len(s), len(t)) for k, s, t in pairs] == [("title", 1, 1), ("abstract", 16, 16),
                                                          ("keywords", 4, 4)]
    return pairs


@pytest.mark.parametrize("name", [pytest.param(n, marks=needs_fonts) if n.endswith(".pdf") else n
                                  for n in MAKERS])
def test_each_format_gives_the_seeds_segments(files, seed_pairs, name):
    doc = read_document(files / name)
    assert doc.reader == READERS[name]
    assert pairs_of(doc) == seed_pairs


@needs_fonts
def test_two_column_pdf_repairs_are_reported(files):
    notes = read_document(files / "two-column.pdf").notes
    text = "\n".join(notes)
    assert notes[0] == "read two columns in order on pages 1-2 (of 3)"
    assert "removed a running header/footer from 3 pages: 'Türk Dünyası İncelemeleri Dergisi 24 (2) 2024 · 627'" in notes
    assert "removed 3 page numbers" in notes
    assert "İşbirli-ğinin → İşbirliğinin" in text  # the Turkish title, hyphenated at the line end
    assert "kept the hyphen of 1 compound broken at a line end (post-Soviet)" in notes
    assert "spelt out 12 ligatures (ﬁ → fi)" in notes
    assert any(n.startswith("joined ") and n.endswith(" paragraphs") for n in notes)
    assert ("in the extracted text: code-page damage at line 29: 'Gündođdu' (→ Gündoğdu); "
            "re-run with --repair") in notes


@needs_fonts
def test_one_column_pdf_has_no_column_note(files):
    notes = read_document(files / "one-column.pdf").notes
    assert not any("columns" in n for n in notes)
    assert "removed a running header/footer from 3 pages: 'Türk Dünyası İncelemeleri Dergisi 24 (2) 2024'" in notes


@needs_fonts
def test_pdf_repair_flag_repairs_code_page_damage(files):
    doc = read_document(files / "one-column.pdf", repair=True)
    assert any("Gündoğdu" in b.text for b in doc.blocks)
    assert "in the extracted text: repaired code-page damage at line 29: 'Gündođdu' (→ Gündoğdu)" in doc.notes


def test_hyphen_decisions():
    none: set[str] = set()
    assert not keep_hyphen("işbir", "liği", none)
    assert not keep_hyphen("uygulanabi", "lirliğinin", none)
    assert not keep_hyphen("Türki", "ye'nin", none)
    assert keep_hyphen("Türk", "Azerbaycan", none)  # a capital after the hyphen
    assert keep_hyphen("NATO", "like", none)  # an acronym before it
    assert keep_hyphen("post", "Soviet,", none)
    assert keep_hyphen("1997", "2000", none)
    assert keep_hyphen("non", "compliance", none) and keep_hyphen("defense", "related", none)
    assert keep_hyphen("co", "operation", {"co-operation"})  # seen whole elsewhere
    assert not keep_hyphen("co", "operation", {"cooperation"})


@needs_fonts
def test_turkish_hyphenation_in_a_pdf(tmp_path):
    from reportlab.pdfgen import canvas
    regular, _bold = docfiles._fonts()
    path = tmp_path / "tr.pdf"
    c = canvas.Canvas(str(path))
    c.setFont(regular, 11)
    for i, line in enumerate(["Türk-", "Azerbaycan ilişkileri ve bölgesel işbir-",
                              "liği son yıllarda güçlenmektedir; ortak tat\u00ad",
                              "bikatlar ise sürmektedir."]):
        c.drawString(72, 700 - 14 * i, line)
    c.save()
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "Türk-Azerbaycan ilişkileri ve bölgesel işbirliği son yıllarda güçlenmektedir; ortak "
        "tatbikatlar ise sürmektedir."]
    assert ("joined 2 words hyphenated across lines (işbir-liği → işbirliği, tat-bikatlar → "
            "tatbikatlar)") in doc.notes
    assert "kept the hyphen of 1 compound broken at a line end (Türk-Azerbaycan)" in doc.notes


def test_scanned_pdf_is_refused(tmp_path):
    path = docfiles.make_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError, match=r"scan\.pdf: no text layer in its 1 page\(s\): a scanned PDF\?"):
        read_document(path)


@needs_fonts
def test_reader_chosen_by_content_not_name(files, tmp_path, seed_pairs):
    for name, kind in (("two-column.pdf", "pdf"), ("paper.docx", "docx"), ("jats.xml", "jats"),
                       ("page.html", "html")):
        disguised = tmp_path / f"{name}.txt"
        shutil.copy(files / name, disguised)
        assert sniff(disguised.read_bytes(), str(disguised)) == kind
        doc = read_document(disguised)
        assert doc.reader == kind and pairs_of(doc) == seed_pairs


def test_html_meta_tags_and_lang_attributes(files):
    doc = read_document(files / "page.html")
    marked = [(b.kind, b.lang, b.heading) for b in doc.blocks if b.kind != "meta"]
    assert marked[:6] == [("title", "en", "citation_title"), ("title", "tr", "dc.title.alternative"),
                          ("abstract", "en", "citation_abstract"), ("abstract", "tr", "dc.description"),
                          ("keywords", "en", "citation_keywords"), ("keywords", "tr", "dc.subject")]
    assert doc.notes[0] == "meta tags gave title (en, tr), abstract (en, tr), keywords (en, tr)"
    text = " ".join(b.text for b in doc.blocks)
    assert "not text" not in text and "Ana Sayfa" not in text and "©" not in text  # script, nav, footer
    plain = read_document(files / "headings.html")
    assert [(b.kind, b.lang) for b in plain.blocks if b.kind != "meta"] == [
        ("title", "en"), ("title", "tr"), ("abstract", "en"), ("keywords", "en"),
        ("abstract", "tr"), ("keywords", "tr")]


def test_html_mislabelled_language_is_read_from_the_text(tmp_path, seed_pairs):
    paper = docfiles.seed_paper()
    page = tmp_path / "wrong.html"
    e = html.escape
    page.write_text(f'<html><head><meta name="DC.Description" xml:lang="en" content="{e(paper.ozet)}">'
                    f'<meta name="citation_abstract" lang="en-US" content="{e(paper.abstract)}">'
                    "</head><body></body></html>", encoding="utf-8")
    doc = read_document(page)
    assert [(b.kind, b.lang) for b in doc.blocks] == [("abstract", "tr"), ("abstract", "en")]
    assert doc.notes[0] == "dc.description at line 1 is marked en but its text is tr: read as tr"


def test_jats_elements_entities_and_safety(files, tmp_path):
    doc = read_document(files / "jats.xml")
    assert [(b.kind, b.lang, b.heading) for b in doc.blocks[:6]] == [
        ("title", "tr", "article-title"), ("title", "en", "trans-title"),
        ("abstract", "tr", "abstract"), ("abstract", "en", "trans-abstract"),
        ("keywords", "tr", "kwd-group"), ("keywords", "en", "kwd-group")]
    assert doc.blocks[0].line == 8
    assert {b.kind for b in doc.blocks[6:]} == {"body"}
    named = tmp_path / "named.xml"
    named.write_text('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2'
                     '//EN" "JATS-journalpublishing1.dtd">\n<article xml:lang="en"><front><article-meta><title-group><article-title>'
                     "Security&nbsp;in the Caucasus &ndash; a review</article-title></title-group>"
                     "</article-meta></front></article>", encoding="utf-8")
    assert read_document(named).blocks[0].text == "Security in the Caucasus – a review"
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><article>&b;</article>', encoding="utf-8")
    with pytest.raises(InputError, match="refused"):
        read_document(bomb)


def test_jats_sub_article_translation(tmp_path):
    paper = docfiles.seed_paper()
    xml = tmp_path / "sub.xml"
    xml.write_text(f"""<article xml:lang="tr"><front><article-meta><title-group>
<article-title>{paper.tr_title}</article-title></title-group>
<abstract><p>{paper.ozet}</p></abstract></article-meta></front>
<sub-article article-type="translation" xml:lang="en"><front-stub><title-group>
<article-title>{paper.en_title}</article-title></title-group>
<abstract><p>{paper.abstract}</p></abstract></front-stub></sub-article></article>""",
                   encoding="utf-8")
    assert [(p.kind, len(segment(p.src)), len(segment(p.tgt))) for p in pair_blocks(read_document(xml))] \
        == [("title", 1, 1), ("abstract", 16, 16)]


def test_docx_leaves_page_headers_out(files):
    doc = read_document(files / "paper.docx")
    assert not any(docfiles.HEADER in b.text for b in doc.blocks)
    assert doc.notes[0] == "16 paragraphs"


def test_other_files_are_refused_with_the_fix(tmp_path):
    cases = {"old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .docx"),
             "other.xml": (b'<?xml version="1.0"?><catalog/>', "not a JATS <article>"),
             "broken.pdf": (b"%PDF-1.4\nnot really\n", "not a readable PDF")}
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InputError, match=message):
            read_document(tmp_path / name)


# ---------------------------------------------------------------- bitext run on a mixed folder

@pytest.fixture(scope="module")
def mixed_run(files, seed000, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    for name in MAKERS:
        if name != "headings.html":
            shutil.copy(files / name, folder / name)
    shutil.copy(seed000, folder / "seed.txt")
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run([sys.executable, "-m", "bitext", "run", str(folder), "--out", str(out),
                           "--no-check"], capture_output=True, text=True, timeout=1500)
    return out, proc


@needs_fonts
def test_run_on_mixed_files_aligns_each_like_the_txt(mixed_run):
    out, proc = mixed_run
    assert proc.returncode == 0, proc.stderr
    expected = [(r.src, r.tgt, r.src_idx, r.tgt_idx, r.kind) for r in formats.read(out / "seed.jsonl")]
    assert len(expected) == 21
    for stem in ("one-column", "two-column", "paper", "page", "jats"):
        rows = formats.read(out / f"{stem}.jsonl")
        assert [(r.src, r.tgt, r.src_idx, r.tgt_idx, r.kind) for r in rows] == expected, stem
    table = {line.split("│")[1].strip(): line for line in proc.stdout.splitlines() if line.count("│") > 5}
    for stem, reader in (("one-column", "pdf"), ("two-column", "pdf"), ("paper", "docx"),
                         ("page", "html"), ("jats", "jats"), ("seed", "text")):
        cells = [c.strip() for c in table[stem].split("│")]
        assert cells[2:6] == [reader, "aligned", "title, abstract, keywords", "21"], cells
    assert "note: two-column: read two columns in order on pages 1-2 (of 3)" in proc.stderr
    assert "note: page: meta tags gave title (en, tr), abstract (en, tr), keywords (en, tr)" in proc.stderr


def test_collect_takes_mixed_folders(tmp_path):
    from bitext.pipeline import collect
    for name in ("paper.pdf", "paper.docx", "page.html", "x.tr.pdf", "x.en.pdf", "notes.txt",
                 "README.txt", "figure.png", ".hidden.pdf"):
        (tmp_path / name).write_bytes(b"")
    assert [(s.stem, [p.name for p in s.paths]) for s in collect([tmp_path])] == [
        ("notes", ["notes.txt"]), ("page", ["page.html"]), ("paper-docx", ["paper.docx"]),
        ("paper-pdf", ["paper.pdf"]), ("x", ["x.tr.pdf", "x.en.pdf"])]
