"""Corpus formats: TMX 1.4b, Moses, TSV, JSONL and Vecalign bead lines; round trips."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from bitext import formats
from bitext.errors import InputError
from bitext.records import AlignedPair, Alignment, Bead

TRICKY = 'a < b & "c" \'d\' > e\ttab\nnew line\r\nİstanbul’da ıi'


@pytest.fixture()
def alignment() -> Alignment:
    src = ("Merhaba dünya.", TRICKY, "Yalnız Türkçe.", "Son cümle.")
    tgt = ("Hello world.", "An <odd> & \"quoted\" line.", "Last sentence.", "Extra.")
    beads = (Bead((0,), (0,), 0.93), Bead((1,), (1,), 0.5), Bead((2,), (), 0.1),
             Bead((3,), (2, 3), 0.8125))
    return Alignment("tr", "en", src, tgt, beads, doc="doc 1", kind="abstract")


@pytest.mark.parametrize("fmt", [f for f, spec in formats.REGISTRY.items() if spec.text])
def test_round_trip(tmp_path, alignment, fmt):
    rows = formats.aligned_pairs([alignment], include_null=True)
    path = tmp_path / f"out.{fmt}"
    formats.write(path, fmt, rows, include_null=True)
    assert formats.read(path) == rows
    again = tmp_path / f"again.{fmt}"
    formats.write(again, fmt, formats.read(path), include_null=True)
    assert again.read_bytes() == path.read_bytes()  # reproducible: no timestamps


@pytest.mark.parametrize("fmt", [f for f, spec in formats.REGISTRY.items() if spec.text])
def test_two_files_name_both_documents(tmp_path, alignment, fmt):
    """An alignment of two files keeps the target's file name too (TSV: the trg_url column)."""
    from dataclasses import replace
    rows = formats.aligned_pairs([replace(alignment, doc="ozet.tr.txt", tgt_doc="abstract.en.txt")])
    path = tmp_path / f"out.{fmt}"
    formats.write(path, fmt, rows)
    assert formats.read(path) == rows and rows[0].tgt_doc == "abstract.en.txt"
    if fmt == "tsv":
        assert path.read_text(encoding="utf-8").split("\t")[:2] == ["ozet.tr.txt", "abstract.en.txt"]
    # one document holding both languages: one id, and nothing extra in the file
    assert formats.aligned_pairs([replace(alignment, tgt_doc=alignment.doc)])[0].tgt_doc == ""


def test_null_beads_left_out_by_default(alignment):
    rows = formats.aligned_pairs([alignment])
    assert [(r.src_idx, r.tgt_idx) for r in rows] == [((0,), (0,)), ((1,), (1,)), ((3,), (2, 3))]
    assert rows[2].tgt == "Last sentence. Extra."


def test_tmx_is_valid_with_header_props_and_escaping(tmp_path, alignment):
    path = tmp_path / "c.tmx"
    rows = formats.aligned_pairs([alignment])
    formats.write(path, "tmx", rows + [AlignedPair("x\x01y\x0b", "ok", 0.5)])
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)  # well-formed despite <, &, quotes and control characters
    header = root.find("header").attrib
    assert root.get("version") == "1.4"
    for key, value in (("creationtool", "bitext"), ("segtype", "sentence"), ("o-tmf", "bitext"),
                       ("adminlang", "en"), ("srclang", "tr"), ("datatype", "plaintext")):
        assert header[key] == value
    assert header["creationtoolversion"]
    assert "creationdate" not in text and "changedate" not in text
    tus = root.findall("body/tu")
    assert len(tus) == 4
    assert all(tu.find("prop[@type='x-bitext-score']") is not None for tu in tus)
    assert "&lt;" in text and "&amp;" in text
    assert formats.read(path)[-1].src == "xy"  # XML cannot carry \x01 or \x0b: dropped


def test_moses_keeps_lines_aligned(tmp_path, alignment):
    written = formats.write(tmp_path / "corpus", "moses", [alignment])
    assert [p.name for p in written] == ["corpus.tr", "corpus.en"]
    src, tgt = (p.read_text(encoding="utf-8").split("\n") for p in written)
    assert len(src) == len(tgt) == 4  # 3 pairs + final newline, despite \n and \r\n in a segment
    assert src[1].startswith('a < b & "c"') and "\t" not in src[1]


def test_tsv_columns_and_escapes(tmp_path, alignment):
    path = tmp_path / "c.tsv"
    formats.write(path, "tsv", [alignment])
    lines = path.read_text(encoding="utf-8").split("\n")
    assert len(lines) == 4 and lines[-1] == ""
    cells = lines[1].split("\t")
    assert len(cells) == len(formats.TSV_COLUMNS)
    assert cells[0] == cells[1] == "doc 1" and cells[4] == "0.5"
    assert "\\t" in cells[2] and "\\n" in cells[2]


def test_jsonl_shape(tmp_path, alignment):
    path = tmp_path / "c.jsonl"
    formats.write(path, "jsonl", [alignment])
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert first == {"translation": {"tr": "Merhaba dünya.", "en": "Hello world."},
                     "src_idx": [0], "tgt_idx": [0], "score": 0.93, "doc": "doc 1",
                     "kind": "abstract", "tgt_doc": ""}


def test_vecalign_lines():
    beads = [Bead((0, 1), (2,), 0.91234), Bead((), (3,), 0.1), Bead((2,), (), 0.0)]
    text = formats.vecalign_text(beads)
    assert text == "[0,1]:[2]:0.9123\n[]:[3]:0.1000\n[2]:[]:0.0000\n"
    assert [(b.src, b.tgt) for b in formats.parse_vecalign(text)] == [(b.src, b.tgt) for b in beads]
    gold = formats.parse_vecalign("[0]:[0]\n[3, 4]:[5]\n[]:[6]\n")
    assert [(b.src, b.tgt) for b in gold] == [((0,), (0,)), ((3, 4), (5,)), ((), (6,))]


@pytest.mark.parametrize("name,content,line", [
    ("bad.tmx", '<tmx version="1.4"><body><tu>\n<tuv></tu></body></tmx>', 2),
    ("bad.tsv", "a\tb\tc\td\t0.5\nonly\ttwo\n", 2),
    ("bad.jsonl", '{"translation": {"tr": "a", "en": "b"}}\n{not json\n', 2),
    ("bad.txt", "[0]:[0]\nnonsense\n", 2),
])
def test_bad_input_names_file_and_line(tmp_path, name, content, line):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        if name.endswith(".txt"):
            formats.parse_vecalign(content, str(path))
        else:
            formats.read(path)
    assert f"{path}:{line}" in str(err.value) and "fix:" in str(err.value)


def test_failed_write_leaves_existing_file(tmp_path, alignment):
    path = tmp_path / "c.tsv"
    path.write_text("old\n", encoding="utf-8")

    def broken():
        yield from formats.aligned_pairs([alignment])
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        formats.write(path, "tsv", broken())
    with pytest.raises(InputError):
        formats.write(path, "xml", [alignment])
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["c.tsv"]


def test_jsonl_needs_two_languages(tmp_path):
    with pytest.raises(InputError, match="--format tsv"):
        formats.write(tmp_path / "x.jsonl", "jsonl", [AlignedPair("a", "b", 1.0, src_lang="en")])
    assert not (tmp_path / "x.jsonl").exists()
