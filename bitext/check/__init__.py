"""Translation checks: every pair scored and every likely mistranslation flagged.

The checks are registered modules (``registry.py``): each declares what it needs and provides and
owns a small frozen config. ``check_pairs`` runs the pair checks over many pairs (the encoder
batched) and the document checks (terminology consistency) across them; ``check_alignment`` does
the same over an aligned document and adds an MQM-weighted score. The loaded models travel in one
``CheckContext``; the fitted numbers come from a calibration file (``calibration.py``); every
report carries a signature built from the configs and models that ran.
"""
from __future__ import annotations

import importlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bitext import __version__
from bitext.check import (  # semantic: the first check, and alignment
    reference,
    registry,
    semantic,
)
from bitext.check.combine import (
    PROMOTABLE,
    feature_names,
    gate,
    gated,
    length_ratio,
    mqm_weight,
    pair_features,
    pair_score,
    sure,
    worst,
)
from bitext.check.context import CheckContext, PairInput
from bitext.check.semantic import AlignmentConfig
from bitext.records import Alignment, DocumentReport, Finding, PairReport
from bitext.signatures import describe

# the check modules, in the order their checks run and report; a new check is a module named here
CHECK_MODULES = ("semantic", "untranslated", "numbers", "entities", "polarity", "modality",
                 "surface", "terminology", "classifier")
for _name in CHECK_MODULES:
    importlib.import_module(f"bitext.check.{_name}")


@dataclass(frozen=True)
class CheckConfig:
    """What to run with: models by name (resolved by ``CheckContext.load``), the token alignment's
    settings, and per-check configs replacing a check's defaults (``with_check``)."""

    encoder: str | None = None  # None: $BITEXT_ENCODER or the default; "none": no semantic checks
    classifier: str | None = None  # None: the one packaged for the encoder; "none": off; or a file
    calibration: str | None = None  # None: the file packaged for the encoder; or a file
    alignment: AlignmentConfig = AlignmentConfig()
    checks: tuple[tuple[str, Any], ...] = ()  # (check name, its config)
    max_chars: int = 2000  # longest side a pair may have (input validation)

    def of(self, name: str):
        """The config the check ``name`` runs with."""
        given = dict(self.checks).get(name)
        return given if given is not None else registry.REGISTRY[name].config()

    def with_check(self, name: str, **changes) -> CheckConfig:
        """This config with ``changes`` to the check ``name``'s settings."""
        if name not in registry.REGISTRY:
            raise KeyError(f"no check {name!r} (registered: {', '.join(registry.REGISTRY)})")
        new = replace(self.of(name), **changes)
        return replace(self, checks=tuple((k, v) for k, v in self.checks if k != name) + ((name, new),))


@dataclass
class Timing:
    """Seconds spent in the encoder and in the other checks (for the benchmark)."""

    encoder: float = 0.0
    checks: dict[str, float] = field(default_factory=dict)


def signature(config: CheckConfig | None = None, context: CheckContext | None = None) -> str:
    """Every setting that can change a result, once: each check's config (``*``: a sure check),
    the alignment, the encoder, the classifier and the calibration file by hash."""
    config = config or CheckConfig()
    context = context or CheckContext.load(config)
    parts = [f"bitext.check:{__version__}", f"align({describe(config.alignment)})",
             f"max_chars={config.max_chars}"]
    for spec in registry.REGISTRY.values():
        parts.append(f"{spec.name}{'*' if spec.sure else ''}({describe(config.of(spec.name))})")
    return "|".join(parts) + "|" + context.signature


def _available(context: CheckContext) -> set[str]:
    have = {"entities"}
    if context.encoder is not None:
        have |= {"encoder", "alignment"}
    if context.classifier is not None:
        have.add("classifier")
    return have


def _document_findings(reports: list[PairReport], config: CheckConfig,
                       context: CheckContext) -> tuple[list[PairReport], list[Finding]]:
    """Run the document checks over ``reports``; add each finding to its pair."""
    have, found = _available(context), []
    reports = list(reports)
    for spec in registry.checks("document"):
        if not spec.needs <= have:
            continue
        for k, f in spec.run(reports, config.of(spec.name), context):
            fs = reports[k].findings + (f,)
            reports[k] = replace(reports[k], findings=fs, severity=worst([x.severity for x in fs]))
            found.append(f)
    return reports, found


def check_pairs(pairs: Sequence[tuple[str, str]], *, src_lang: str = "tr", tgt_lang: str = "en",
                config: CheckConfig | None = None, context: CheckContext | None = None,
                references: Sequence[str | None] | None = None, document: bool = True,
                timing: Timing | None = None, features: list | None = None) -> list[PairReport]:
    """Check many pairs at once (the encoder runs batched). With ``document`` the pairs are one
    document and the document checks (terminology consistency) run across them too. ``context``
    holds loaded models (default: loaded once for ``config``); ``features``, when given,
    receives each pair's ``pair_features`` (for calibration)."""
    config = config or CheckConfig()
    context = context or CheckContext.load(config)
    timing = timing if timing is not None else Timing()
    cal, have = context.calibration, _available(context)
    views: list = [None] * len(pairs)
    t0 = time.perf_counter()
    todo = [k for k, (s, g) in enumerate(pairs) if s.strip() and g.strip()]
    if context.encoder is not None and todo:
        before = timing.checks.get("classifier model", 0.0)
        got = semantic.analyse(context, [(pairs[k][0], pairs[k][1], src_lang, tgt_lang) for k in todo],
                               config.alignment, timing.checks)
        for k, v in zip(todo, got):
            views[k] = v
        t0 += timing.checks.get("classifier model", 0.0) - before  # the classifier is timed on its own
    timing.encoder += time.perf_counter() - t0
    from bitext.check.classifier import divergence
    specs = [(s, config.of(s.name)) for s in registry.checks("pair") if s.needs <= have]
    reports = []
    for k, (src, tgt) in enumerate(pairs):
        ref = references[k] if references else None
        pair = PairInput(src, tgt, src_lang, tgt_lang, context, ref, views[k])
        findings: list[Finding] = []
        if not tgt.strip() or not src.strip():
            side = "target" if not tgt.strip() else "source"
            findings.append(Finding("DEL" if side == "target" else "ADD", "critical",
                                    f"the {side} is empty", "combine"))
        else:
            for spec, cfg in specs:
                t = time.perf_counter()
                findings += spec.run(pair, cfg)
                timing.checks[spec.name] = timing.checks.get(spec.name, 0.0) + time.perf_counter() - t
        metrics = reference.scores(tgt, ref) if ref else ()
        src_ents, tgt_ents = pair.entities if src.strip() and tgt.strip() else ((), ())
        prob = views[k].prob if views[k] else None
        ratio = length_ratio(src, tgt)
        gains = (views[k].src_drop.gain, views[k].tgt_drop.gain) if views[k] else (-1.0, -1.0)
        div = divergence(views[k].classes) if views[k] and views[k].classes else None
        if features is not None:
            features.append(pair_features(findings, prob, ratio, gains, div))
        score = pair_score(findings, prob, cal, ratio, gains, div) if src.strip() and tgt.strip() else 1.0
        if gated(cal, prob) and sure(findings):
            score = max(score, cal.flag_score)  # flagged pairs score at least the flag score
        findings = list(gate(findings, score, prob, cal))
        reports.append(PairReport(
            src=src, tgt=tgt, score=score,
            severity=worst([f.severity for f in findings]), findings=tuple(findings),
            src_lang=src_lang, tgt_lang=tgt_lang, index=k, src_entities=src_ents,
            tgt_entities=tgt_ents, metrics=metrics))
    if document:
        reports, _ = _document_findings(reports, config, context)
    return reports


def check_pair(src: str, tgt: str, *, src_lang: str = "tr", tgt_lang: str = "en",
               config: CheckConfig | None = None, context: CheckContext | None = None,
               reference: str | None = None) -> PairReport:
    """Check one translation pair."""
    return check_pairs([(src, tgt)], src_lang=src_lang, tgt_lang=tgt_lang, config=config,
                       context=context, references=[reference] if reference else None)[0]


def check_alignment(alignment: Alignment | Sequence[Alignment], config: CheckConfig | None = None,
                    context: CheckContext | None = None) -> DocumentReport:
    """Check every bead of an aligned document (or of several block alignments of one document:
    title, abstract, keywords), run the document checks across them, and score it MQM-style."""
    config = config or CheckConfig()
    context = context or CheckContext.load(config)
    aligns = [alignment] if isinstance(alignment, Alignment) else list(alignment)
    if not aligns:
        return DocumentReport(doc="", pairs=(), signature=signature(config, context))
    flat, where = [], []
    for al in aligns:
        for k, (_bead, src, tgt) in enumerate(al.pairs()):
            flat.append((src, tgt))
            where.append((al, k))
    reports = check_pairs(flat, src_lang=aligns[0].src_lang, tgt_lang=aligns[0].tgt_lang,
                          config=config, context=context, document=False)
    reports = [replace(r, doc=al.doc, kind=al.kind, index=k) for r, (al, k) in zip(reports, where)]
    reports, doc_findings = _document_findings(reports, config, context)
    penalty = sum(mqm_weight(f) for r in reports for f in r.findings)
    words = sum(len(r.src.split()) for r in reports)
    return DocumentReport(
        doc=aligns[0].doc, pairs=tuple(reports), findings=tuple(doc_findings),
        mqm_penalty=round(penalty, 2), mqm_score=round(max(0.0, 1.0 - penalty / max(words, 1)), 4),
        words=words, signature=signature(config, context))


__all__ = ["CheckConfig", "CheckContext", "PROMOTABLE", "Timing", "check_alignment", "check_pair",
           "check_pairs", "feature_names", "gate", "length_ratio", "mqm_weight", "pair_features",
           "pair_score", "signature", "sure", "worst"]
