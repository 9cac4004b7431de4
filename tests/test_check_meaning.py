"""The rules that read facts exactly (issue: bitext check on real translations), on sentences of
our own: numbers written another way, Turkish negative morphology, opposites, quantifiers, time
order, tense, key-term shifts, entity keys, one bad row of a batch. No encoder: fast."""
from __future__ import annotations

import pytest

from bitext.check import CheckConfig, check_pair
from bitext.check.inputs import reversed_row, validate
from bitext.errors import LanguageError

NO_ENC = CheckConfig(encoder="none")


def findings(src: str, tgt: str, check: str | None = None):
    r = check_pair(src, tgt, config=NO_ENC)
    return [f for f in r.findings if check is None or f.check == check]


@pytest.mark.parametrize("src,tgt", [
    ("Köprünün maliyeti 7 milyon Euro oldu.", "The bridge cost €7m."),
    ("Şirket 12,25 milyon dolar kâr etti.", "The company made a profit of $12.25m."),
    ("Bütçe 3,5 milyar liraya çıktı.", "The budget rose to 3.5bn lira."),
    ("Katılım yüzde 62 oldu.", "Turnout was 62%."),
    ("Katılım %62 oldu.", "Turnout was 62 percent."),
    ("Fabrikada 4.250 kişi çalışıyor.", "The factory employs 4,250 people."),
])
def test_the_same_number_written_another_way_is_the_same_number(src, tgt):
    assert not findings(src, tgt, "numbers")


@pytest.mark.parametrize("src,tgt,needle", [
    ("Köprünün maliyeti 7 milyon Euro oldu.", "The bridge cost €7bn.", "differs"),
    ("Fabrikada 4,25 bin ton üretildi.", "The factory produced 4,250,000 tonnes.", ""),
    ("Ortalama 3,72 oldu.", "The average was 3,720.", "differs"),
    ("Faiz oranı 2 puan arttı.", "The interest rate rose by 2 percent.", "percentage points"),
])
def test_number_errors_are_major(src, tgt, needle):
    got = [f for f in findings(src, tgt, "numbers") if f.severity == "major"]
    assert got and needle in got[0].message, got


def test_english_commas_are_thousands_only():
    from bitext.check.numbers import mentions
    assert [set(m.values) for m in mentions("It sold 3,720 copies.", "en")] == [{3720.0}]
    # no currency sign: metres, not millions
    assert [set(m.values) for m in mentions("a 6m wall", "en")] == [{6.0}]


@pytest.mark.parametrize("src,tgt", [
    ("Bu öneri şu anda bakanlık tarafından incelenmemektedir.",
     "The proposal is not being examined by the ministry at the moment."),
    ("Deprem bölgesinde yok edilen binalar yeniden yapılıyor.",
     "The buildings destroyed in the earthquake zone are being rebuilt."),
    ("Kulüp ilk kez bir kupa kazandı.", "Never before had the club won a cup."),
    ("Yolcular uçağa binemeyerek havalimanında bekledi.",
     "Unable to board, the passengers could not leave the airport and waited."),
])
def test_turkish_negative_morphology_and_paraphrases_are_not_a_flip(src, tgt):
    assert not [f for f in findings(src, tgt, "polarity") if f.severity == "major"]


@pytest.mark.parametrize("src,tgt,what", [
    ("İhracat geçen ay yüzde 4 arttı.", "Exports fell by 4 percent last month.", "opposite"),
    ("Ev sahibi takım maçı 2-1 kazandı.", "The home side lost the match 2-1.", "opposite"),
    ("Belediye konsere izin verdi.", "The municipality banned the concert.", "opposite"),
    ("Bakanlık haberi doğruladı.", "The ministry denied the report.", "opposite"),
    ("Bazı milletvekilleri yasaya karşı oy verdi.", "All deputies voted against the law.", "quantifier"),
    ("Seçimden sonra istifa etti.", "He resigned before the election.", "time order"),
])
def test_opposites_exchanged_are_major(src, tgt, what):
    got = [f for f in findings(src, tgt, "polarity") if f.severity == "major"]
    hit = [f for f in got if what in f.message]
    assert hit and hit[0].src_spans and hit[0].tgt_spans, got


@pytest.mark.parametrize("src,tgt", [
    ("Belediye konsere izin vermedi.", "The municipality banned the concert."),
    ("İhracat geçen ay yüzde 4 arttı.", "Exports rose by 4 percent last month."),
    ("Tüm üyeler toplantıya katıldı.", "All members attended the meeting."),
])
def test_consistent_opposites_stay_quiet(src, tgt):
    assert not findings(src, tgt, "polarity")


@pytest.mark.parametrize("src,tgt,ok", [
    ("Yeni hastane gelecek yıl açılacak.", "The new hospital has opened.", False),
    ("Yeni hastane geçen yıl açıldı.", "The new hospital will open.", False),
    ("Yeni hastane gelecek yıl açılacak.", "The new hospital will open next year.", True),
    ("Bakan, yeni hastanenin açılacağını söyledi.", "The minister said the new hospital would open.", True),
    ("Yiyecek fiyatları düştü.", "Food prices dropped.", True),
])
def test_tense_that_changes_a_fact(src, tgt, ok):
    got = [f for f in findings(src, tgt, "modality") if "tense" in f.message]
    assert (not got) if ok else (got and got[0].severity == "major"), got


@pytest.mark.parametrize("src,tgt,ok", [
    ("İki ülkenin donanmaları ortak tatbikat yaptı.", "The two navies formed a joint army.", False),
    ("İki ülkenin donanmaları ortak tatbikat yaptı.", "The two navies held a joint exercise.", True),
    ("Taraflar ticaret görüşmelerine başladı.", "The parties reached a trade agreement.", False),
    ("Taraflar ticaret görüşmelerine başladı.", "The parties started trade talks.", True),
    ("Polis bir şüpheliyi gözaltına aldı.", "Police detained the killer.", False),
    ("İki ülke enerji alanında iş birliği yapacak.", "The two countries will form an energy alliance.", False),
])
def test_key_term_shifts(src, tgt, ok):
    got = [f for f in findings(src, tgt, "terminology") if f.category == "TERM"]
    assert (not got) if ok else (got and got[0].severity == "major" and got[0].tgt_spans), got


def test_two_different_entity_keys_are_a_swap():
    got = findings("Fransa, Almanya'daki büyükelçisini geri çağırdı.",
                   "France recalled its ambassador to Austria.", "entities")
    assert got and got[0].severity == "major" and "GPE:DE" in got[0].message and "GPE:AT" in got[0].message


def test_modality_is_quiet_on_reporting_verbs_and_loud_on_hedges():
    assert not findings("Bakan yeni bir yasa hazırladıklarını açıkladı.",
                        "The minister announced a new law.", "modality")
    got = findings("Bakan istifa etti.", "The minister has reportedly resigned.", "modality")
    assert got and got[0].severity == "major"


def test_a_reversed_row_and_a_swapped_file():
    tr = "Meclis yeni bütçeyi gelecek hafta oylayacak ve tartışma uzun sürecek."
    en = "Parliament will vote on the new budget next week and the debate will be long."
    assert reversed_row(en, tr, "tr", "en") and not reversed_row(tr, en, "tr", "en")
    validate([(tr, en), (en, tr), ("Kısa.", "Short.")], [("f.tsv", n) for n in (1, 2, 3)], "tr", 2000)
    with pytest.raises(LanguageError, match="columns look swapped"):
        validate([(en, tr), (en, tr), (tr, en)], [("f.tsv", n) for n in (1, 2, 3)], "tr", 2000)
    got = findings(en, tr, "untranslated")
    assert got and got[0].category == "UNTRANSLATED" and "swapped" in got[0].message


@pytest.mark.parametrize("src,tgt,ok", [
    ("Öğrenciler sınava girdi.", "All students sat the exam.", False),
    ("Tüm öğrenciler sınava girdi.", "All students sat the exam.", True),
    ("Her öğrenci sınava girdi.", "All students sat the exam.", True),
    ("Komisyon raporu kabul etti.", "The commission unanimously adopted the report.", False),
    ("Sadece iki öğrenci geldi.", "Two students came.", False),
    ("Öğrenciler yine de sınava girdi; bu, ilk kez oldu.", "After all, the students sat the exam for the first time.", True),
])
def test_scope_words_on_one_side(src, tgt, ok):
    got = [f for f in findings(src, tgt, "scope") if "scope" in f.message]
    assert (not got) if ok else (got and got[0].tgt_spans or got[0].src_spans), got


def test_a_list_member_dropped_or_added():
    src = "Dün toplantıya Fransa, Almanya, İtalya, İspanya ve Portekiz katıldı."
    got = findings(src, "France, Germany, Italy and Portugal attended the meeting.", "entities")
    assert got and got[0].category == "DEL" and got[0].severity == "major" and "5 names" in got[0].message
    got = findings(src, "Attending were France, Germany, Italy, Spain, Greece and Portugal.", "entities")
    assert got and got[0].category == "ADD"
    assert not [f for f in findings(src, "France, Germany, Italy, Spain and Portugal attended the meeting.",
                                    "entities") if "list" in f.message]
    # a subject before a comma is no list member
    assert not [f for f in findings("Bay Yılmaz, Ankara ve İzmir arasında yeni bir yol açıldığını söyledi.",
                                    "Mr Yılmaz said a new road had opened between Ankara and İzmir.",
                                    "entities") if "list" in f.message]
