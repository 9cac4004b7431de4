"""Offsets stay exact on hostile input: empty, mixed scripts, decomposed Unicode, 100k chars."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bitext.entities import match_entities, recognize
from bitext.records import ENTITY_TYPES

FRAGMENTS = [
    "Kırım'daki", "27 Temmuz 2021", "I\u0307stanbul'da", "%12,5", "NATO'nun", "Ermenistan",
    "AGİT", "BM Güvenlik Konseyi", "4,5 milyar dolar", "1990'larda", "Москва", "Ελλάδα",
    "July 27, 2021", "$4.5 billion", "President Joe Biden", "Cumhurbaşkanı Erdoğan", "2.000",
    "iki hafta", "two weeks", "S-400", "Türkiye’nin", "e\u0301", "\u0307", "'", "’", "-", "(",
    "Dr.", "U.S.", "ŞİÖ", "1,000th", "15th century", "60. gol", "11.00'da", "saat 9:30",
    "28 yaşındaki", "a three-year", "in May", "i\u0307", "A\u0301zerbaycan", "\u200b", "\t",
    "\n", "  ", ".", ",",
]
text_strategy = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=30
).map(lambda parts: " ".join(parts))


def check(text: str, lang: str) -> None:
    ents = recognize(text, lang)
    for e in ents:
        assert text[e.start:e.end] == e.text, (e, text)
        assert e.label in ENTITY_TYPES and e.text.strip() == e.text and e.text
    assert all(a.end <= b.start for a, b in zip(ents, ents[1:]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy, st.sampled_from(["tr", "en"]))
def test_offsets_exact_on_any_text(text, lang):
    check(text, lang)


@settings(max_examples=60, deadline=None)
@given(text_strategy)
def test_offsets_exact_after_decomposition(text):
    """NFD input (İ as I + U+0307) keeps offsets into the text as given."""
    decomposed = unicodedata.normalize("NFD", text)
    check(decomposed, "tr")
    check(decomposed, "en")


def test_empty_and_blank():
    for lang in ("tr", "en"):
        assert recognize("", lang) == [] and recognize(" \n\t ", lang) == []
    assert match_entities([], []).pairs == []


def test_decomposed_names_keep_keys():
    text = "I\u0307stanbul'da ve Ermenistan'ın"
    ents = recognize(text, "tr")
    assert [(e.text, e.key) for e in ents] == [("I\u0307stanbul", "GPE:istanbul"),
                                              ("Ermenistan", "GPE:AM")]
    assert ents[0].end - ents[0].start == 9  # 9 code points as written, not NFC's 8


def test_mixed_scripts():
    text = "Москва и Ankara, Ελλάδα ve Yunanistan; 2.000 asker."
    ents = recognize(text, "tr")
    assert ("Yunanistan", "GPE:GR") in [(e.text, e.key) for e in ents]
    assert ("2.000", "CARDINAL:2000") in [(e.text, e.key) for e in ents]


@pytest.fixture(scope="module")
def long_text(seed000):
    text = seed000.read_text(encoding="utf-8")
    return (text * (100_000 // len(text) + 1))[:100_000]


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_100k_characters(long_text, lang):
    ents = recognize(long_text, lang)
    assert len(ents) > 500
    assert all(long_text[e.start:e.end] == e.text for e in ents)


@pytest.mark.parametrize("unit", ["1" * 5000 + " ", "9" * 5000 + "th century ", "iki yüz ",
                                  "thousand ", "Council Of The "])
def test_pathological_100k(unit):
    """Huge digit strings, endless number words and capitalised runs: no crash, exact offsets."""
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    check(text, "tr")
    check(text, "en")
