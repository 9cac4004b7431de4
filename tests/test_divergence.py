"""The divergence classifier: its synthetic training data, training, files and use by the checker."""
from __future__ import annotations

import random
import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from bitext.divergence.model import DivergenceClassifier, PairVectors, load_for, packaged
from bitext.divergence.synthetic import LABELS, Context, generate, negation, number, untranslated
from bitext.divergence.train import fit
from bitext.errors import ModelError

PAIRS = [
    ("Toplantı 27 Temmuz 2021'de Bakü'de yapıldı ve 12 ülke katıldı.",
     "The meeting was held in Baku on July 27, 2021 and 12 countries took part."),
    ("Bakan, anlaşmanın imzalanacağını söyledi.", "The minister said the agreement will be signed."),
    ("Şirket bu yıl 2.000 kişiyi işe alacak.", "The company will hire 2,000 people this year."),
    ("Raporda, ekonominin yüzde 3 büyüdüğü belirtildi.", "The report said the economy grew by 3 percent."),
    ("Ankara ile Londra arasındaki uçuşlar yeniden başladı.",
     "Flights between Ankara and London have resumed, officials in Turkey said on Monday."),
    ("Öğrenciler sınavın zor olmadığını düşünüyor.", "The students think the exam was not difficult."),
] * 3


def test_generator_labels_and_edits():
    examples = generate(PAIRS, seed=3, per_pair=2)
    labels = {e.label for e in examples}
    assert labels == set(LABELS)
    for e in examples:
        assert e.tgt.strip()
        if e.label != "faithful":
            assert e.tgt not in {t for _, t in PAIRS} or e.label == "untranslated"
    assert sum(e.label == "faithful" for e in examples) == len(PAIRS)


def test_generator_edits_do_what_their_label_says():
    rng = random.Random(0)
    ctx = Context([t for _, t in PAIRS], ["Istanbul", "Paris"], frozenset({"Istanbul", "Paris"}))
    src, tgt = PAIRS[2]
    changed = number(tgt, rng, ctx)
    assert re.findall(r"[\d,]+", changed) != re.findall(r"[\d,]+", tgt)
    flipped = negation("The minister said the agreement will be signed.", rng, ctx)
    assert re.search(r"\b(not|never|no longer)\b|n't", flipped)
    assert "not" not in negation("The exam was not difficult.", random.Random(1), ctx).split()[3:4]
    for seed in range(6):  # the source itself, or half of it left in the target
        copied = untranslated(src, tgt, random.Random(seed))
        assert len(set(copied.split()) & set(src.split())) >= 3, copied
    assert generate(PAIRS[:1], seed=0) == generate(PAIRS[:1], seed=0)  # reproducible


def _toy(n: int, seed: int) -> tuple[list, list]:
    """Pairs of random unit vectors: faithful pairs are noisy copies, 'addition' pairs carry extra
    target tokens that match nothing in the source."""
    from bitext.divergence.synthetic import Example
    rng = np.random.default_rng(seed)

    def unit(a):
        return a / np.linalg.norm(a, axis=-1, keepdims=True)
    examples, feats = [], []
    for k in range(n):
        src = unit(rng.normal(size=(rng.integers(4, 9), 16))).astype(np.float32)
        tgt = unit(src + 0.2 * rng.normal(size=src.shape)).astype(np.float32)
        label = "faithful" if k % 2 == 0 else "addition"
        if label == "addition":
            tgt = np.vstack([tgt, unit(rng.normal(size=(3, 16)))]).astype(np.float32)
        examples.append(Example(f"s{k}", f"t{k}", label))
        feats.append(PairVectors(src, tgt, 0.9))
    return examples, feats


def test_fit_learns_a_real_signal_and_round_trips(tmp_path):
    examples, feats = _toy(400, 0)
    result = fit(examples, feats, encoder="toy", layer=1, epochs=6, seed=0)
    assert result.dev_auc > 0.9, result.dev_auc
    test_ex, test_feats = _toy(100, 1)
    probs = result.classifier.probabilities(test_feats)
    y = np.array([e.label != "faithful" for e in test_ex])
    assert roc_auc_score(y, 1 - probs[:, 0]) > 0.9  # pairs it never saw
    path = tmp_path / "toy.safetensors"
    result.classifier.save(path)
    again = DivergenceClassifier.load(path)
    assert again.labels == LABELS and again.meta["encoder"] == "toy"
    assert np.allclose(again.probabilities(test_feats), probs, atol=1e-5)


def test_damaged_or_foreign_classifier_is_one_clear_error(tmp_path, encoder):
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a safetensors file")
    with pytest.raises(ModelError, match="cannot read divergence classifier"):
        DivergenceClassifier.load(bad)
    with pytest.raises(ModelError, match="not found"):
        load_for(encoder, str(tmp_path / "missing.safetensors"))
    narrow = DivergenceClassifier.new(16, LABELS, "toy", 1)
    narrow.save(tmp_path / "narrow.safetensors")
    with pytest.raises(ModelError, match="trained beside encoder 'toy'"):
        load_for(encoder, str(tmp_path / "narrow.safetensors"))
    assert load_for(encoder, "none") is None


def test_packaged_classifier_ships_for_the_default_encoder(encoder):
    clf = load_for(encoder, None)
    assert clf is not None and packaged(encoder.name).is_file()
    assert clf.meta["src_lang"] == "tr" and clf.meta["dev_auc"] > 0.85
    assert clf.layer == encoder.num_layers // 2


def test_checker_reads_the_classifier(encoder):
    from bitext.check import CheckConfig, check_pairs, signature
    src = "Hükümet yeni yasanın bu yıl yürürlüğe gireceğini açıkladı."
    good = "The government announced that the new law will come into force this year."
    bad = "The government announced that the new law will not come into force this year."
    on, off = CheckConfig(), CheckConfig(classifier="none")
    (r_good, r_bad), = [check_pairs([(src, good), (src, bad)], config=on)]
    assert r_bad.score > r_good.score
    assert "div=multilingual-e5-small-q4@L6" in signature(on) and "div=none" in signature(off)
    (r_off,) = check_pairs([(src, bad)], config=off)
    assert not any(f.check == "classifier" for f in r_off.findings)


def test_train_command_end_to_end(tmp_path, tiny_tokenizer_encoder):
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("".join(f"{s}\t{t}\n" for s, t in PAIRS), encoding="utf-8")
    out = tmp_path / "clf.safetensors"
    run = subprocess.run([sys.executable, "-m", "bitext", "models", "train-divergence", "--pairs", str(tsv),
                          "--out", str(out), "--encoder", str(tiny_tokenizer_encoder), "--epochs", "2"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert out.is_file() and "held-out AUC" in run.stdout
    meta = DivergenceClassifier.load(out).meta
    assert meta["examples"] > len(PAIRS) and meta["encoder"] == str(tiny_tokenizer_encoder)
    check = subprocess.run([sys.executable, "-m", "bitext", "check", PAIRS[1][0], PAIRS[1][1],
                            "--encoder", str(tiny_tokenizer_encoder), "--classifier", str(out),
                            "--format", "jsonl"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "div=clf@L1" in check.stdout
    missing = subprocess.run([sys.executable, "-m", "bitext", "models", "train-divergence", "--pairs",
                              str(tmp_path / "nope.tsv"), "--out", str(out)], capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.tsv" in missing.stderr and "Traceback" not in missing.stderr


@pytest.fixture(scope="module")
def tiny_tokenizer_encoder(tmp_path_factory, tiny_bert):
    """A tiny random 2-layer BERT whose word-level vocabulary covers the test pairs."""
    words = sorted({w for s, t in PAIRS for w in re.findall(r"\w+|[^\w\s]", s + " " + t)})
    return tiny_bert(tmp_path_factory.mktemp("tiny-div") / "clf", words, layers=2)
