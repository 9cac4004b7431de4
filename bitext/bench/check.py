"""``bitext bench check``: the divergence dev set, then synthetic divergences.

The dev set (``divergence-dev/cases.jsonl`` in the bench folder) holds real published
Turkish–English news pairs, faithful or with one hand-made error; the checker reads only their
``tr`` and ``en`` fields, the rest (id, severity) scores it. It is printed first.

Faithful pairs come from the seed 000 abstract, NTREX-128 and FLORES-200 devtest (FLORES *dev*
and WMT newstest2016 are kept for calibrating the scores, so they never appear here). Each faithful pair also
yields one divergent pair by perturbing the English target (number change, entity swap,
negation flip, modality shift, clause deletion, content addition, untranslated copy; fixed seed).
Printed: ROC-AUC of the pair score beside a plain-cosine baseline, recall per perturbation at
the default threshold (pair severity >= major), the false-flag rate on faithful pairs, and speed.
"""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from bitext.bench import bench_dir

PERTURBATIONS = ("number", "entity", "negation", "modality", "deletion", "addition", "copy")
EXPECTED = {"number": "NUM", "entity": "NE", "negation": "MEAN", "modality": "MEAN",
            "deletion": "DEL", "addition": "ADD", "copy": "UNTRANSLATED"}
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÇĞİÖŞÜ\"“])")
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|has|have|had|does|do|did)\b")
_NEG = re.compile(r"\s+not\b|n't\b|\bnever\s+")
_NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve"]
_MODAL = [(re.compile(r"\bwill\b"), "might"), (re.compile(r"\bis\b"), "may be"),
          (re.compile(r"\bare\b"), "may be"), (re.compile(r"\bwas\b"), "may have been"),
          (re.compile(r"\bwere\b"), "may have been"), (re.compile(r"\bhas\b"), "may have")]


def _lines(path: Path) -> list[str]:
    return [x.rstrip("\r\n") for x in path.read_text(encoding="utf-8").splitlines()]


def seed_abstract(repo: Path | None = None) -> list[tuple[str, str]]:
    """The seed 000 abstract, sentence by sentence (its Özet and Abstract split 1-1)."""
    repo = repo or Path(__file__).resolve().parents[2]
    text = (repo / "seeds" / "000_8326cda90e95f37e.txt").read_text(encoding="utf-8")
    en = text.split("\nAbstract\n")[1].split("Keywords:")[0].strip()
    tr = text.split("\nÖzet\n")[1].split("Anahtar Kelimeler:")[0].strip()
    src, tgt = _SPLIT.split(tr), _SPLIT.split(en)
    return list(zip(src, tgt)) if len(src) == len(tgt) else []


def ntrex() -> list[tuple[str, str]]:
    d = bench_dir() / "ntrex" / "NTREX" / "NTREX-128"
    return list(zip(_lines(d / "newstest2019-ref.tur.txt"), _lines(d / "newstest2019-src.eng.txt")))


def flores(split: str = "devtest") -> list[tuple[str, str]]:
    d = bench_dir() / "flores" / "flores200_dataset" / split
    return list(zip(_lines(d / f"tur_Latn.{split}"), _lines(d / f"eng_Latn.{split}")))


def wmt(year: int = 2016) -> list[tuple[str, str]]:
    """WMT newstest Turkish–English (news, like NTREX; only for calibration, never benchmarked)."""
    d = bench_dir() / "wmt-newstest"
    return list(zip(_lines(d / f"newstest{year}.tr"), _lines(d / f"newstest{year}.en")))


def usable(pairs: list[tuple[str, str]], longest: int = 60) -> list[tuple[str, str]]:
    """Pairs whose target has 4 to ``longest`` words and differs from the source."""
    return [p for p in pairs if 4 <= len(p[1].split()) <= longest and p[0] != p[1]]


def training_pairs() -> list[tuple[str, str]]:
    """WMT newstest 2017 and 2018: what the packaged divergence classifier is trained on (the
    benchmark and the calibration use neither)."""
    from bitext.errors import InputError
    if not (bench_dir() / "wmt-newstest" / "newstest2017.tr").is_file():
        raise InputError("WMT newstest files not found", path=str(bench_dir() / "wmt-newstest"),
                         fix="set BITEXT_BENCH_DIR to the folder holding wmt-newstest/, or pass "
                             "--pairs FILE.tsv")
    return usable([p for year in (2017, 2018) for p in wmt(year)], longest=70)


def faithful(limit: int, seed: int = 13) -> list[tuple[str, str, str]]:
    """(corpus, tr, en): the whole seed abstract, then NTREX and FLORES devtest half and half."""
    rng = random.Random(seed)
    out = [("seed000", s, t) for s, t in seed_abstract()][:limit]
    rest = limit - len(out)
    for name, pairs, n in (("ntrex", ntrex(), rest // 2), ("flores", flores(), rest - rest // 2)):
        pairs = usable(pairs)
        out += [(name, s, t) for s, t in rng.sample(pairs, min(n, len(pairs)))]
    return out


# ------------------------------------------------------------------ perturbations

def _number(tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    nums = list(re.finditer(r"\d+", tgt))
    if nums:
        m = rng.choice(nums)
        v = int(m.group())
        new = str(v + rng.choice([1, 2, 3, 5, 10, 100]) if v < 1900 or v > 2100 else v + rng.choice([-3, -1, 1, 2]))
        return tgt[:m.start()] + new + tgt[m.end():]
    words = [m for m in re.finditer(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", tgt, re.I)]
    if words:
        m = rng.choice(words)
        new = rng.choice([w for w in _NUMBER_WORDS if w != m.group().lower()])
        return tgt[:m.start()] + new + tgt[m.end():]
    return None


def _names(text: str) -> list[re.Match]:
    return [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]+(?: [A-Z][a-z]+)*", text)]


def _entity(tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    names = _names(tgt)
    if not names:
        return None
    m = rng.choice(names)
    choices = [p for p in pool if p != m.group() and p not in tgt]
    return tgt[:m.start()] + rng.choice(choices) + tgt[m.end():] if choices else None


def _negation(tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    m = _NEG.search(tgt)
    if m:
        return tgt[:m.start()] + ("" if m.group().strip() != "never" else " ") + tgt[m.end():]
    m = _AUX.search(tgt)
    if m:
        return tgt[:m.end()] + " not" + tgt[m.end():]
    return None


def _modality(tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    for rx, repl in _MODAL:
        m = rx.search(tgt)
        if m:
            return tgt[:m.start()] + repl + tgt[m.end():]
    if tgt[:1].isupper():
        return "Reportedly, " + tgt[0].lower() + tgt[1:] if not tgt[1:2].isupper() else "Reportedly, " + tgt
    return None


def _deletion(tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    words = tgt.split()
    if len(words) < 8:
        return None
    parts = re.split(r"(?<=,)\s+|\s+(?=and\b|but\b|which\b|while\b)|;\s*", tgt)
    parts = [p for p in parts if p]
    if len(parts) >= 2:
        k = max(range(len(parts)), key=lambda i: len(parts[i]))
        kept = " ".join(p for i, p in enumerate(parts) if i != k).strip(" ,;")
        if len(kept.split()) >= 3 and len(parts[k].split()) >= 0.3 * len(words):
            return kept.rstrip(".") + "."
    cut = rng.randint(len(words) // 2, len(words) * 3 // 5)
    return " ".join(words[:cut]).rstrip(",;") + "."


def _addition(tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    donors = [p for p in pool if len(p.split()) >= 12 and p != tgt]
    words = rng.choice(donors).rstrip(".").split()
    start = rng.randint(0, max(0, len(words) - 10))
    frag = " ".join(words[start:start + rng.randint(6, 10)])
    return tgt.rstrip(" .") + ", and " + frag[0].lower() + frag[1:] + "."


def perturb(kind: str, src: str, tgt: str, rng: random.Random, pool: list[str]) -> str | None:
    if kind == "copy":
        return src
    if kind == "entity":
        return _entity(tgt, rng, pool)
    return {"number": _number, "negation": _negation, "modality": _modality,
            "deletion": _deletion, "addition": _addition}[kind](tgt, rng, pool)


@dataclass
class Item:
    corpus: str
    kind: str  # "faithful" or a perturbation
    src: str
    tgt: str


def build(limit: int, seed: int = 13, base: list[tuple[str, str, str]] | None = None) -> list[Item]:
    """``limit`` faithful pairs (or ``base``) and one perturbed pair each (perturbations in turn)."""
    rng = random.Random(seed)
    base = faithful(limit, seed) if base is None else base
    targets = [t for _, _, t in base]
    names = sorted({m.group() for t in targets for m in _names(t)})
    items = [Item(c, "faithful", s, t) for c, s, t in base]
    for k, (c, s, t) in enumerate(base):
        for step in range(len(PERTURBATIONS)):
            kind = PERTURBATIONS[(k + step) % len(PERTURBATIONS)]
            new = perturb(kind, s, t, rng, names if kind == "entity" else targets)
            if new and new != t:
                items.append(Item(c, kind, s, new))
                break
    return items


def calibration_set(limit: int = 300, seed: int = 7) -> list[Item]:
    """``limit`` faithful pairs each from FLORES-200 *dev* (encyclopaedic) and WMT newstest2016
    (news), and one perturbation of each. The benchmark uses neither."""
    rng = random.Random(seed)
    base = []
    for name, pairs in (("flores-dev", flores("dev")), ("wmt16", wmt(2016))):
        pairs = usable(pairs)
        base += [(name, s, t) for s, t in rng.sample(pairs, min(limit, len(pairs)))]
    return build(len(base), seed, base)


# ------------------------------------------------------------------ run and print

@dataclass
class CheckBench:
    n_pairs: int
    auc: float
    auc_cosine: float
    recall: dict[str, tuple[int, int]]  # perturbation -> (flagged >= major, total)
    category_hit: dict[str, int]  # perturbation -> flagged with the expected category
    cosine_recall: dict[str, int]  # at the cosine threshold that flags the same faithful share
    false_flag: tuple[int, int]  # faithful flagged >= major, faithful total
    false_flag_minor: int  # faithful with any finding
    seconds: float
    encoder_seconds: float
    check_seconds: dict[str, float]
    signature: str
    by_corpus: dict[str, tuple[float, int]] = field(default_factory=dict)


def run(limit: int = 500, seed: int = 13, config=None) -> CheckBench:
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from bitext.check import CheckConfig, CheckContext, Timing, check_pairs, signature
    config = config or CheckConfig()
    context = CheckContext.load(config)
    items = build(limit, seed)
    timing = Timing()
    t0 = time.perf_counter()
    reports = check_pairs([(i.src, i.tgt) for i in items], config=config, context=context,
                          document=False, timing=timing)
    seconds = time.perf_counter() - t0
    enc = context.encoder
    sv, tv = enc.encode([i.src for i in items]), enc.encode([i.tgt for i in items])
    cos = (sv * tv).sum(1)
    y = np.array([i.kind != "faithful" for i in items])
    score = np.array([r.score for r in reports])
    flagged = np.array([r.severity in ("major", "critical") for r in reports])
    faithful_idx = ~y
    fpr_share = flagged[faithful_idx].mean()
    thr = np.quantile(1 - cos[faithful_idx], 1 - max(fpr_share, 1e-9)) if faithful_idx.any() else 1
    recall, hits, cos_recall = {}, {}, {}
    for kind in PERTURBATIONS:
        idx = [k for k, i in enumerate(items) if i.kind == kind]
        recall[kind] = (int(flagged[idx].sum()), len(idx))
        hits[kind] = sum(1 for k in idx if flagged[k] and any(
            f.category == EXPECTED[kind] for f in reports[k].findings))
        cos_recall[kind] = int(((1 - cos[idx]) > thr).sum())
    by_corpus = {}
    for corpus in sorted({i.corpus for i in items}):
        idx = [k for k, i in enumerate(items) if i.corpus == corpus]
        if len(set(y[idx])) == 2:
            by_corpus[corpus] = (float(roc_auc_score(y[idx], score[idx])), len(idx))
    return CheckBench(
        n_pairs=len(items), auc=float(roc_auc_score(y, score)), auc_cosine=float(roc_auc_score(y, 1 - cos)),
        recall=recall, category_hit=hits, cosine_recall=cos_recall,
        false_flag=(int(flagged[faithful_idx].sum()), int(faithful_idx.sum())),
        false_flag_minor=int(sum(1 for k in np.where(faithful_idx)[0] if reports[k].findings)),
        seconds=seconds, encoder_seconds=timing.encoder, check_seconds=timing.checks,
        signature=signature(config, context), by_corpus=by_corpus)


# ------------------------------------------------------------------ the divergence dev set

RANK = {"ok": 0, "minor": 1, "major": 2, "critical": 3}


@dataclass
class DevItem:
    id: str
    tr: str
    en: str
    severity: str  # gold

    @property
    def kind(self) -> str:
        """The phenomenon code of an erroneous item (``e-num-03`` -> ``num``), else ``ok-pub``/``ok-rw``."""
        parts = self.id.split("-")
        return parts[1] if parts[0] == "e" else "-".join(parts[:2])


def dev_items(path: Path | None = None) -> list[DevItem]:
    """The dev set's items (only id, tr, en and the gold severity are kept)."""
    import json
    from bitext.errors import InputError
    path = path or bench_dir() / "divergence-dev" / "cases.jsonl"
    if not path.is_file():
        raise InputError("divergence dev set not found", path=str(path),
                         fix="set BITEXT_BENCH_DIR to the folder holding divergence-dev/")
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [DevItem(r["id"], r["tr"], r["en"], r["severity"]) for r in rows]


@dataclass
class DevBench:
    n_pairs: int
    auc: float
    recall: tuple[int, int]  # major+critical items flagged >= major, total
    critical: tuple[int, int]  # critical items flagged critical, total
    by_kind: dict[str, tuple[int, int]]  # phenomenon -> (flagged >= major, major+critical total)
    minor_caught: tuple[int, int]  # minor items with any finding, total
    false_flag: dict[str, tuple[int, int]]  # faithful subset -> (flagged >= major, total)
    false_any: dict[str, tuple[int, int]]  # faithful subset -> (any finding, total)
    seconds: float
    rows: list[dict] = field(default_factory=list)  # per item: id, gold, score, severity, findings


def run_dev(config=None, path: Path | None = None) -> DevBench:
    """Check the dev set's pairs (``tr`` as source, ``en`` as target) and score the reports."""
    from sklearn.metrics import roc_auc_score

    from bitext.check import CheckConfig, check_pairs
    items = dev_items(path)
    t0 = time.perf_counter()
    reports = check_pairs([(i.tr, i.en) for i in items], config=config or CheckConfig(), document=False)
    seconds = time.perf_counter() - t0
    serious = [k for k, i in enumerate(items) if i.severity in ("major", "critical")]
    ok = [k for k, i in enumerate(items) if i.severity == "ok"]
    y = [1] * len(serious) + [0] * len(ok)
    auc = float(roc_auc_score(y, [reports[k].score for k in serious + ok])) if serious and ok else 0.0
    flagged = lambda k: RANK[reports[k].severity] >= 2  # noqa: E731
    by_kind: dict[str, tuple[int, int]] = {}
    for k in serious:
        hit, n = by_kind.get(items[k].kind, (0, 0))
        by_kind[items[k].kind] = (hit + flagged(k), n + 1)
    crit = [k for k in serious if items[k].severity == "critical"]
    minor = [k for k, i in enumerate(items) if i.severity == "minor"]
    subsets = {"all": ok, "published": [k for k in ok if items[k].kind == "ok-pub"],
               "rewrites": [k for k in ok if items[k].kind == "ok-rw"]}
    rows = [{"id": i.id, "gold": i.severity, "score": r.score, "severity": r.severity,
             "findings": [f"{f.category}/{f.severity}/{f.check}: {f.message}" for f in r.findings]}
            for i, r in zip(items, reports)]
    return DevBench(
        n_pairs=len(items), auc=auc, recall=(sum(map(flagged, serious)), len(serious)),
        critical=(sum(reports[k].severity == "critical" for k in crit), len(crit)),
        by_kind=dict(sorted(by_kind.items())),
        minor_caught=(sum(reports[k].severity != "ok" for k in minor), len(minor)),
        false_flag={n: (sum(map(flagged, ks)), len(ks)) for n, ks in subsets.items()},
        false_any={n: (sum(reports[k].severity != "ok" for k in ks), len(ks)) for n, ks in subsets.items()},
        seconds=seconds, rows=rows)


def _frac(pair: tuple[int, int]) -> str:
    hit, n = pair
    return f"{hit}/{n} {hit / max(n, 1):.2f}"


def render_dev(res: DevBench) -> str:
    """The dev-set result as a plain-text table."""
    ff, fa = res.false_flag, res.false_any
    lines = [f"divergence-dev: {res.n_pairs} real pairs ({ff['all'][1]} faithful, "
             f"{res.recall[1]} major/critical, {res.minor_caught[1]} minor)", "",
             f"{'ROC-AUC (major+critical vs ok)':34}{res.auc:>12.3f}",
             f"{'recall major+critical (>= major)':34}{_frac(res.recall):>12}",
             f"{'critical flagged critical':34}{_frac(res.critical):>12}",
             f"{'minor items with any finding':34}{_frac(res.minor_caught):>12}",
             f"{'faithful flagged >= major':34}{_frac(ff['all']):>12}"
             f"   (published {_frac(ff['published'])}, rewrites {_frac(ff['rewrites'])})",
             f"{'faithful with any finding':34}{_frac(fa['all']):>12}"
             f"   (published {_frac(fa['published'])}, rewrites {_frac(fa['rewrites'])})",
             "", "recall (>= major) by error type:"]
    lines += [f"  e-{kind:<8}{_frac(v):>12}" for kind, v in res.by_kind.items()]
    lines += ["", f"speed: {res.n_pairs / max(res.seconds, 1e-9):.1f} pairs/s over {res.n_pairs} "
              f"pairs ({res.seconds:.1f} s)"]
    return "\n".join(lines)


def render(res: CheckBench) -> str:
    """The result as a plain-text table."""
    lines = [f"bitext bench check: {res.n_pairs} pairs "
             f"({res.false_flag[1]} faithful + {res.n_pairs - res.false_flag[1]} perturbed)",
             f"signature: {res.signature}", "",
             f"{'':24}{'bitext check':>14}{'plain cosine':>14}",
             f"{'ROC-AUC':24}{res.auc:>14.3f}{res.auc_cosine:>14.3f}"]
    for corpus, (auc, n) in res.by_corpus.items():
        lines.append(f"{'  AUC ' + corpus + f' ({n})':24}{auc:>14.3f}")
    lines += ["", f"{'recall (>= major)':24}{'bitext check':>14}{'right category':>16}{'plain cosine*':>15}"]
    tot_hit = tot = 0
    for kind in PERTURBATIONS:
        hit, n = res.recall[kind]
        tot_hit, tot = tot_hit + hit, tot + n
        lines.append(f"{kind:24}{f'{hit}/{n} {hit / max(n, 1):.2f}':>14}"
                     f"{f'{res.category_hit[kind]}/{n}':>16}{f'{res.cosine_recall[kind]}/{n}':>15}")
    cos_tot = sum(res.cosine_recall.values())
    lines.append(f"{'all perturbed':24}{f'{tot_hit}/{tot} {tot_hit / max(tot, 1):.2f}':>14}{'':>16}"
                 f"{f'{cos_tot}/{tot} {cos_tot / max(tot, 1):.2f}':>15}")
    ff, nf = res.false_flag
    lines += [f"{'faithful flagged >=major':24}{f'{ff}/{nf} {ff / max(nf, 1):.3f}':>14}",
              f"{'faithful with any finding':24}{f'{res.false_flag_minor}/{nf}':>14}",
              "* cosine threshold set to flag the same share of faithful pairs as bitext check", "",
              f"speed: {res.n_pairs / res.seconds:.1f} pairs/s over {res.n_pairs} pairs "
              f"({res.seconds:.1f} s): encoder {res.encoder_seconds:.1f} s, other checks "
              f"{sum(res.check_seconds.values()):.1f} s"]
    lines.append("  " + ", ".join(f"{k.rsplit('.', 1)[-1]} {v:.2f}s" for k, v in
                                  sorted(res.check_seconds.items(), key=lambda kv: -kv[1])))
    return "\n".join(lines)
