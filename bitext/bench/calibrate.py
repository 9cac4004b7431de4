"""``bitext models calibrate``: fit the checker's calibration file, reproducibly.

Two fits, each on corpora the benchmark never scores:
- the semantic score (``calibration.SEMANTIC_FEATURES``): faithful FLORES-200 *dev* pairs against
  clause deletions, clause additions and mismatched pairs made from them;
- the pair score (``combine.feature_names()``) and its flag score, with the classifier packaged
  for the encoder and without one: ``bench.check.calibration_set`` (FLORES-200 dev and WMT
  newstest2016, this package's perturbation code), each perturbation kind weighing as much as
  any other; the flag score is the lowest at which at most ``flag_rate`` of the faithful pairs
  are flagged (by the score or by a sure check).

With ``keep`` (an existing calibration file's content) nothing is fitted: its weights and flag
scores are measured on the same corpora and written back with these figures.
"""
from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

SEMANTIC_C = 1.0
PAIR_C = 3.0
FLAG_RATE = 0.08


def _logistic(x: np.ndarray, y: np.ndarray, c: float, weight=None) -> tuple[float, list[float]]:
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=weight)
    return float(model.intercept_[0]), [float(w) for w in model.coef_[0]]


def _auc(y, score) -> float:
    from sklearn.metrics import roc_auc_score
    return round(float(roc_auc_score(y, score)), 4)


def semantic_set(limit: int, seed: int) -> list[tuple[str, str, bool]]:
    """``(tr, en, divergent)``: ``limit`` faithful FLORES dev pairs, as many clause deletions and
    additions (four fifths of them) and mismatched pairs (one fifth)."""
    from bitext.bench.check import _addition, _deletion, flores, usable
    rng = random.Random(seed)
    dev = usable(flores("dev"))
    pairs = rng.sample(dev, min(2 * limit, len(dev)))
    good, rest = pairs[:limit], pairs[limit:]
    targets = [t for _, t in pairs]
    out = [(s, t, False) for s, t in good]
    n_clause = len(rest) * 4 // 5
    for k, (s, t) in enumerate(rest[:n_clause]):
        new = (_deletion if k % 2 else _addition)(t, rng, targets)
        if new and new != t:
            out.append((s, new, True))
    shifted = rest[n_clause:]
    out += [(s, shifted[(k + 1) % len(shifted)][1], True) for k, (s, _) in enumerate(shifted)
            if len(shifted) > 1]
    return out


def _kept(entry: dict, names) -> tuple[float, list[float]]:
    return float(entry["intercept"]), [float(entry["weights"][k]) for k in names]


def fit_semantic(context, alignment, limit: int = 200, seed: int = 7, keep: dict | None = None) -> dict:
    from bitext.check import semantic
    from bitext.check.calibration import SEMANTIC_FEATURES
    items = semantic_set(limit, seed)
    views = semantic.analyse(replace(context, classifier=None),
                             [(s, t, "tr", "en") for s, t, _ in items], alignment)
    x = np.array([semantic.features(v) for v in views])
    y = np.array([d for *_, d in items])
    intercept, weights = _kept(keep, SEMANTIC_FEATURES) if keep else _logistic(x, y, SEMANTIC_C)
    figures = {"pairs": len(items), "divergent": int(y.sum()), "auc": _auc(y, x @ np.array(weights))}
    fitted = {"fitted_on": ["flores-200 dev"], "seed": seed, "limit": limit,
              "settings": {"C": SEMANTIC_C}}
    return {**(keep or fitted), "intercept": intercept,
            "weights": dict(zip(SEMANTIC_FEATURES, weights)), "figures": _measured(figures, keep, seed, limit)}


def _measured(figures: dict, keep: dict | None, seed: int, limit: int) -> dict:
    """Figures of a fit; for kept weights, with the seed and limit of the corpora measured."""
    return {**figures, "measured_with": {"seed": seed, "limit": limit}} if keep else figures


def fit_pair(context, config, limit: int = 300, seed: int = 7, flag_rate: float = FLAG_RATE,
             keep: dict | None = None) -> dict:
    """The pair-score fit for ``context`` (its classifier, or none), or ``keep``'s measured."""
    from collections import Counter

    from bitext.bench.check import calibration_set
    from bitext.check import check_pairs, feature_names, sure
    context = replace(context, calibration=replace(context.calibration, pair=None))  # ungated
    items = calibration_set(limit, seed)
    feats: list = []
    reports = check_pairs([(i.src, i.tgt) for i in items], config=config, context=context,
                          document=False, features=feats)
    x, y = np.array(feats), np.array([i.kind != "faithful" for i in items])
    kinds = Counter(i.kind for i in items)
    per_kind = (len(items) - kinds["faithful"]) / (len(kinds) - 1)
    weight = np.array([1.0 if i.kind == "faithful" else per_kind / kinds[i.kind] for i in items])
    intercept, weights = (_kept(keep, feature_names()) if keep
                          else _logistic(x, y, PAIR_C, weight))
    prob = 1 / (1 + np.exp(-(intercept + x @ np.array(weights))))
    by_rule = np.array([sure(r.findings) for r in reports])
    flag = float(keep["flag_score"]) if keep else 1.0
    for t in ([] if keep else sorted(prob[~y], reverse=True)):
        if ((prob >= t) | by_rule)[~y].mean() > flag_rate:
            break
        flag = float(t)
    flagged = (prob >= flag) | by_rule
    clf = context.classifier
    figures = {"pairs": len(items), "auc": _auc(y, prob),
               "faithful_flagged": round(float(flagged[~y].mean()), 4),
               "faithful_flagged_by_rule": round(float(by_rule[~y].mean()), 4),
               "perturbed_flagged": round(float(flagged[y].mean()), 4)}
    fitted = {"fitted_on": ["flores-200 dev", "wmt newstest2016"], "seed": seed, "limit": limit,
              "settings": {"C": PAIR_C, "flag_rate": flag_rate}}
    return {**(keep or fitted),
            "classifier": clf.meta.get("name", "custom") if clf is not None else "none",
            "intercept": intercept, "weights": dict(zip(feature_names(), weights)),
            "flag_score": flag, "figures": _measured(figures, keep, seed, limit)}


def fit(config=None, *, limit: int = 300, semantic_limit: int = 200, seed: int = 7,
        log=None, keep: dict | None = None) -> dict:
    """A whole calibration file's content for ``config``'s encoder: the semantic fit, then the
    pair fits with the encoder's classifier (if it has one) and without; with ``keep`` (a
    calibration file's content) its weights measured instead of refitted."""
    from bitext import __version__
    from bitext.check import CheckConfig, CheckContext
    from bitext.check.calibration import SEMANTIC_FEATURES, Logistic
    config = config or CheckConfig()
    context = CheckContext.load(config)
    if context.encoder is None:
        from bitext.errors import InputError
        raise InputError("calibration needs an encoder", fix="drop --encoder none")
    kept = {f["classifier"]: f for f in keep["fits"]} if keep else {}
    sem = fit_semantic(context, config.alignment, semantic_limit, seed, keep and keep["semantic"])
    if log:
        log(f"semantic score: AUC {sem['figures']['auc']} on {sem['figures']['pairs']} pairs")
    model = Logistic(SEMANTIC_FEATURES, sem["intercept"], tuple(sem["weights"].values()))
    context = replace(context, calibration=replace(context.calibration, semantic=model))
    fits = []
    for clf in ([context.classifier] if context.classifier is not None else []) + [None]:
        name = clf.meta.get("name", "custom") if clf is not None else "none"
        if keep and name not in kept:
            continue
        fits.append(fit_pair(replace(context, classifier=clf), config, limit, seed,
                             keep=kept.get(name)))
        if log:
            log(f"pair score ({fits[-1]['classifier']}): {fits[-1]['figures']}")
    made_by = (f"bitext {__version__} models calibrate (limit {limit}, semantic limit "
               f"{semantic_limit}, seed {seed})")
    if keep:
        made_by = f"{keep.get('made_by', 'unknown')}; figures: {made_by} --keep-weights"
    return {"encoder": context.encoder.name, "made_by": made_by,
            "semantic": sem, "fits": fits}
