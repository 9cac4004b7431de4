"""Decoding bytes and finding/repairing Turkish code-page damage."""
from __future__ import annotations

import codecs

import pytest

from bitext.errors import InputError
from bitext.textcodec import damage_notes, decode, find_damage, repair

TR = "Gündoğdu, Şentop ve Işık İstanbul'da çalıştı; “ağır” — 5 €.\n"


def test_utf8_and_bom():
    assert decode(TR.encode()) == (TR, "utf-8", [])
    text, enc, notes = decode(codecs.BOM_UTF8 + TR.encode())
    assert (text, enc) == (TR, "utf-8") and "byte-order mark" in notes[0]
    text, enc, _ = decode(TR.encode("utf-16"))
    assert (text, enc) == (TR, "utf-16")
    assert decode(b"a\r\nb\rc")[0] == "a\nb\nc"


def test_cp1254_decoded_and_reported():
    text, enc, notes = decode(("Başlık\n" + TR).encode("cp1254"), "x.txt")
    assert text == "Başlık\n" + TR and enc == "cp1254"
    assert notes == ["not UTF-8 (first non-UTF-8 byte at line 1): decoded as Turkish cp1254"]
    text, enc, notes = decode("ağaç ışık\n".encode("iso-8859-9"))
    assert text == "ağaç ışık\n" and enc == "iso-8859-9" and "latin-5" in notes[0]


@pytest.mark.parametrize("data,what", [
    (b"", "empty"), (b" \n\t\n", "empty"), (codecs.BOM_UTF8, "empty"),
    (b"PK\x03\x04\x00\x00binary", "NUL"),
    ("Türkçe metin".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    (bytes(range(1, 32)) * 20, "control characters"),
    (b"ok\n\x81\x8d\x8f\x90\x9d", "not decodable"),
])
def test_bad_bytes_raise(data, what):
    with pytest.raises(InputError, match=what) as err:
        decode(data, "bad.txt")
    assert str(err.value).startswith("bad.txt") and "fix:" in str(err.value)


def test_undecodable_names_the_line():
    with pytest.raises(InputError) as err:
        decode(b"one\ntwo\nthree \x81\x8d\x8f", "bad.txt")
    assert err.value.line == 3 and str(err.value).startswith("bad.txt:3:")


@pytest.mark.parametrize("wrong", ["cp1250", "iso-8859-2", "cp1252", "latin-1"])
def test_code_page_damage_found_and_repaired(wrong):
    good = "Gündoğdu, S. (2023). Türkiye'nin jeopolitik açılımı\nŞIŞLI İSTANBUL ılık\n"
    damaged = good.encode("cp1254").decode(wrong)
    assert damaged != good
    found = find_damage(damaged)
    assert {d.line for d in found} == {1, 2}
    assert repair(damaged, found) == good


def test_utf8_read_as_cp1252_repaired():
    good = "Türkiye'nin Gündoğdu ve Şahin'i\n"
    damaged = good.encode("utf-8").decode("cp1252")
    found = find_damage(damaged)
    assert repair(damaged, found) == good


def test_no_false_damage_on_other_languages():
    for text in ("Být, či nebýt: to je otázka.", "Đurđević je došao.", "Þórður og Guðrún.",
                 "Gündoğdu İstanbul'da.", "plain ASCII"):
        assert find_damage(text) == [], text


def test_damage_notes():
    text = "\n".join(["Gündođdu"] * 8)
    found = find_damage(text)
    notes = damage_notes(found, repaired=False)
    assert notes[0] == "code-page damage at line 1: 'Gündođdu' (→ Gündoğdu); re-run with --repair"
    assert len(notes) == 6 and "3 more damaged lines" in notes[-1]
    assert damage_notes(found, repaired=True)[0].startswith("repaired code-page damage at line 1")
