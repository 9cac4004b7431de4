"""The stanza entity backend with real stanza objects: Documents read from CoNLL-U with NER tags,
and a real ``stanza.Pipeline`` built offline whose tagger is a registered processor."""
from __future__ import annotations

import json

import pytest

stanza = pytest.importorskip("stanza")
from stanza.pipeline.processor import Processor, register_processor  # noqa: E402
from stanza.utils.conll import CoNLL  # noqa: E402

from bitext.entities import backend_for  # noqa: E402
from bitext.entities.stanza_ner import StanzaRecognizer, entities_from_doc  # noqa: E402
from bitext.nlp.stanza_backend import build_pipeline  # noqa: E402


def conll_doc(text: str, tagged: list[tuple[str, str]]) -> "stanza.Document":
    """A stanza Document over ``text`` read from CoNLL-U whose MISC column carries the tags."""
    lines, cursor = [f"# text = {text}"], 0
    for i, (word, tag) in enumerate(tagged, 1):
        start = text.index(word, cursor)
        cursor = start + len(word)
        lines.append(f"{i}\t{word}\t_\t_\t_\t_\t{i - 1}\t_\t_\t"
                     f"start_char={start}|end_char={cursor}|ner={tag}")
    doc = CoNLL.conll2doc(input_str="\n".join(lines) + "\n\n")
    doc.text = text
    doc.build_ents()
    return doc


def test_turkish_doc_conversion():
    text = "Ermenistan'ın başkenti Erivan'da 27 Temmuz 2021'de AGİT toplandı."
    doc = conll_doc(text, [("Ermenistan'ın", "S-LOC"), ("başkenti", "O"), ("Erivan'da", "S-LOC"),
                           ("27", "O"), ("Temmuz", "O"), ("2021'de", "O"), ("AGİT", "S-ORG"),
                           ("toplandı", "O"), (".", "O")])
    assert [e.text for e in doc.ents] == ["Ermenistan'ın", "Erivan'da", "AGİT"]
    ents = entities_from_doc(doc, text, "tr")
    assert [(e.text, e.label, e.key, e.source) for e in ents] == [
        ("Ermenistan", "GPE", "GPE:AM", "stanza"),  # suffix cut, LOC refined to GPE
        ("Erivan", "GPE", "GPE:yerevan", "stanza"),
        ("27 Temmuz 2021", "DATE", "DATE:2021-07-27", "stanza"),  # from our patterns
        ("AGİT", "ORG", "ORG:osce", "stanza"),
    ]
    assert all(text[e.start:e.end] == e.text for e in ents)


def test_english_ontonotes_types():
    text = "President Joe Biden paid $4.5 billion to the OSCE on July 27, 2021, the first time."
    doc = conll_doc(text, [
        ("President", "O"), ("Joe", "B-PERSON"), ("Biden", "E-PERSON"), ("paid", "O"),
        ("$", "B-MONEY"), ("4.5", "I-MONEY"), ("billion", "E-MONEY"), ("to", "O"), ("the", "O"),
        ("OSCE", "S-ORG"), ("on", "O"), ("July", "B-DATE"), ("27", "I-DATE"), (",", "I-DATE"),
        ("2021", "E-DATE"), (",", "O"), ("the", "O"), ("first", "S-ORDINAL"), ("time", "O"),
        (".", "O")])
    ents = entities_from_doc(doc, text, "en")
    assert [(e.text, e.label, e.key) for e in ents] == [
        ("Joe Biden", "PER", None), ("$4.5 billion", "MONEY", "MONEY:4500000000 USD"),
        ("OSCE", "ORG", "ORG:osce"), ("July 27, 2021", "DATE", "DATE:2021-07-27")]


GAZ = {"Armenia": "GPE", "OSCE": "ORG", "Nikol": "PERSON", "Pashinyan": "PERSON"}


@register_processor("lexiconner")
class LexiconNER(Processor):
    """A stand-in NER model (no download): tags tokens found in a small lexicon, BIO style."""

    REQUIRES_DEFAULT = {"tokenize"}
    PROVIDES_DEFAULT = {"lexiconner"}

    def _set_up_model(self, config, pipeline, device):
        pass

    def process(self, doc):
        for sent in doc.sentences:
            prev = None
            for tok in sent.tokens:
                t = GAZ.get(tok.text)
                tok.ner = "O" if t is None else ("I-" if prev == t else "B-") + t
                prev = t
        doc.build_ents()
        return doc


@pytest.fixture(scope="module")
def stanza_resources(tmp_path_factory):
    root = tmp_path_factory.mktemp("stanza-ents")
    (root / "resources.json").write_text(json.dumps({
        lang: {"lang_name": name, "default_processors": {}}
        for lang, name in (("en", "English"), ("tr", "Turkish"))}))
    return root


def test_real_pipeline_through_recognizer(stanza_resources):
    pipe = build_pipeline("en", "tokenize,lexiconner", dir=str(stanza_resources),
                          tokenize_pretokenized=True)
    rec = StanzaRecognizer("en", pipeline=pipe)
    text = "Nikol Pashinyan of Armenia asked the OSCE ."
    ents = rec.recognize(text)
    assert rec.name == "stanza"
    assert [(e.text, e.label, e.key) for e in ents] == [
        ("Nikol Pashinyan", "PER", None), ("Armenia", "GPE", "GPE:AM"), ("OSCE", "ORG", "ORG:osce")]
    assert rec.recognize("  ") == []


def test_stanza_chosen_when_models_present(stanza_resources, tmp_path, monkeypatch):
    import shutil
    root = tmp_path / "res"
    shutil.copytree(stanza_resources, root)
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(root))
    monkeypatch.delenv("BITEXT_ENTITIES_BACKEND", raising=False)
    assert backend_for("tr") == "offline"
    for proc in ("tokenize", "ner"):
        (root / "tr" / proc).mkdir(parents=True)
        (root / "tr" / proc / "model.pt").write_bytes(b"")
    assert backend_for("tr") == "stanza" and backend_for("en") == "offline"
    monkeypatch.setenv("BITEXT_ENTITIES_BACKEND", "offline")
    assert backend_for("tr") == "offline"


def test_fetch_fails_in_one_line_offline(tmp_path, monkeypatch):
    """No network here: `bitext models fetch stanza` must fail with one clear line."""
    from typer.testing import CliRunner

    from bitext.cli import app, models_cmd  # noqa: F401
    from bitext.errors import ModelError
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "res"))
    r = CliRunner().invoke(app, ["models", "fetch", "stanza", "--lang", "en"])
    assert isinstance(r.exception, ModelError)
    msg = str(r.exception)
    assert "\n" not in msg and "cannot download stanza" in msg and str(tmp_path / "res") in msg


def test_stanza_backend_without_models_is_a_model_error(tmp_path, monkeypatch):
    from bitext.entities import get_recognizer
    from bitext.errors import ModelError
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(ModelError, match=str(tmp_path)):
        get_recognizer("tr", "stanza")
