"""From findings to a pair verdict: the calibrated pair score, the gate, MQM weights.

The pair score is a logistic model over ``pair_features``: the semantic logit, the divergence
classifier's logit, the clause-ablation gains, the length ratio, and for every *scored* check
of the registry whether it found something minor, major, critical. Its weights come from the
calibration file (``calibration.py``), stored by the names of ``feature_names()``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from bitext.check import registry
from bitext.records import SEVERITIES, Finding

MQM_WEIGHT = {"minor": 1.0, "major": 5.0, "critical": 10.0}
MQM_PUNCT_MINOR = 0.1
MQM_NON_TRANSLATION = 25.0
BASE_FEATURES = ("semantic_logit", "classifier_logit", "clause_gain_src", "clause_gain_tgt",
                 "log_length_ratio", "abs_log_length_ratio")
LEVELS = ("minor", "major", "critical")
# noisy-or weights of a finding when there is no fitted score (no encoder, or while fitting)
_NOISY_OR = {"minor": 0.05, "major": 0.6, "critical": 0.9}
# the categories a flagged pair's minor findings are raised from (not PUNCT, FLUENCY, TERM)
PROMOTABLE = ("ADD", "DEL", "MEAN", "NUM", "NE", "UNTRANSLATED")


def feature_names() -> tuple[str, ...]:
    """The pair score's features, in order: the base ones, then three per scored check."""
    return BASE_FEATURES + tuple(f"{c}_{lv}" for c in registry.scored() for lv in LEVELS)


def worst(severities: Sequence[str]) -> str:
    return max(severities, key=SEVERITIES.index, default="ok")


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p)) / 10


def length_ratio(src: str, tgt: str) -> float:
    return max(len(tgt.strip()), 1) / max(len(src.strip()), 1)


def pair_features(findings: Sequence[Finding], prob: float | None, ratio: float = 1.0,
                  gains: tuple[float, float] = (-1.0, -1.0), div: float | None = None) -> list[float]:
    """Evidence of one pair, in the order of ``feature_names()``."""
    lr = math.log(min(max(ratio, 0.05), 20.0))
    out = [_logit(prob if prob is not None else 0.0), _logit(div) if div is not None else 0.0,
           *(max(g, 0.0) * 50 for g in gains), lr, abs(lr)]
    for name in registry.scored():
        sev = {f.severity for f in findings if f.check == name}
        out += [float(s in sev) for s in LEVELS]
    return out


def pair_score(findings: Sequence[Finding], prob: float | None, calibration,
               ratio: float = 1.0, gains: tuple[float, float] = (-1.0, -1.0),
               div: float | None = None) -> float:
    """0..1, higher = more divergent: the calibrated model over ``pair_features`` (without a
    fitted pair model or an encoder: noisy-or of the findings' weights and the semantic score)."""
    if calibration is None or calibration.pair is None or prob is None:
        keep = 1.0 - (prob or 0.0) * 0.8
        for f in findings:
            keep *= 1.0 - _NOISY_OR[f.severity]
        return round(1.0 - keep, 4)
    z = calibration.pair.z(pair_features(findings, prob, ratio, gains, div))
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def sure(findings: Sequence[Finding]) -> bool:
    """A major or critical finding of a check registered as ``sure``."""
    checks = registry.sure()
    return any(f.check in checks and f.severity != "minor" for f in findings)


def gated(calibration, prob: float | None) -> bool:
    return calibration is not None and calibration.pair is not None and prob is not None


def gate(findings: Sequence[Finding], score: float, prob: float | None,
         calibration) -> tuple[Finding, ...]:
    """The calibrated pair score decides whether a pair is flagged: below the flag score findings
    are capped at minor (except those of sure checks) and those of quiet checks dropped (the
    encoder's and the classifier's doubts alone are what loose, faithful translations give); at
    or above it a pair whose findings are all minor has its content findings raised to major (or
    gets one MEAN finding naming the score). No gate without a fitted pair model or an encoder."""
    if not gated(calibration, prob):
        return tuple(findings)
    flag, checks, quiet = calibration.flag_score, registry.sure(), registry.quiet()
    if score < flag:
        return tuple(f if f.check in checks else replace(f, severity="minor") for f in findings
                     if f.check in checks or f.check not in quiet)
    if any(f.severity != "minor" for f in findings):
        return tuple(findings)
    raised = [replace(f, severity="major") if f.category in PROMOTABLE else f for f in findings]
    if raised == list(findings):
        raised.append(Finding("MEAN", "major", f"the pair looks divergent (pair score {score:.2f} "
                              f">= {flag:.2f}) though no single check is sure", "combine"))
    return tuple(raised)


def mqm_weight(f: Finding) -> float:
    if f.category == "UNTRANSLATED":
        return MQM_NON_TRANSLATION
    if f.category == "PUNCT" and f.severity == "minor":
        return MQM_PUNCT_MINOR
    return MQM_WEIGHT[f.severity]
