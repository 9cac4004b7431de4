"""The aligner: bead DP, Gale–Church baseline, coarse-to-fine search, scoring, CLI, bad input."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bitext.aligner import LENGTH, AlignParams, AlignStats, align, bead_shapes
from bitext.bench.align import WORDS, perturb, scale, synthetic
from bitext.errors import InputError
from bitext.evaluate import check_beads, evaluate, evaluate_many

sentences = synthetic


def doc(n: int, seed: int = 0):
    text = sentences(n, seed)
    return perturb("synthetic", text, text, np.random.default_rng(seed))


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory, tiny_bert):
    """A tiny random BERT with a word-level tokenizer, saved and loaded like any local model."""
    from bitext.encoder import load_encoder
    path = tiny_bert(tmp_path_factory.mktemp("tiny-bert"), [".", *WORDS, *map(str, range(2000))])
    return load_encoder(str(path))


def test_bead_shapes():
    assert bead_shapes(2) == [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2)]
    assert len(bead_shapes(3)) == 11
    # the default: up to 4 sentences a side, 5 in all (1-4 and 2-3, not 3-3)
    assert bead_shapes(4, 5)[2:] == [(1, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1), (1, 4),
                                     (2, 3), (3, 2), (4, 1)]
    assert AlignParams(max_bead=2).total == 4 and AlignParams().total == 5
    with pytest.raises(Exception):
        bead_shapes(0)


def test_gale_church_baseline_recovers_most_beads():
    d = doc(300)
    result = align(d.src, d.tgt, encoder=LENGTH)
    assert {b.shape for b in d.gold} >= {"1-1", "1-2", "2-1", "1-0", "0-1"}
    assert evaluate(d.gold, result.beads)["f1_strict"] > 0.8
    assert all(0.0 <= b.score <= 1.0 for b in result.beads)
    assert "align=length" in result.signature


def test_embeddings_and_length_with_a_real_model(tiny_encoder):
    d = doc(400, seed=1)
    stats = AlignStats()
    result = align(d.src, d.tgt, src_lang="en", tgt_lang="en", encoder=tiny_encoder, stats=stats)
    scores = evaluate(d.gold, result.beads)
    assert scores["f1_strict"] > 0.95
    assert stats.encoded / stats.sentences < 1.5  # each sentence once, plus a few joined runs
    ones = [b.score for b in result.beads if b.shape == "1-1"]
    nulls = [b.score for b in result.beads if b.shape in ("1-0", "0-1")]
    assert np.median(ones) > 0.8 and max(nulls) < 0.3


def test_coarse_to_fine_matches_the_full_search(tiny_encoder):
    d = doc(500, seed=2)
    full = align(d.src, d.tgt, encoder=tiny_encoder)
    banded = align(d.src, d.tgt, encoder=tiny_encoder,
                   params=AlignParams(full_cells=5_000, coarse=8))
    assert evaluate(full.beads, banded.beads)["f1_strict"] > 0.99


def test_long_document_search_is_banded_and_linear():
    """Coarse-to-fine keeps the DP to a band around the coarse path: a long document is aligned
    correctly, the states visited grow linearly (doubling the length about doubles them) and stay
    a small fraction of the full table (a small ``full_cells`` so that the coarsest level, an exact
    DP of at most ``full_cells`` states, is a band too). Time and peak memory of a 20,000-sentence document are
    measured by ``bitext bench align --scale 20000``, not here."""
    cells = {}
    for n in (2000, 4000):
        d = doc(n, seed=3)
        stats = AlignStats()
        result = align(d.src, d.tgt, encoder=LENGTH, stats=stats,
                       params=AlignParams(full_cells=20_000))
        assert evaluate(d.gold, result.beads)["f1_strict"] > 0.75  # length only: nulls are hard
        cells[n] = stats.cells
        assert stats.cells < (len(d.src) + 1) * (len(d.tgt) + 1) / 20
    assert 1.5 < cells[4000] / cells[2000] < 2.5


def test_scale_benchmark_reports_time_and_memory():
    row = scale(600)
    assert row.sentences == 600 and row.f1_strict > 0.75
    assert row.seconds > 0 and row.cells > 0 and row.peak_mb > 0 and row.max_rss_mb > 0


def test_empty_and_one_sided_input():
    assert align([], [], encoder=LENGTH).beads == ()
    only = align(["Bir.", "İki."], [], encoder=LENGTH)
    assert [(b.src, b.tgt) for b in only.beads] == [((0,), ()), ((1,), ())]
    assert all(0.0 <= b.score <= 1.0 for b in only.beads)


def test_calibrated_confidence_is_data_keyed_by_encoder_and_refits(tmp_path):
    """The packaged fit for the length method is used (a probability from its model), records
    what it was fitted on, and :func:`bitext.confidence.fit` writes a new one beside it."""
    from bitext import confidence
    packaged = confidence.model(LENGTH)
    assert packaged and packaged["version"] == 1 and "textberg-dev" in packaged["fitted_on"]
    assert not any("abstracts" in name for name in packaged["fitted_on"])
    d = doc(200, seed=5)
    stats = AlignStats(features=[])
    result = align(d.src, d.tgt, encoder=LENGTH, stats=stats)
    assert [confidence.predict(packaged, x) for x in stats.features] == [b.score for b in result.beads]
    path = tmp_path / "conf.json"
    right = [(b.src, b.tgt) in {(g.src, g.tgt) for g in d.gold} for b in result.beads]
    entry = confidence.fit(stats.features, right, key="tiny", fitted_on=["synthetic"], path=path)
    assert confidence.model("tiny", path)["coef"] == entry["coef"] and entry["beads"] == len(right)


def test_evaluate_follows_vecalign_conventions():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3,))]
    s = evaluate(gold, test)
    # precision over all 5 test beads: 3 exact (incl. the null bead), lax adds [1]:[1]
    assert s["precision_strict"] == pytest.approx(3 / 5)
    assert s["precision_lax"] == pytest.approx(4 / 5)
    # recall over the 3 gold beads with both sides: 2 exact, lax 3
    assert s["recall_strict"] == pytest.approx(2 / 3)
    assert s["recall_lax"] == pytest.approx(1.0)
    pooled = evaluate_many([(gold, test), (gold, gold)])
    assert pooled["precision_strict"] == pytest.approx(7 / 9)


def test_end_to_end_scoring_by_text_and_boundaries():
    from bitext.evaluate import boundary_counts, hits, in_pieces, reliability, text_counts
    gold_src, gold_tgt = ["A b.", "C d.", "E f."], ["X y.", "Z w."]
    gold = [((0,), (0,)), ((1, 2), (1,))]
    # the splitter missed a boundary (sentences 1 and 2 came out as one): the same beads by text
    same = text_counts(gold, gold_src, gold_tgt, [((0,), (0,)), ((1,), (1,))], ["A b.", "C d. E f."], gold_tgt)
    assert same["p_strict"] == same["test"] == 2 and same["r_strict"] == same["gold"] == 2
    # a split inside a gold sentence makes the bead wrong (strictly), still overlapping (lax)
    g, t = in_pieces(gold, gold_src, gold_tgt, [((0, 1), (0,)), ((2, 3), (1,))],
                     ["A", "b. C d.", "E", "f."], gold_tgt)
    assert hits(g, t) == [False, False] and text_counts(gold, gold_src, gold_tgt, [((0, 1), (0,)), ((2, 3), (1,))],
                                                        ["A", "b. C d.", "E", "f."], gold_tgt)["p_lax"] == 2
    assert boundary_counts(gold_src, ["A b.", "C d. E f."]) == {"gold": 2, "test": 1, "hit": 1}
    with pytest.raises(InputError):
        text_counts(gold, gold_src, gold_tgt, gold, ["A b."], gold_tgt)
    rel = reliability([0.95, 0.95, 0.55, 0.15], [True, True, False, False])
    assert rel["ece"] == pytest.approx((2 * 0.05 + 0.55 + 0.15) / 4)
    assert rel["table"][2] == (0.9, 2, 1.0)


def test_mismatched_gold_is_reported():
    with pytest.raises(InputError) as err:
        check_beads([((0,), (0,)), ((5,), (1,))], 3, 3, "gold.defr")
    assert "gold.defr" in str(err.value) and "5" in str(err.value)


def test_default_encoder_on_a_short_abstract(encoder):
    tr = ["Bu çalışmada Türkiye'deki göç politikaları incelenmiştir.",
          "Veriler 2010 ile 2020 yılları arasında toplanmıştır.",
          "Sonuçlar politikaların etkili olmadığını göstermektedir."]
    en = ["This study examines migration policies in Turkey.",
          "The data were collected between 2010 and 2020.",
          "Funding was provided by the university.",
          "The results show that the policies were not effective."]
    result = align(tr, en, encoder=encoder)
    assert [(b.src, b.tgt) for b in result.beads] == [((0,), (0,)), ((1,), (1,)), ((), (2,)),
                                                      ((2,), (3,))]
    assert all(b.score >= 0.8 for b in result.beads if b.shape == "1-1")
    assert result.beads[2].score < 0.3


def test_three_sentence_documents_keep_one_to_one_and_nulls_apart(encoder):
    """A 3-sentence document has no statistics of its own to calibrate on: adjacent 1-1 pairs
    stay apart, and a Turkish sentence with no counterpart gets a null bead rather than being
    absorbed into its neighbour's bead (its joined vectors are less alike than the member pair).
    An English-only sentence whose joined vector loses less (0.015 here) is still absorbed at
    the default weight (a known limit) and gets a null bead at weight 2."""
    tr = ["Bu çalışmada ilköğretim öğrencilerinin okuma alışkanlıkları incelenmiştir.",
          "Araştırmaya üç ilden 240 öğrenci katılmıştır.",
          "Öğrencilerin çoğunun düzenli olarak kitap okumadığı görülmüştür."]
    en = ["This study examines the reading habits of primary school pupils.",
          "240 pupils from three provinces took part in the research.",
          "Most of the pupils were found not to read books regularly."]
    shape = lambda result: [(b.src, b.tgt) for b in result.beads]  # noqa: E731
    assert shape(align(tr, en, encoder=encoder)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert shape(align(tr, [en[0], en[2]], encoder=encoder)) == [((0,), (0,)), ((1,), ()),
                                                                  ((2,), (1,))]
    assert shape(align([tr[0], tr[2]], en, encoder=encoder, params=AlignParams(merge_weight=2.0))) \
        == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_split_sentences_are_merged_with_encoded_runs(encoder):
    tr = ["Bu çalışmada Türkiye'deki göç politikaları incelenmiştir.",
          "Veriler 2010 ile 2020 yılları arasında anketlerle toplanmış ve istatistiksel olarak analiz edilmiştir.",
          "Sonuçlar politikaların etkili olmadığını göstermektedir."]
    en = ["This study examines migration policies in Turkey.",
          "The data were collected through surveys between 2010 and 2020.",
          "They were analysed statistically.",
          "The results show that the policies were not effective."]
    stats = AlignStats()
    result = align(tr, en, encoder=encoder, stats=stats)
    assert [(b.src, b.tgt) for b in result.beads] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    # every sentence, every adjacent pair of sentences and a few longer runs (fewer when the
    # session's encoder cache has some): no more
    assert 0 < stats.encoded <= 2.5 * stats.sentences


# ---------------------------------------------------------------- command line

EN_EN = ("--src-lang", "en", "--tgt-lang", "en")  # the synthetic text reads as English


def bitext(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from bitext.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture()
def pair(tmp_path):
    text = sentences(12, seed=4)
    src, tgt = tmp_path / "a.tr.txt", tmp_path / "a.en.txt"
    src.write_text("\n".join(text) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(text[:5] + [text[5] + " " + text[6]] + text[7:]) + "\n", encoding="utf-8")
    return src, tgt


def test_cli_align_vecalign_and_exports(tmp_path, pair):
    src, tgt = pair
    run = bitext("align", str(src), str(tgt), "--presegmented", "--encoder", "length",
                 "--format", "vecalign", *EN_EN)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("[0]:[0]:") and "[5,6]:[5]:" in run.stdout
    assert "sentences (presegmented)" in run.stderr
    run = bitext("align", str(src), str(tgt), "--encoder", "length", *EN_EN)
    assert "sentences (offline splitter)" in run.stderr
    out = tmp_path / "c.tsv"
    run = bitext("align", str(src), str(tgt), "--presegmented", "--encoder", "length",
                 "--format", "tsv", "--out", str(out), *EN_EN)
    assert run.returncode == 0, run.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 11
    tmx = tmp_path / "c.tmx"
    assert bitext("export", str(out), "--format", "tmx", "--out", str(tmx)).returncode == 0
    back = tmp_path / "back.tsv"
    assert bitext("export", str(tmx), "--format", "tsv", "--out", str(back)).returncode == 0
    assert back.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_cli_bad_input_one_line_exit_2_no_output(tmp_path, pair):
    src, _ = pair
    empty = tmp_path / "empty.en.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "never.tsv"
    run = bitext("align", str(src), str(empty), "--presegmented", "--encoder", "length",
                 "--format", "tsv", "--out", str(out), *EN_EN)
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert not out.exists() and not list(tmp_path.glob(".never*"))
    run = bitext("align", str(src), str(src), "--encoder", "length", "--format", "moses")
    assert run.returncode == 2 and "--out" in run.stderr


def test_every_aligner_setting_is_in_the_signature():
    from dataclasses import fields, replace

    from bitext.aligner import AlignParams
    base = AlignParams()
    sigs = {base.signature("embedding")}
    for f in fields(AlignParams):
        value = getattr(base, f.name)
        changed = (not value) if isinstance(value, bool) else value + 1
        sig = replace(base, **{f.name: changed}).signature("embedding")
        assert sig not in sigs, f.name
        sigs.add(sig)
    assert AlignParams().signature("length").startswith("align=length|")


# ---------------------------------------------------------------- language guard

GERMAN = ["Die Besteigung des Selbsanft über den Nordgrat war lang und anstrengend.",
          "Wir stiegen früh am Morgen von der Hütte auf und erreichten den Gipfel am Mittag.",
          "Der Abstieg führte uns über steile Schneefelder zurück ins Tal.",
          "Am Abend sassen wir müde, aber glücklich in der warmen Stube."]
FRENCH = ["L'ascension du Selbsanft par l'arête nord fut longue et pénible.",
          "Nous sommes partis tôt le matin de la cabane et avons atteint le sommet à midi.",
          "La descente nous a ramenés dans la vallée par des champs de neige très raides.",
          "Le soir, nous étions assis, fatigués mais heureux, dans la salle bien chaude."]
# a heading of German place and person names, as in a Text+Berg yearbook article
HEADING = ["Arbeitsgemeinschaft Kraftwerke Linth-Limmeren, Tierfehd, Glarus Süd",
           "Hans Müller und Albert Schmidt, Engi, Schwanden"]


def test_language_decided_over_the_whole_document(tmp_path):
    de, fr = tmp_path / "a.de", tmp_path / "a.fr"
    de.write_text("\n".join(HEADING + GERMAN) + "\n", encoding="utf-8")
    fr.write_text("\n".join(HEADING + FRENCH) + "\n", encoding="utf-8")
    args = ("--presegmented", "--encoder", "length", "--src-lang", "de", "--tgt-lang", "fr")
    run = bitext("align", str(de), str(fr), *args)
    assert run.returncode == 0, run.stderr  # the German heading does not decide
    assert "[2]:[2]:" in run.stdout and "unclear" not in run.stderr
    swapped = bitext("align", str(fr), str(de), *args)  # clearly the other language: refused
    assert swapped.returncode == 2 and len(swapped.stderr.strip().splitlines()) == 1
    assert "a.de:1: expected French (fr) but the text is German (de)" in swapped.stderr
    assert "swapped" in swapped.stderr and "Traceback" not in swapped.stderr
    mixed = tmp_path / "mixed.fr"  # half German: aligned, with a one-line warning
    mixed.write_text("\n".join(GERMAN[:2] + FRENCH[2:] + GERMAN[2:]) + "\n", encoding="utf-8")
    run = bitext("align", str(de), str(mixed), *args)
    assert run.returncode == 0, run.stderr
    warning = [ln for ln in run.stderr.splitlines() if "unclear" in ln]
    assert len(warning) == 1 and "mixed.fr" in warning[0] and "German (de)" in warning[0]


def test_cli_min_confidence_and_html_picture(tmp_path, pair):
    src, tgt = pair
    args = ("--presegmented", "--encoder", "length", *EN_EN)
    every = bitext("align", str(src), str(tgt), *args).stdout.splitlines()
    scores = [float(line.rsplit(":", 1)[1]) for line in every]
    cut = sorted(scores)[len(scores) // 2]
    kept = bitext("align", str(src), str(tgt), *args, "--min-confidence", str(cut)).stdout.splitlines()
    assert kept == [line for line, s in zip(every, scores) if s >= cut] and len(kept) < len(every)
    out = tmp_path / "c.tsv"
    bitext("align", str(src), str(tgt), *args, "--format", "tsv", "--out", str(out))
    high = tmp_path / "high.tmx"
    run = bitext("export", str(out), "--format", "tmx", "--out", str(high), "--min-confidence", str(cut))
    assert run.returncode == 0, run.stderr
    assert 0 < high.read_text(encoding="utf-8").count("<tu>") < len(out.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "a.html"
    run = bitext("align", str(src), str(tgt), *args, "--format", "html", "--out", str(page))
    assert run.returncode == 0, run.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'class="bead nm' in text and "<svg" in text
