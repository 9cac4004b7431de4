"""Reading documents, blocks, bilingual structure, pairing and segmentation (real files)."""
from __future__ import annotations

import tracemalloc

import pytest

from bitext.documents import (keyword_items, pair_blocks, read_document, read_pair,
                              read_presegmented, segment, split_blocks)
from bitext.errors import InputError, LanguageError
from bitext.records import Block, Document

TR_ABS = ("Bu çalışma Türk devletleri arasındaki savunma işbirliğini incelemektedir. "
          "Prof. Dr. Ali Veli'nin 2021'de yaptığı araştırmaya göre oran %12,5 olmuştur. "
          "Sonuçlar bölgesel güvenlik açısından önemlidir.")
EN_ABS = ("This study examines defence cooperation among the Turkic states. "
          "According to research by Prof. Dr. Ali Veli in 2021, the rate was 12.5%. "
          "The results matter for regional security.")


@pytest.fixture(scope="module")
def seed_doc(seed000):
    return read_document(seed000)


def kinds(doc):
    return [(b.kind, b.lang) for b in doc.blocks]


def test_seed000_structure(seed_doc):
    front = [(b.line, b.kind, b.lang, b.heading) for b in seed_doc.blocks[:9]]
    assert front == [
        (5, "title", "en", ""), (7, "title", "tr", ""), (9, "meta", "tr", ""), (11, "meta", "tr", ""),
        (15, "abstract", "en", "Abstract"), (17, "keywords", "en", "Keywords"),
        (19, "meta", "en", ""), (25, "abstract", "tr", "Özet"),
        (27, "keywords", "tr", "Anahtar Kelimeler")]
    rest = seed_doc.blocks[9:]
    assert {b.kind for b in rest} == {"body", "meta"} and {b.lang for b in rest} == {"en"}
    refs = next(b for b in rest if b.heading == "BIBLIOGRAPHY")
    assert all(b.kind == "meta" for b in rest if b.line >= refs.line)
    assert seed_doc.encoding == "utf-8"
    assert seed_doc.notes == ("code-page damage at line 37: 'Gündođdu' (→ Gündoğdu); "
                              "re-run with --repair",)


def test_seed000_pairs_and_segments(seed_doc):
    pairs = pair_blocks(seed_doc)
    assert [p.kind for p in pairs] == ["title", "abstract", "keywords"]
    assert all(p.src.lang == "tr" and p.tgt.lang == "en" for p in pairs)
    counts = {p.kind: (len(segment(p.src)), len(segment(p.tgt))) for p in pairs}
    assert counts == {"title": (1, 1), "abstract": (16, 16), "keywords": (4, 4)}
    kw = pairs[2]
    assert [s.text for s in segment(kw.tgt)] == ["International Relations", "Security", "NATO",
                                                  "Turkish Nations"]
    assert segment(pairs[0].src)[0].text.startswith("Türk Devletleri Arasında NATO")
    en_first = pair_blocks(seed_doc, "en", "tr")
    assert en_first[0].src.lang == "en"


def test_seed000_repair(seed000):
    doc = read_document(seed000, repair=True, lang="en")  # mostly English: no LanguageError
    assert doc.notes == ("repaired code-page damage at line 37: 'Gündođdu' (→ Gündoğdu)",)
    body = next(b for b in doc.blocks if b.line == 37)
    assert "(Gündoğdu, 2023)" in body.text


@pytest.mark.parametrize("name", ["001_ca07c16d152b956b.txt", "002_76063b8f23ec714f.txt",
                                  "003_abc842431339bf0b.txt", "004_a2d14618bf49f2a4.txt"])
def test_english_only_seeds_have_no_pairs(seeds_dir, name):
    doc = read_document(seeds_dir / name)
    assert pair_blocks(doc) == []
    assert {b.lang for b in doc.blocks if len(b.text) > 200} == {"en"}


def test_headings_variants():
    text = (f"ÖZ\n\n{TR_ABS}\n\nİkinci paragraf özetin devamıdır ve bu da Türkçe bir cümledir.\n\n"
            "ANAHTAR SÖZCÜKLER\n\nsavunma; güvenlik; Türk devletleri.\n\n"
            f"**Abstract:** {EN_ABS}\n\nKey words: defence; security; Turkic states\n\n"
            "1. Introduction\n\nThe body of the paper follows here with more sentences.")
    blocks = split_blocks(text)
    got = [(b.kind, b.lang, b.heading) for b in blocks]
    assert got == [("abstract", "tr", "ÖZ"), ("keywords", "tr", "ANAHTAR SÖZCÜKLER"),
                   ("abstract", "en", "Abstract"), ("keywords", "en", "Key words"),
                   ("body", "en", ""), ("body", "en", "")]
    assert blocks[0].text.endswith("Türkçe bir cümledir.")  # both paragraphs up to the keywords
    assert blocks[2].text == EN_ABS
    assert [s.text for s in segment(blocks[1])] == ["savunma", "güvenlik", "Türk devletleri"]
    assert len(segment(blocks[0])) == 4 and len(segment(blocks[2])) == 3


DERGIPARK = """Araştırma Makalesi / Research Article

OSMANLI DEVLETİ'NDE VERGİ SİSTEMİNİN DÖNÜŞÜMÜ

THE TRANSFORMATION OF THE TAX SYSTEM IN THE OTTOMAN STATE

Ahmet YILMAZ*

* Doç. Dr., Ankara Üniversitesi, ahmet@example.edu.tr

ÖZ
Bu çalışmada Osmanlı Devleti'nde 19. yüzyılda vergi sisteminin dönüşümü incelenmektedir.
Tanzimat döneminde yapılan düzenlemeler, vergi toplama yöntemlerini köklü biçimde değiştirmiştir.

Anahtar Kelimeler: Osmanlı, vergi, Tanzimat

ABSTRACT
This study examines the transformation of the tax system in the Ottoman State in the 19th century.
The regulations made in the Tanzimat period fundamentally changed tax collection methods.

Keywords: Ottoman, tax, Tanzimat

GİRİŞ

Osmanlı Devleti'nde vergi, devletin temel gelir kaynağıydı. Bu bölümde bir çerçeve çizilecektir.
"""


def test_turkish_first_layout_with_capitals():
    blocks = split_blocks(DERGIPARK)
    got = [(b.line, b.kind, b.lang) for b in blocks]
    assert got == [(1, "meta", "tr"), (3, "title", "tr"), (5, "title", "en"), (7, "meta", "tr"),
                   (9, "meta", "tr"), (12, "abstract", "tr"), (15, "keywords", "tr"),
                   (18, "abstract", "en"), (21, "keywords", "en"), (23, "body", "tr"),
                   (25, "body", "tr")]
    assert [len(segment(b)) for b in blocks if b.kind == "abstract"] == [2, 2]


ENGLISH_FIRST = """The Transformation of the Tax System
in the Ottoman State

Ahmet Yılmaz, Ankara University

Abstract: This study examines the transformation of the tax system in the Ottoman State in the 19th century. The study is based on archival documents.

Keywords: Ottoman; tax; Tanzimat

Osmanlı Devleti'nde Vergi Sisteminin Dönüşümü

Öz: Bu çalışmada Osmanlı Devleti'nde 19. yüzyılda vergi sisteminin dönüşümü incelenmektedir. Çalışma, arşiv belgelerine dayanmaktadır.

Anahtar Sözcükler: Osmanlı; vergi; Tanzimat

Introduction

The tax was the main revenue of the state.
"""


def test_english_first_layout_two_line_title(tmp_path):
    path = tmp_path / "paper.txt"
    path.write_text(ENGLISH_FIRST, encoding="utf-8")
    doc = read_document(path)
    assert [(b.line, b.kind, b.lang) for b in doc.blocks] == [
        (1, "title", "en"), (4, "meta", "tr"), (6, "abstract", "en"), (8, "keywords", "en"),
        (10, "title", "tr"), (12, "abstract", "tr"), (14, "keywords", "tr"), (16, "body", "en"),
        (18, "body", "en")]
    pairs = pair_blocks(doc)
    assert [(p.kind, len(segment(p.src)), len(segment(p.tgt))) for p in pairs] == [
        ("title", 1, 1), ("abstract", 2, 2), ("keywords", 3, 3)]
    assert segment(pairs[0].tgt)[0].text == "The Transformation of the Tax System\nin the Ottoman State"


def test_body_blocks_pair_only_with_plausible_lengths():
    doc = Document("x", (Block("body", "tr", "Giriş", 1), Block("body", "en", EN_ABS, 3)))
    assert pair_blocks(doc) == []
    doc = Document("x", (Block("body", "tr", TR_ABS, 1), Block("body", "en", EN_ABS, 3)))
    assert [p.kind for p in pair_blocks(doc)] == ["body"]


def test_keyword_items_strip_heading_and_keep_offsets():
    text = "Anahtar Kelimeler: Kırım, ABD'nin politikası ;  NATO."
    items = keyword_items(text)
    assert [s.text for s in items] == ["Kırım", "ABD'nin politikası", "NATO"]
    assert all(text[s.start:s.end] == s.text for s in items)


# ---------------------------------------------------------------- bad input, each a real file

def test_empty_and_binary_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n\n  \n")
    with pytest.raises(InputError, match="empty file") as err:
        read_document(empty)
    assert str(err.value).startswith(f"{empty}:1:") and "fix:" in str(err.value)
    fake_pdf = tmp_path / "paper.pdf.txt"  # read as a PDF by its content, whatever its name
    fake_pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\x00\x00>>\n" * 20)
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(fake_pdf)
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with pytest.raises(InputError, match="binary file"):
        read_document(binary)
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_cp1254_file_decoded_and_reported(tmp_path):
    path = tmp_path / "makale.txt"
    path.write_bytes(f"Özet\n\n{TR_ABS}\n\nAbstract\n\n{EN_ABS}\n".encode("cp1254"))
    doc = read_document(path)
    assert doc.encoding == "iso-8859-9"  # no byte in 0x80-0x9f: latin-5 and cp1254 agree
    assert doc.notes == ("not UTF-8 (first non-UTF-8 byte at line 1): decoded as Turkish latin-5/cp1254",)
    assert [p.kind for p in pair_blocks(doc)] == ["abstract"]
    assert pair_blocks(doc)[0].src.text == TR_ABS


def test_one_language_document(tmp_path):
    path = tmp_path / "tek.txt"
    path.write_text(f"Türk Devletleri Arasında Savunma İşbirliği\n\nÖzet\n\n{TR_ABS}\n", encoding="utf-8")
    doc = read_document(path, lang="tr")
    assert kinds(doc) == [("title", "tr"), ("abstract", "tr")]
    assert pair_blocks(doc) == []


def test_turkish_given_as_english(tmp_path):
    tr = tmp_path / "X.tr.txt"
    en = tmp_path / "X.en.txt"
    tr.write_text(TR_ABS + "\n\n" + TR_ABS, encoding="utf-8")
    en.write_text(EN_ABS + "\n\n" + EN_ABS, encoding="utf-8")
    with pytest.raises(LanguageError) as err:
        read_document(tr, lang="en")
    msg = str(err.value)
    assert msg.startswith(f"{tr}:1:") and "expected English (en) but the text is Turkish (tr)" in msg
    assert "fix:" in msg
    with pytest.raises(LanguageError, match="X.en.txt"):
        read_pair(en, tr)  # swapped: the first file is checked... and is English
    with pytest.raises(LanguageError):
        read_presegmented(tr, lang="en")


def test_read_pair(tmp_path):
    tr = tmp_path / "X.tr.txt"
    en = tmp_path / "X.en.txt"
    tr.write_text(f"{TR_ABS}\n\n{TR_ABS}\n", encoding="utf-8")
    en.write_bytes(b"\xef\xbb\xbf" + f"{EN_ABS}\n\n{EN_ABS}\n".encode())
    doc = read_pair(tr, en)
    pairs = pair_blocks(doc)
    assert [(p.kind, p.src.lang, p.tgt.lang) for p in pairs] == [("body", "tr", "en")]
    assert len(segment(pairs[0].src)) == len(segment(pairs[0].tgt)) == 6
    assert doc.notes == ("X.en.txt: removed a UTF-8 byte-order mark",)


def test_read_presegmented(tmp_path):
    path = tmp_path / "s.tr"
    path.write_text("Bir. İki.\n\nÜç\n", encoding="utf-8")
    assert read_presegmented(path) == ["Bir. İki.", "", "Üç"]
    with pytest.raises(InputError, match="empty"):
        (tmp_path / "e").write_text("")
        read_presegmented(tmp_path / "e")


def test_twenty_thousand_sentences_bounded(tmp_path):
    sents = [f"Cümle {i}: Dr. Ali'nin 2.000 TL'si ve %12,5 oranı (örn. 1. Dünya Savaşı) anlatılır."
             for i in range(20000)]
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(" ".join(sents[i:i + 10]) for i in range(0, 20000, 10)),
                    encoding="utf-8")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        doc = read_document(path, lang="tr")
        n = sum(len(segment(b)) for b in doc.blocks)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 20000
    assert peak < 20 * size, (peak, size)
