"""Inter-annotator agreement on pulled annotations (Label Studio's community edition has none).

- Stance and translation issues: Cohen's kappa with two annotators, Krippendorff's alpha
  (nominal, missing values allowed) with more. Issues are multi-label: one yes/no decision per
  task and category, pooled over categories, and per category.
- Entities: span-level F1 between each pair of annotators, per type and side, exact (same
  start, end, label) and overlap (same label, any shared character; one-to-one matching).
- Disagreements: every task where annotators differ, with what each chose, to adjudicate.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from bitext.records import ENTITY_TYPES
from bitext.studio.config import ISSUES, SIDES


def cohen_kappa(a: list, b: list) -> float:
    """Cohen's kappa of two raters over the same items (1.0 when both never vary and agree)."""
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def krippendorff_alpha(units: list[list]) -> float:
    """Nominal alpha; ``units`` holds each item's values (None = not rated)."""
    coincidence: Counter = Counter()
    for values in units:
        vals = [v for v in values if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, c in enumerate(vals):
            for j, k in enumerate(vals):
                if i != j:
                    coincidence[(c, k)] += 1.0 / (m - 1)
    n = sum(coincidence.values())
    if n == 0:
        return float("nan")
    marg: Counter = Counter()
    for (c, _k), w in coincidence.items():
        marg[c] += w
    d_obs = sum(w for (c, k), w in coincidence.items() if c != k)
    d_exp = sum(marg[c] * marg[k] for c in marg for k in marg if c != k)
    return 1.0 if d_exp == 0 else 1.0 - (n - 1) * d_obs / d_exp


@dataclass
class SpanScore:
    tp_exact: int = 0
    tp_overlap: int = 0
    n_a: int = 0
    n_b: int = 0

    def f1(self, kind: str) -> float:
        tp = self.tp_exact if kind == "exact" else self.tp_overlap
        return 1.0 if self.n_a + self.n_b == 0 else 2 * tp / (self.n_a + self.n_b)


def _match_overlap(a: list[dict], b: list[dict]) -> int:
    used, tp = set(), 0
    for x in sorted(a, key=lambda s: s["start"]):
        for j, y in enumerate(b):
            if j not in used and y["label"] == x["label"] and x["start"] < y["end"] and y["start"] < x["end"]:
                used.add(j)
                tp += 1
                break
    return tp


@dataclass
class Agreement:
    annotators: list[str]
    tasks: int  # tasks with at least two annotators
    measure: str  # "Cohen's kappa" or "Krippendorff's alpha"
    stance: float
    issues: float
    issues_by_category: dict[str, float]
    spans: dict[str, SpanScore]  # "tr:GPE" ... and "all"
    disagreements: list[dict] = field(default_factory=list)


def _latest_per_annotator(task: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for ann in sorted(task["annotations"], key=lambda a: a.get("updated_at") or ""):
        out[ann["annotator"]] = ann
    return out


def agreement(tasks: list[dict]) -> Agreement:
    per_task = [(t, _latest_per_annotator(t)) for t in tasks]
    per_task = [(t, anns) for t, anns in per_task if len(anns) >= 2]
    names = sorted({a for _, anns in per_task for a in anns})
    two = len(names) == 2

    def agree(values: list[list]) -> float:
        if two:
            pairs = [(v[0], v[1]) for v in values if v[0] is not None and v[1] is not None]
            return cohen_kappa([p[0] for p in pairs], [p[1] for p in pairs])
        return krippendorff_alpha(values)

    stance = [[anns[n]["stance"] if n in anns else None for n in names] for _, anns in per_task]
    by_cat = {}
    pooled: list[list] = []
    for cat in ISSUES:
        rows = [[(cat in anns[n]["issues"]) if n in anns else None for n in names] for _, anns in per_task]
        by_cat[cat] = agree(rows)
        pooled += rows
    spans: dict[str, SpanScore] = defaultdict(SpanScore)
    disagreements = []
    for task, anns in per_task:
        for a, b in combinations(sorted(anns), 2):
            for side in SIDES:
                sa, sb = anns[a]["entities"][side], anns[b]["entities"][side]
                for label in ENTITY_TYPES:
                    xa = [s for s in sa if s["label"] == label]
                    xb = [s for s in sb if s["label"] == label]
                    if not xa and not xb:
                        continue
                    exact = len({(s["start"], s["end"]) for s in xa} & {(s["start"], s["end"]) for s in xb})
                    overlap = _match_overlap(xa, xb)
                    for key in (f"{side}:{label}", "all"):
                        sc = spans[key]
                        sc.tp_exact += exact
                        sc.tp_overlap += overlap
                        sc.n_a += len(xa)
                        sc.n_b += len(xb)
        diff = _differences(anns)
        if diff:
            disagreements.append({"key": task["key"], "task_id": task.get("task_id"),
                                  "doc": task["doc"], "index": task["index"], "differs": diff,
                                  "tr": task["tr"], "en": task["en"]})
    return Agreement(names, len(per_task), "Cohen's kappa" if two else "Krippendorff's alpha",
                     agree(stance), agree(pooled), by_cat, dict(spans), disagreements)


def _differences(anns: dict[str, dict]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    if len({a["stance"] for a in anns.values()}) > 1:
        out["stance"] = {n: a["stance"] for n, a in anns.items()}
    if len({tuple(a["issues"]) for a in anns.values()}) > 1:
        out["issues"] = {n: a["issues"] for n, a in anns.items()}
    for side in SIDES:
        sets = {n: sorted((s["start"], s["end"], s["label"], s["text"]) for s in a["entities"][side])
                for n, a in anns.items()}
        if len({tuple(v) for v in sets.values()}) > 1:
            out[f"{side}_entities"] = {n: [f"{t}/{lab}" for _s, _e, lab, t in v] for n, v in sets.items()}
    return out
