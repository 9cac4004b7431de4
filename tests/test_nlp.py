"""Sentence splitting and tokenization: the offline rules, and the stanza backend through the
real stanza API (a pipeline built offline from a resources.json the test writes)."""
from __future__ import annotations

import json

import pytest

from bitext.errors import ModelError
from bitext.nlp import get_pipeline
from bitext.nlp.offline import split_sentences, tokenize
from bitext.nlp.stanza_backend import StanzaPipeline, build_pipeline, has_models, stanza_dir


def texts(sents):
    return [s.text for s in sents]


@pytest.mark.parametrize("lang,text,expected", [
    ("tr", "Prof. Dr. Ayşe Yılmaz geldi. Doç. Dr. Ali ve Yrd. Doç. Veli de geldi.",
     ["Prof. Dr. Ayşe Yılmaz geldi.", "Doç. Dr. Ali ve Yrd. Doç. Veli de geldi."]),
    ("tr", "Elma, armut vb. meyveler alındı. Örn. elma ucuzdu. Bkz. Tablo.",
     ["Elma, armut vb. meyveler alındı.", "Örn. elma ucuzdu.", "Bkz. Tablo."]),
    ("tr", "Oran %12,5 oldu. Sayı 2.000 kişiye ulaştı. 1. Dünya Savaşı 15. yüzyıldan sonraydı. Son.",
     ["Oran %12,5 oldu.", "Sayı 2.000 kişiye ulaştı.",
      "1. Dünya Savaşı 15. yüzyıldan sonraydı.", "Son."]),
    ("tr", "ABD'nin kararı 2021'de açıklandı. Kırım'daki gelişmeler sürdü.",
     ["ABD'nin kararı 2021'de açıklandı.", "Kırım'daki gelişmeler sürdü."]),
    ("tr", 'ABD ve Batı\'nın kışkırtmasıyla 1997 yılında "Rus Dünyasının kenarlarını pasifize etmek '
           'için kurulan GUAM örgütü geçersizdir. Genel olarak bu böyledir. Nihayet bitti.',
     ['ABD ve Batı\'nın kışkırtmasıyla 1997 yılında "Rus Dünyasının kenarlarını pasifize etmek '
      'için kurulan GUAM örgütü geçersizdir.', "Genel olarak bu böyledir.", "Nihayet bitti."]),
    ("tr", "Atıf: Çora, A.N. (2024). Makale adı. A. N. Çora yazdı.",
     ["Atıf: Çora, A.N. (2024).", "Makale adı.", "A. N. Çora yazdı."]),
    ("en", "Mr. Smith went to the U.S. in 1997. He met St. John, i.e. a friend, e.g. at No. 5.",
     ["Mr. Smith went to the U.S. in 1997.", "He met St. John, i.e. a friend, e.g. at No. 5."]),
    ("en", "It grew 1.5 times to 12.5% (Smith et al. 2020). Apples, pears etc. Then more.",
     ["It grew 1.5 times to 12.5% (Smith et al. 2020).", "Apples, pears etc.", "Then more."]),
    ("en", 'He said "Stop." Then he left (see Fig. 2). (It was late.) Why? "Because."',
     ['He said "Stop."', "Then he left (see Fig. 2).", "(It was late.)", "Why?", '"Because."']),
    ("en", "1. Hypothesis and Method\n\nII. Results. See section 3. It works.",
     ["1. Hypothesis and Method", "II. Results.", "See section 3.", "It works."]),
    ("tr", 'Bu "Neden?" diye soruldu (bkz. s. 45). Saat 14.30\'da bitti... ve sonra? Evet vs. Sonra.',
     ['Bu "Neden?" diye soruldu (bkz. s. 45).', "Saat 14.30'da bitti... ve sonra?", "Evet vs.",
      "Sonra."]),
    ("tr", "Konu bilinir.19. yüzyılda yaşadı. Şairidir.Bu şiirler %57.3 oranında, www.site.org.tr ve "
           "U.S.A ile Mümin b. Mukbil'in eseridir.",
     ["Konu bilinir.", "19. yüzyılda yaşadı.", "Şairidir.",
      "Bu şiirler %57.3 oranında, www.site.org.tr ve U.S.A ile Mümin b. Mukbil'in eseridir."]),
    ("en", "In 1997. The year ended.\n\nA new paragraph without a stop\nNext line",
     ["In 1997.", "The year ended.", "A new paragraph without a stop\nNext line"]),
])
def test_offline_sentences(lang, text, expected):
    sents = split_sentences(text, lang)
    assert texts(sents) == expected
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_offline_sentences_edge_cases():
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
    assert texts(split_sentences("no stop at all")) == ["no stop at all"]


def test_seed000_abstracts_split_alike(seed000):
    lines = seed000.read_text(encoding="utf-8").split("\n")
    en = next(lines[i + 2] for i, l in enumerate(lines) if l.strip() == "Abstract")
    tr = next(lines[i + 2] for i, l in enumerate(lines) if l.strip() == "Özet")
    en_s, tr_s = split_sentences(en, "en"), split_sentences(tr, "tr")
    assert len(en_s) == len(tr_s) == 16
    assert tr_s[13].text.startswith('ABD ve Batı\'nın') and tr_s[13].text.endswith("kılınmıştır.")


def test_tokens_keep_suffixes_numbers_offsets():
    text = "Kırım'daki 1.000,5 TL, %50 ve 2021'de Dr. A.N. Çora (ABD’nin) 12,5; 3.14 vb. https://doi.org/10.1/x."
    toks = tokenize(text)
    assert [t.text for t in toks] == [
        "Kırım'daki", "1.000,5", "TL", ",", "%50", "ve", "2021'de", "Dr.", "A.N.", "Çora", "(",
        "ABD’nin", ")", "12,5", ";", "3.14", "vb.", "https://doi.org/10.1/x", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_token_sentence_final_abbreviation_gives_up_its_period():
    assert [t.text for t in tokenize("Elma, armut vb. Sonra")] == ["Elma", ",", "armut", "vb", ".", "Sonra"]


def test_twenty_thousand_sentences_linear():
    text = " ".join(f"Cümle {i} Dr. Ali'nin 2.000 TL'sini anlatır." for i in range(20000))
    sents = split_sentences(text, "tr")
    assert len(sents) == 20000 and sents[-1].end == len(text)


# ---------------------------------------------------------------- backends

@pytest.fixture()
def no_stanza(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    monkeypatch.delenv("BITEXT_NLP_BACKEND", raising=False)
    return tmp_path


def test_offline_is_default_without_models(no_stanza):
    assert stanza_dir() == no_stanza
    assert not has_models("tr")
    p = get_pipeline("tr")
    assert p.name == "offline" and p.lang == "tr"
    assert texts(p.sentences("Bir. İki.")) == ["Bir.", "İki."]
    with pytest.raises(ModelError, match="fix:"):
        get_pipeline("tr", "stanza")
    with pytest.raises(ModelError, match="unknown NLP backend"):
        get_pipeline("tr", "nltk")


@pytest.fixture(scope="session")
def stanza_resources(tmp_path_factory):
    """A stanza resources folder with a resources.json and no model files."""
    root = tmp_path_factory.mktemp("stanza")
    (root / "resources.json").write_text(json.dumps({
        lang: {"lang_name": name, "default_processors": {}}
        for lang, name in (("en", "English"), ("tr", "Turkish"))}))
    return root


@pytest.fixture(scope="session")
def pretokenized(stanza_resources):
    """A real stanza.Pipeline (tokenize, pretokenized: no model needed), built offline."""
    return build_pipeline("tr", "tokenize", dir=str(stanza_resources), tokenize_pretokenized=True)


def test_stanza_pipeline_offsets(pretokenized):
    text = "Kırım'daki gelişmeler sürdü .\nDr. Ali  2021'de geldi ."
    p = StanzaPipeline("tr", pipeline=pretokenized)
    assert p.name == "stanza"
    sents = p.sentences(text)
    assert texts(sents) == ["Kırım'daki gelişmeler sürdü .", "Dr. Ali  2021'de geldi ."]
    toks = p.tokens(text)
    assert [t.text for t in toks][:4] == ["Kırım'daki", "gelişmeler", "sürdü", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert toks[-1].end == len(text)
    assert p.sentences("  ") == []


def test_stanza_offsets_re_anchored_for_token_lists(pretokenized):
    """Lists of tokens (our own tokenization fed to stanza) come back anchored in our text."""
    text = "Dr. Ali geldi. ABD'nin kararı."
    sents = split_sentences(text, "tr")
    doc = pretokenized([[t.text for t in tokenize(s.text)] for s in sents])
    from bitext.nlp.stanza_backend import doc_sentences, doc_tokens
    assert texts(doc_sentences(doc, text)) == ["Dr. Ali geldi.", "ABD'nin kararı."]
    assert [(t.start, t.end) for t in doc_tokens(doc, text)] == [(t.start, t.end) for t in tokenize(text)]


def test_stanza_chosen_when_models_present(stanza_resources, monkeypatch, tmp_path):
    import shutil
    root = tmp_path / "res"
    shutil.copytree(stanza_resources, root)
    (root / "tr" / "tokenize").mkdir(parents=True)
    (root / "tr" / "tokenize" / "imst.pt").write_bytes(b"not a model")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(root))
    monkeypatch.delenv("BITEXT_NLP_BACKEND", raising=False)
    assert has_models("tr") and not has_models("en") and not has_models("tr", ("tokenize", "ner"))
    assert get_pipeline("en").name == "offline"
    with pytest.raises(ModelError, match=str(root)):  # stanza chosen; its corrupt model reported
        get_pipeline("tr")


def test_build_pipeline_without_resources(tmp_path):
    with pytest.raises(ModelError, match="stanza.download"):
        build_pipeline("en", "tokenize", dir=str(tmp_path))


# ---------------------------------------------------------------- invariants on any text

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("aıİiŞşğ ÇAB.!?…,;:'’\"“”()[]-0123456789\n Dr.vb.U.S.%") + [" Prof. ", " 12,5 ", ". A", "\n\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.sampled_from(["tr", "en", None]))
def test_sentences_and_tokens_cover_the_text(text, lang):
    sents = split_sentences(text, lang)
    pos = 0
    for s in sents:
        assert text[s.start:s.end] == s.text == s.text.strip() and s.text and s.start >= pos
        assert not text[pos:s.start].strip()  # nothing but whitespace between sentences
        pos = s.end
    assert not text[pos:].strip()
    last = 0
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text and t.start >= last and t.text.strip() == t.text
        last = t.end
