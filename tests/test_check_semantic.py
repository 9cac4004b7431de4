"""The encoder-backed checks and document checks, on the real default encoder (a few pairs)."""
from __future__ import annotations

import pytest

from bitext.bench.check import seed_abstract
from bitext.check import CheckConfig, check_alignment, check_pairs
from bitext.records import Alignment, Bead

ACCEPT_SRC = ("Savunma sanayii dahil pek çok anlaşmamız var. Bu anlaşmalar çerçevesinde ortak "
              "tatbikatlar yapılıyor. Merhum Haydar Aliyev'in dediği gibi temel şiarımız 'bir millet, "
              "iki devlet'; bu yönde çok çalışma yapılıyor.")
ACCEPT_TGT = "Turkey and Azerbaijan are negotiating the creation of a joint Turkic army."


def _seed_lines(path) -> dict[str, str]:
    lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {"title_en": lines[0], "title_tr": lines[1],
            "kw_en": next(x for x in lines if x.startswith("Keywords:")),
            "kw_tr": next(x for x in lines if x.startswith("Anahtar Kelimeler:"))}


@pytest.fixture(scope="module")
def seed_report(seed000, encoder):
    """Seed 000 aligned by hand (title, abstract 1-1, keywords) and checked as one document."""
    s = _seed_lines(seed000)
    abstract = seed_abstract()
    assert len(abstract) == 16
    one = lambda n: tuple(Bead((i,), (i,), 1.0) for i in range(n))  # noqa: E731
    aligns = [
        Alignment("tr", "en", (s["title_tr"],), (s["title_en"],), one(1), doc="000", kind="title"),
        Alignment("tr", "en", tuple(a for a, _ in abstract), tuple(b for _, b in abstract),
                  one(len(abstract)), doc="000", kind="abstract"),
        Alignment("tr", "en", (s["kw_tr"],), (s["kw_en"],), one(1), doc="000", kind="keywords"),
    ]
    return check_alignment(aligns)


@pytest.fixture(scope="module")
def reports(encoder):
    faithful_tr, faithful_en = seed_abstract()[1]
    copy = "Başlangıçta faydalı olsa da AGİT, Güney Kafkasya'daki güvenilirliğini kaybetmiştir."
    return check_pairs([(ACCEPT_SRC, ACCEPT_TGT), (faithful_tr, faithful_en), (copy, copy)])


def test_acceptance_case_is_critical_with_the_addition_highlighted(reports):
    r = reports[0]
    assert r.severity == "critical" and r.score > 0.9
    adds = [f for f in r.findings if f.category == "ADD" and f.severity == "critical"]
    assert adds, r.findings
    marked = " ".join(s.of(ACCEPT_TGT) for f in adds for s in f.tgt_spans)
    assert "negotiating the creation of a joint Turkic army" in marked


def test_faithful_pair_is_not_flagged_and_copy_is(reports):
    assert reports[1].severity in ("ok", "minor") and reports[1].score < 0.5
    assert reports[2].severity == "critical"
    assert {f.category for f in reports[2].findings} >= {"UNTRANSLATED"}
    # the copy scores worse than the faithful translation (plain cosine ranks it best)
    assert reports[2].score > reports[1].score


def test_seed000_term_and_punct_flagged_nothing_else_above_minor(seed_report):
    kw = [p for p in seed_report.pairs if p.kind == "keywords"][0]
    term = [f for f in kw.findings if f.category == "TERM"]
    assert term and "Turkish Nations" in term[0].message and "turkic states" in term[0].message.lower()
    assert [s.of(kw.tgt) for s in term[0].tgt_spans] == ["Turkish Nations"]
    abstract = [p for p in seed_report.pairs if p.kind == "abstract"]
    punct = [p for p in abstract if any(f.category == "PUNCT" for f in p.findings)]
    assert len(punct) == 1 and '"Rus Dünyasının' in punct[0].src
    worse = [(p.index, p.severity, [f.message for f in p.findings]) for p in abstract
             if p.severity in ("major", "critical")]
    assert not worse
    assert seed_report.mqm_penalty > 0 and 0 < seed_report.mqm_score < 1
    assert "enc=multilingual-e5-small" in seed_report.signature


def test_semantic_off_still_runs_rules():
    r = check_pairs([(ACCEPT_SRC, ACCEPT_TGT)], config=CheckConfig(encoder="none"))[0]
    assert all(f.check != "semantic" for f in r.findings)


def test_leave_one_out_cuts_clauses_in_both_languages():
    from bitext.check.semantic import leave_one_out
    en = "The talks went well, and both sides agreed to meet again in Baku next spring."
    cuts = leave_one_out(en, "en")
    assert [en[a:b] for (a, b), _ in cuts] == ["The talks went well,",
                                               "and both sides agreed to meet again in Baku next spring."]
    assert cuts[0][1] == "and both sides agreed to meet again in Baku next spring."
    tr = "Görüşmeler iyi geçti ve iki taraf gelecek bahar Bakü'de yeniden buluşmayı kabul etti."
    assert [tr[a:b] for (a, b), _ in leave_one_out(tr, "tr")] == [
        "Görüşmeler iyi geçti", "ve iki taraf gelecek bahar Bakü'de yeniden buluşmayı kabul etti."]
    assert leave_one_out("Kısa bir cümle.", "tr") == []  # one clause: nothing to leave out


def test_an_appended_clause_is_found_by_leaving_it_out(encoder):
    src = "Bakanlar toplantıda savunma sanayii işbirliğini görüştü."
    faithful = "The ministers discussed defence industry cooperation at the meeting."
    added = faithful[:-1] + ", and they agreed to form a joint army by next year."
    good, bad = check_pairs([(src, faithful), (src, added)])
    assert bad.score > good.score
    adds = [f for f in bad.findings if f.category == "ADD"]
    assert adds, bad.findings
    marked = " ".join(s.of(added) for f in adds for s in f.tgt_spans)
    assert "joint army" in marked
