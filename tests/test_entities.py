"""Entities: the offline recogniser, number/date patterns, keys, matching, glossary, CLI, bench."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bitext.entities import backend_for, get_recognizer, match_entities, recognize
from bitext.entities import glossary
from bitext.entities.offline import OfflineRecognizer
from bitext.entities.values import parse_number
from bitext.errors import InputError, ModelError
from bitext.records import ENTITY_TYPES, Entity

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True, scope="module")
def _no_stanza(tmp_path_factory):
    """Point stanza at an empty folder so the offline backend is the automatic choice."""
    mp = pytest.MonkeyPatch()
    mp.setenv("STANZA_RESOURCES_DIR", str(tmp_path_factory.mktemp("no-stanza")))
    mp.delenv("BITEXT_ENTITIES_BACKEND", raising=False)
    yield
    mp.undo()


def found(text: str, lang: str) -> list[tuple[str, str, str | None]]:
    return [(e.text, e.label, e.key) for e in recognize(text, lang)]


@pytest.mark.parametrize("lang,text,mention,label,key", [
    ("tr", "Toplam 2.000 asker", "2.000", "CARDINAL", "CARDINAL:2000"),
    ("tr", "oran %12,5 oldu", "%12,5", "PERCENT", "PERCENT:12.5"),
    ("tr", "oran yüzde 50 oldu", "yüzde 50", "PERCENT", "PERCENT:50"),
    ("tr", "4,5 milyar dolar yatırım", "4,5 milyar dolar", "MONEY", "MONEY:4500000000 USD"),
    ("tr", "27 Temmuz 2021'de imzalandı", "27 Temmuz 2021", "DATE", "DATE:2021-07-27"),
    ("tr", "1990'larda başladı", "1990'lar", "DATE", "DATE:1990s"),
    ("tr", "iki hafta sürdü", "iki hafta", "DATE", "DATE:P2W"),
    ("tr", "altı haftalık savaş", "altı haftalık", "DATE", "DATE:P6W"),
    ("tr", "geçen yıl yapıldı", "geçen yıl", "DATE", "DATE:REL-1Y"),
    ("tr", "140'tan fazla sivil", "140", "CARDINAL", "CARDINAL:140"),
    ("tr", "1.000,5 ton", "1.000,5 ton", "QUANTITY", "QUANTITY:1000.5 t"),
    ("tr", "on binlerce kişi", "on binlerce", "CARDINAL", "CARDINAL:~10000"),
    ("en", "some 2,000 soldiers", "2,000", "CARDINAL", "CARDINAL:2000"),
    ("en", "grew 12.5% last", "12.5%", "PERCENT", "PERCENT:12.5"),
    ("en", "a $4.5 billion deal", "$4.5 billion", "MONEY", "MONEY:4500000000 USD"),
    ("en", "on July 27, 2021, they", "July 27, 2021", "DATE", "DATE:2021-07-27"),
    ("en", "in the 1990s", "1990s", "DATE", "DATE:1990s"),
    ("en", "the six-week conflict", "six-week", "DATE", "DATE:P6W"),
    ("en", "two weeks later", "two weeks", "DATE", "DATE:P2W"),
    ("en", "twenty-five states", "twenty-five", "CARDINAL", "CARDINAL:25"),
    ("en", "tens of thousands of people", "tens of thousands", "CARDINAL", "CARDINAL:~10000"),
    ("en", "300 km away", "300 km", "QUANTITY", "QUANTITY:300 km"),
    ("en", "the sixteenth century", "sixteenth century", "DATE", "DATE:C16"),
])
def test_number_and_date_patterns(lang, text, mention, label, key):
    assert (mention, label, key) in found(text, lang)


def test_codes_identifiers_and_both_are_not_numbers():
    assert found("S-400 and F-35, ORCID 0000-0003-4159-0230, doi 10.32449/x.1538388", "en") == []
    assert found("her iki ülke", "tr") == []
    assert found("bir ülke", "tr") == []  # "bir" is the article


@pytest.mark.parametrize("text,lang,value", [
    ("2.000", "tr", 2000), ("1.000,5", "tr", 1000.5), ("12,5", "tr", 12.5), ("2,000", "en", 2000),
    ("12.5", "en", 12.5), ("4,5 milyar", "tr", 4.5e9), ("4.5 billion", "en", 4.5e9),
    ("altı", "tr", 6), ("six", "en", 6), ("iki yüz elli", "tr", 250), ("two hundred fifty", "en", 250),
    ("abc", "en", None), ("", "tr", None),
])
def test_parse_number(text, lang, value):
    assert parse_number(text, lang) == value


def test_turkish_names_and_suffixes():
    ents = found("Kırım'daki gelişmeler, Ermenistan'ın tutumu ve NATO'nun rolü.", "tr")
    assert ents == [("Kırım", "GPE", "GPE:crimea"), ("Ermenistan", "GPE", "GPE:AM"),
                    ("NATO", "ORG", "ORG:nato")]
    # common nouns inflected without an apostrophe are no entities
    assert found("bölgedeki ülkelerin kurumları", "tr") == []


def test_titles_before_person_names():
    tr = found("TBMM Başkanı Mustafa Şentop'un açıklaması", "tr")
    assert ("TBMM", "ORG", "ORG:tbmm") in tr and ("Mustafa Şentop", "PER", None) in tr
    # "Merhum" (the late) is an honorific, not part of the name
    assert found("Merhum Haydar Aliyev'in dediği gibi", "tr") == [("Haydar Aliyev", "PER", None)]
    en = found("He met President Kassym-Jomart Tokayev and Speaker Nancy Pelosi.", "en")
    assert ("Nancy Pelosi", "PER", None) in en
    assert any(lab == "PER" and "Tokayev" in t for t, lab, _ in en)


def test_cldr_and_demonyms():
    en = found("Armenian troops left Azerbaijan; Central Asian states and the Russians watched.", "en")
    assert ("Armenian", "NORP", "NORP:AM") in en and ("Azerbaijan", "GPE", "GPE:AZ") in en
    assert ("Central Asian", "NORP", "NORP:143") in en and ("Russians", "NORP", "NORP:RU") in en
    tr = found("Azerbaycanlı askerler Orta Asya'ya gitti.", "tr")
    assert ("Azerbaycanlı", "NORP", "NORP:AZ") in tr and ("Orta Asya", "LOC", "LOC:143") in tr


def test_capitalised_names_with_heads():
    en = found("The Cambridge University Press and the Ministry of Foreign Affairs of Ruritania "
               "signed the Helsinki Accords after the Bolshevik Revolution.", "en")
    assert ("Cambridge University Press", "ORG", None) in en
    assert ("Helsinki Accords", "LAW", None) in en and ("Bolshevik Revolution", "EVENT", None) in en
    tr = found("İstanbul Okan Üniversitesi ve Ruritanya Savunma Bakanlığı", "tr")
    assert ("İstanbul Okan Üniversitesi", "ORG", None) in tr
    assert ("Ruritanya Savunma Bakanlığı", "ORG", None) in tr


def test_entities_are_well_formed(seed000):
    text = seed000.read_text(encoding="utf-8")
    for lang in ("tr", "en"):
        ents = recognize(text, lang)
        assert ents and all(isinstance(e, Entity) for e in ents)
        assert all(text[e.start:e.end] == e.text and e.label in ENTITY_TYPES for e in ents)
        assert all(a.end <= b.start for a, b in zip(ents, ents[1:]))
        assert {e.source for e in ents} == {"offline"}


def test_backend_is_reported_and_chosen():
    assert backend_for("tr") == "offline"
    assert get_recognizer("tr").name == "offline"
    with pytest.raises(ModelError, match="unknown entity backend"):
        get_recognizer("tr", "spacy")


# ---------------------------------------------------------------- keys and matching

def _abstracts(seed000: Path) -> tuple[str, str]:
    lines = seed000.read_text(encoding="utf-8").split("\n")
    start = lines.index("Özet") + 1
    ozet = next(x for x in lines[start:] if x.strip())
    start = lines.index("Abstract") + 1
    abstract = next(x for x in lines[start:] if x.strip())
    return ozet, abstract


def test_seed_abstract_keys_pair(seed000):
    ozet, abstract = _abstracts(seed000)
    m = match_entities(recognize(ozet, "tr"), recognize(abstract, "en"))
    pairs = {(p.src.text, p.tgt.text) for p in m.pairs}
    for pair in [("AGİT", "OSCE"), ("BM", "UN"), ("BDT", "CIS"), ("ABD", "US"),
                 ("Ermenistan", "Armenia"), ("Kırım", "Crimea"), ("1997", "1997"),
                 ("BM Güvenlik Konseyi", "UN Security Council"), ("Türk", "Turkic"),
                 ("Güney Kafkasya", "Caucasus")]:  # "the southern Caucasus": a subregion
        assert pair in pairs
    assert len(m.pairs) >= 30 and not m.unmatched_src and not m.unmatched_tgt


def test_a_subregion_pairs_with_its_region_only():
    tr = recognize("Güney Kafkasya'da barış", "tr")
    assert match_entities(tr, recognize("peace in the Caucasus", "en")).pairs[0].score == 0.9
    assert not match_entities(tr, recognize("peace in the Balkans", "en")).pairs


def test_time_units_match_only_the_same_duration():
    tr = recognize("Savaş iki hafta sürdü.", "tr")
    assert match_entities(tr, recognize("The war lasted two weeks.", "en")).pairs
    m = match_entities(tr, recognize("The war lasted two months.", "en"))
    assert not m.pairs and len(m.unmatched_src) == len(m.unmatched_tgt) == 1


def test_fuzzy_names_and_differing_numbers():
    tr = recognize("TBMM Başkanı Mustafa Şentop 5.000 askerden söz etti.", "tr")
    en = recognize("Turkish parliament speaker Mustafa Sentop spoke of 3,000 soldiers.", "en")
    m = match_entities(tr, en)
    fuzzy = [p for p in m.pairs if p.method == "fuzzy"]
    assert [(p.src.text, p.tgt.text) for p in fuzzy] == [("Mustafa Şentop", "Mustafa Sentop")]
    assert [e.key for e in m.unmatched_src] == ["ORG:tbmm", "CARDINAL:5000"]
    assert [e.key for e in m.unmatched_tgt] == ["NORP:TR", "CARDINAL:3000"]


# ---------------------------------------------------------------- glossary

def test_glossary_is_user_editable(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text("id\ttype\ttr\ten\nzz\tORG\tZümrüt Konseyi | ZK\tEmerald Council | EC\n",
                    encoding="utf-8")
    tr = OfflineRecognizer("tr", str(path)).recognize("ZK ve Zümrüt Konseyi'nin kararı")
    en = OfflineRecognizer("en", str(path)).recognize("the EC, or Emerald Council")
    assert [e.key for e in tr] == ["ORG:zz", "ORG:zz"] and [e.key for e in en] == ["ORG:zz"] * 2
    assert match_entities(tr, en).unmatched_src == []


def test_glossary_errors_name_the_line(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("id\ttype\ttr\ten\nok\tORG\tA\tB\nbad\tTHING\tA\tB\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.tsv:3: bad id or type"):
        glossary.load(str(path))


def test_shipped_glossary_parses():
    entries = glossary.load(str(Path(__file__).parents[1] / "annotations" / "glossary.tsv"))
    keys = {e.key for e in entries}
    assert {"ORG:nato", "ORG:osce", "ORG:un", "ORG:cis", "ORG:csto", "ORG:sco", "ORG:eu",
            "GPE:US", "ORG:ots", "ORG:guam", "ORG:tbmm", "ORG:unsc", "ORG:akp"} <= keys


# ---------------------------------------------------------------- dev set and bench

@pytest.mark.parametrize("name", ["entities_dev.jsonl", "entities_heldout.jsonl"])
def test_dev_sets_are_valid(name):
    rows = [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines()]
    mentions = [(r["lang"], e) for r in rows for e in r["entities"]]
    assert {lang for lang, _ in mentions} == {"tr", "en"}
    if name == "entities_dev.jsonl":
        assert len(mentions) >= 150
    for r in rows:
        for e in r["entities"]:
            assert r["text"][e["start"]:e["end"]] == e["text"] and e["label"] in ENTITY_TYPES


def test_bench_meets_target():
    from bitext.bench import entities as bench
    for name in ("entities_dev.jsonl", "entities_heldout.jsonl"):
        res = bench.run(DATA / name)
        assert res.backend == {"tr": "offline", "en": "offline"}
        assert res.target.f1 >= 0.85, (name, res.target)


# ---------------------------------------------------------------- command line

@pytest.fixture(scope="module")
def cli():
    from bitext.cli import app, bench_cmd, entities_cmd  # noqa: F401
    return app


def test_cli_entities_formats(cli, tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("Kırım'daki AGİT heyeti 27 Temmuz 2021'de geldi.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["entities", str(f), "--lang", "tr", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["text"], x["key"]) for x in rows] == [
        ("Kırım", "GPE:crimea"), ("AGİT", "ORG:osce"), ("27 Temmuz 2021", "DATE:2021-07-27")]
    r = CliRunner().invoke(cli, ["entities", str(f), "--lang", "tr", "--format", "conll"])
    assert r.stdout.splitlines()[:4] == ["Kırım\tB-GPE", "'daki\tO", "AGİT\tB-ORG", "heyeti\tO"]
    r = CliRunner().invoke(cli, ["entities", str(f), "--lang", "tr"])
    assert "backend: offline" in r.stdout and "ORG:osce" in r.stdout


def test_cli_entities_bad_input(cli, tmp_path):
    r = CliRunner().invoke(cli, ["entities", str(tmp_path / "missing.txt")])
    assert isinstance(r.exception, InputError) and "no such file" in str(r.exception)
    bad = tmp_path / "bad.txt"
    bad.write_bytes("satır\n".encode() + b"\xff\xfe bozuk\n")
    r = CliRunner().invoke(cli, ["entities", str(bad)])
    assert isinstance(r.exception, InputError) and f"{bad}:2" in str(r.exception)
    r = CliRunner().invoke(cli, ["entities", str(bad), "--lang", "de"])
    assert isinstance(r.exception, InputError)


def test_cli_bench_entities(cli):
    r = CliRunner().invoke(cli, ["bench", "entities"])
    assert r.exit_code == 0, r.output
    assert "GPE+ORG+DATE+numbers" in r.stdout and "overall" in r.stdout


def test_cli_entities_match(cli, tmp_path, seed000):
    ozet, abstract = _abstracts(seed000)
    (tmp_path / "tr.txt").write_text(ozet, encoding="utf-8")
    (tmp_path / "en.txt").write_text(abstract, encoding="utf-8")
    r = CliRunner().invoke(cli, ["entities", str(tmp_path / "tr.txt"), "--lang", "tr",
                                 "--match", str(tmp_path / "en.txt"), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert {"src": "AGİT", "tgt": "OSCE", "key": "ORG:osce", "method": "key", "score": 1.0} in rows


def test_bench_pairs_on_flores(bench_dir):
    """Correct translations (FLORES-200 tr–en): few keyed mentions left unmatched."""
    from bitext.bench import entities as bench
    if not (bench_dir / "flores").is_dir():
        pytest.skip("FLORES-200 not in the bench folder")
    res = bench.run_pairs(bench_dir, limit=300)
    assert res.pairs == 300 and res.matched["key"] > 150
    assert res.alarm_rate < 0.2, res.examples
