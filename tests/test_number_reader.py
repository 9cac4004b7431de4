"""One number reader (entities.values.read_number) for the NUM check and the entity scanner."""
from __future__ import annotations

import pytest

from bitext.check.numbers import mentions
from bitext.entities import recognize
from bitext.entities.tokens import tokenize
from bitext.entities.values import read_number


def read(text: str, lang: str, i: int = 0, **kw) -> tuple[float | None, str] | None:
    toks = tokenize(text, lang)
    n = read_number(toks, i, lang, **kw)
    return None if n is None else (n.value, text[toks[i].start:toks[n.end - 1].end])


@pytest.mark.parametrize("text,lang,value,span", [
    ("iki yüz elli bin kişi", "tr", 250_000, "iki yüz elli bin"),
    ("elli sekizi geldi", "tr", 58, "elli sekizi"),  # a suffix ends the number
    ("20 milyondan fazla", "tr", 20e6, "20 milyondan"),
    ("79 milyonla", "tr", 79e6, "79 milyonla"),
    ("2.000 asker", "tr", 2000, "2.000"),
    ("one hundred and five", "en", 105, "one hundred and five"),
    ("twenty-five", "en", 25, "twenty-five"),
    ("two dozen streets", "en", 24, "two dozen"),
    ("a dozen ministers", "en", 12, "a dozen"),
    ("it cost 2.5-billion", "en", 2.5e9, "2.5-billion"),
])
def test_reads_digits_words_and_scales(text, lang, value, span):
    i = next(k for k, t in enumerate(tokenize(text, lang)) if t.kind == "num" or t.fold in (
        "iki", "elli", "one", "twenty", "two", "a"))
    assert read(text, lang, i) == (value, span)


@pytest.mark.parametrize("text,lang", [
    ("bir iki gün", "tr"),  # "a day or two": no number 3
    ("dört bir yanından", "tr"),  # "from all sides"
    ("yüz yüze görüştüler", "tr"),  # face to face
    ("one three-year plan", "en"),
])
def test_word_order_ends_a_spelled_number(text, lang):
    got = read(text, lang)
    assert got is None or " " not in got[1], got


def test_scale_abbreviations_need_a_currency_sign():
    toks = tokenize("€4m and a 6m wall", "en")
    assert read_number(toks, 1, "en").value == 4e6
    assert read_number(toks, 5, "en").value == 6.0


def test_lone_articles_and_faces_are_no_numbers():
    assert read("bir", "tr") is None and read("bir", "tr", allow_one=True)[0] == 1
    assert read("yüz ifadesi", "tr") is None
    assert read("yüzde yüz emin", "tr", 1) == (100, "yüz")


@pytest.mark.parametrize("text,lang", [
    ("Rusya 4 milyon Euro ödedi ve 2.000 asker gönderdi.", "tr"),
    ("The operation cost roughly €4m and 2,000 troops.", "en"),
    ("Yüzde elli beşi iki yüz elli bin kişiye ulaştı.", "tr"),
    ("Two dozen streets and one hundred and five houses.", "en"),
])
def test_check_and_entities_read_the_same_values(text, lang):
    """The NUM check's mentions and the recogniser's numeric entities come from the one reader."""
    num = {v for m in mentions(text, lang) for v in m.values if v > 0}
    keys = {e.key.split(":", 1)[1].split()[0] for e in recognize(text, lang)
            if e.label in ("CARDINAL", "MONEY", "PERCENT") and e.key}
    assert {float(k) for k in keys} <= num
