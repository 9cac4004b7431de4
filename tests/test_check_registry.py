"""The check registry, the context that carries loaded models, the calibration file, signatures."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import fields, replace

import pytest

from bitext.check import (
    CheckConfig,
    CheckContext,
    check_pairs,
    feature_names,
    registry,
    signature,
)
from bitext.check.calibration import load_calibration, packaged, read
from bitext.check.combine import BASE_FEATURES
from bitext.check.registry import NEEDS, register
from bitext.errors import ModelError

NO_ENC = CheckConfig(encoder="none")
WORDS = ["Rusya", "Ermenistan'daki", "üssüne", "2.000", "asker", "gönderdi", "Russia", "sent",
         "2,000", "soldiers", "to", "its", "base", "in", "Armenia", "Azerbaijan", "."]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, tiny_bert):
    """A context holding a tiny random BERT built here: the checks run on it as on any encoder."""
    from bitext.encoder import load_encoder
    enc = load_encoder(str(tiny_bert(tmp_path_factory.mktemp("tiny-check") / "enc", WORDS, layers=2)))
    return CheckContext(enc, None, load_calibration(None, enc, None))


def test_every_check_is_registered_with_its_own_frozen_config():
    assert {"semantic", "untranslated", "numbers", "entities", "polarity", "modality", "surface",
            "terminology", "consistency", "classifier"} <= set(registry.REGISTRY)
    for spec in registry.REGISTRY.values():
        assert spec.needs <= NEEDS and spec.scope in registry.SCOPES and spec.provides
        cfg = spec.config()
        with pytest.raises(Exception):
            setattr(cfg, "x", 1)  # frozen
    assert [c.name for c in registry.checks("document")] == ["consistency"]


def test_calibration_weights_match_the_features_one_to_one():
    data = json.loads(packaged("multilingual-e5-small-q4").read_text(encoding="utf-8"))
    names = feature_names()
    assert names[:len(BASE_FEATURES)] == BASE_FEATURES
    assert len(names) == len(BASE_FEATURES) + 3 * len(registry.scored())
    assert {f["classifier"] for f in data["fits"]} == {"multilingual-e5-small-q4", "none"}
    for fit in data["fits"]:
        assert tuple(fit["weights"]) == names, fit["classifier"]
        assert fit["fitted_on"] and "seed" in fit and 0 < fit["flag_score"] < 1


def test_a_calibration_file_that_does_not_fit_the_checks_is_refused(tmp_path):
    data = json.loads(packaged("multilingual-e5-small-q4").read_text(encoding="utf-8"))
    del data["fits"][0]["weights"]["numbers_major"]
    bad = tmp_path / "cal.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="numbers_major"):
        read(bad, "multilingual-e5-small-q4", feature_names())
    res = subprocess.run([sys.executable, "-m", "bitext", "check", "Bir cümle burada.", "A sentence here.",
                          "--calibration", str(bad)], capture_output=True, text=True)
    assert res.returncode == 2 and "cal.json" in res.stderr and "Traceback" not in res.stderr


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)) or value is None:
        return (value or 0) + 1
    if isinstance(value, tuple):
        return value + (("a", "b"),) if not value or isinstance(value[0], tuple) else \
            tuple(v + 0.01 for v in value)
    return str(value) + "x"


def test_every_result_changing_setting_changes_the_signature(tiny):
    base = signature(CheckConfig(), tiny)
    assert base.count("enc=") == 1 and "cal=calibration-multilingual-e5-small-q4.json#" in base
    seen = {base}
    for spec in registry.REGISTRY.values():
        for f in fields(spec.config):
            cfg = CheckConfig().with_check(spec.name, **{f.name: _changed(getattr(spec.config(), f.name))})
            sig = signature(cfg, tiny)
            assert sig not in seen, (spec.name, f.name)
            seen.add(sig)
    for f in fields(CheckConfig().alignment):
        cfg = replace(CheckConfig(), alignment=replace(CheckConfig().alignment,
                                                       **{f.name: _changed(getattr(CheckConfig().alignment, f.name))}))
        assert signature(cfg, tiny) not in seen, f.name
    # weights are identified by the file's hash, not rounded numbers
    moved = replace(tiny, calibration=replace(tiny.calibration, sha256="0" * 64))
    assert signature(CheckConfig(), moved) != base


def test_checks_run_on_the_models_of_the_context(tiny):
    """A tiny encoder handed in through the context is what the semantic check and the entity
    check read; nothing is loaded by name."""
    from bitext import encoder as encoder_module
    loaded = dict(encoder_module._LOADED)
    feats: list = []
    (r,) = check_pairs([("Rusya Ermenistan'daki üssüne 2.000 asker gönderdi.",
                         "Russia sent 2,000 soldiers to its base in Armenia.")], context=tiny,
                       features=feats)
    assert encoder_module._LOADED == loaded
    without = check_pairs([(r.src, r.tgt)], config=NO_ENC, features=[])[0]
    assert feats[0][0] != 0.0 and r.score != without.score  # the semantic evidence is the tiny encoder's
    assert {e.text for e in r.src_entities} >= {"Rusya"}
    assert signature(CheckConfig(), tiny).count(tiny.encoder.name) == 1


def test_a_new_check_is_one_registered_function():
    from dataclasses import dataclass

    from bitext.check.context import finding

    @dataclass(frozen=True)
    class ShoutConfig:
        min_caps: int = 4

    @register("shout", config=ShoutConfig, provides=("FLUENCY",))
    def shout(pair, cfg):
        return [finding("FLUENCY", "minor", "target shouts", "shout")
                for m in re.finditer(rf"\b[A-Z]{{{cfg.min_caps},}}\b", pair.tgt)]
    try:
        (r,) = check_pairs([("Bu iyi.", "This is GOOD.")], config=NO_ENC)
        assert [f.check for f in r.findings] == ["shout"]
        assert "shout(min_caps=4)" in signature(NO_ENC)
        (r,) = check_pairs([("Bu iyi.", "This is GOOD.")], config=NO_ENC.with_check("shout", min_caps=5))
        assert not r.findings
    finally:
        del registry.REGISTRY["shout"]


def test_pairs_input_runs_the_document_checks(tmp_path):
    """``bitext check --pairs`` treats the file as one document: a key term of a keyword list
    rendered otherwise in most pairs that have it is a TERM finding."""
    rows = [("Türk Devletleri, Güvenlik", "Turkish States, Security"),
            ("Türk Devletleri işbirliği yapıyor.", "The Turkic States cooperate."),
            ("Türk Devletleri toplandı.", "The Turkic States met."),
            ("Türk Devletleri anlaştı.", "The Turkic States agreed.")]
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("".join(f"{s}\t{t}\n" for s, t in rows), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "bitext", "check", "--pairs", str(tsv), "--encoder", "none",
                          "--format", "jsonl"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    first = json.loads(res.stdout.splitlines()[0])
    assert [f["category"] for f in first["findings"]] == ["TERM"], first
    assert first["findings"][0]["check"] == "terminology"


def test_calibrate_command_refits_reproducibly(tmp_path, tiny, bench_dir):
    """``bitext models calibrate`` on a tiny encoder and a few pairs: a file the checker reads,
    the same bytes twice; ``--keep-weights`` measures a file's weights on the same corpora and
    gives the figures its fit printed."""
    outs = []
    for name, extra in (("a.json", []), ("b.json", []), ("c.json", ["--keep-weights", "a.json"])):
        out = tmp_path / name
        res = subprocess.run([sys.executable, "-m", "bitext", "models", "calibrate", "--out", str(out),
                              "--encoder", tiny.encoder.name, "--limit", "12", *extra],
                             capture_output=True, text=True, timeout=600, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    fitted, kept = json.loads(outs[0]), json.loads(outs[2])
    for a, b in zip([fitted["semantic"], *fitted["fits"]], [kept["semantic"], *kept["fits"]]):
        assert a["weights"] == b["weights"] and a.get("flag_score") == b.get("flag_score")
        assert {**b["figures"], "measured_with": None} == {**a["figures"], "measured_with": None}
    cal = read(tmp_path / "a.json", "none", feature_names())
    assert cal.classifier == "none" and len(cal.pair.weights) == len(feature_names())
    data = json.loads(outs[0])
    assert data["encoder"] == tiny.encoder.name and data["fits"][0]["figures"]["pairs"] > 12
