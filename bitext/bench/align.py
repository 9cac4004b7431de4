"""``bitext bench align``: strict/lax F1, time and encoder use of the aligner on gold data.

Datasets (read from ``$BITEXT_BENCH_DIR``, default ``<repo>/../shared/bench``):

* ``abstracts``: abstracts-dev, 14 real published Turkish–English abstract pairs with hand-made
  sentences and beads, aligned from the gold sentences; ``abstracts-e2e``: the same documents
  end to end, from their running text through ``align_files`` (splitter, language guard,
  aligner), scored by the text of each bead (:func:`bitext.evaluate.text_counts`), and the
  splitter's sentence boundaries against the gold ones (:func:`splitter`).
* ``textberg``: Text+Berg de–fr test0..test6, hand-aligned (the published comparison);
  ``textberg-dev``: its dev document.
* ``ntrex``, ``flores``: Turkish–English documents (NTREX-128 by DOCUMENT_IDS.tsv; FLORES-200
  dev+devtest by runs of the same URL). They are 1-1 by line, so :func:`perturb` makes them
  realistic with a fixed seed: walking through the pairs, with probability 0.08 a Turkish
  sentence is joined with the next (a 1-2 bead), 0.08 an English one (2-1), 0.04 the English
  sentence is dropped (1-0) and 0.04 the Turkish one (0-1). Turkish is the source side.

:func:`scale` is the size run (``--scale N``): a synthetic N-sentence document perturbed the same
way, aligned with the length method (the search alone; encoding grows linearly anyway), timed,
then run again under tracemalloc for the peak memory the aligner allocates.
"""
from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bitext.aligner import LENGTH, AlignStats, align, align_files
from bitext.bench import bench_dir
from bitext.errors import InputError
from bitext.evaluate import (
    boundary_counts,
    check_beads,
    counts,
    hits,
    in_pieces,
    pooled,
    reliability,
    scores,
)
from bitext.formats import parse_vecalign
from bitext.records import Bead

DATASETS = ("abstracts", "abstracts-e2e", "textberg", "textberg-dev", "ntrex", "flores")
METHODS = ("ours", "gale-church")
SEED = 13
P_JOIN_SRC, P_JOIN_TGT, P_DROP_TGT, P_DROP_SRC = 0.08, 0.08, 0.04, 0.04


@dataclass(frozen=True)
class Doc:
    name: str
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    gold: tuple[Bead, ...]
    src_lang: str
    tgt_lang: str
    paths: tuple[Path, Path] | None = None  # running text, for the end-to-end runs


@dataclass(frozen=True)
class BenchRow:
    dataset: str
    method: str
    docs: int
    sentences: int
    scores: dict
    encode_seconds: float
    search_seconds: float
    encoded: int
    reliability: dict | None = None  # ECE and reliability table of the bead confidences

    @property
    def per_second(self) -> float:
        total = self.encode_seconds + self.search_seconds
        return self.sentences / total if total > 0 else float("inf")


@dataclass(frozen=True)
class ScaleRow:
    sentences: int  # per side, before perturbation
    f1_strict: float
    seconds: float
    cells: int  # DP states visited over all levels
    peak_mb: float  # tracemalloc peak of the aligner (second run)
    max_rss_mb: float  # the whole process's peak resident memory so far


WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi "
         "rho sigma tau upsilon phi chi psi omega river mountain village snow glacier summit").split()


def synthetic(n: int, seed: int = 0) -> list[str]:
    """``n`` numbered pseudo-sentences of 2-29 words (for size runs and tests)."""
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, size=int(rng.integers(2, 30)))) + f" {k}." for k in range(n)]


def scale(n: int = 20_000, seed: int = 3) -> ScaleRow:
    """Align a perturbed ``n``-sentence synthetic document with the length method: F1, time,
    DP cells and peak memory (see the module docstring)."""
    if n < 1:
        raise InputError(f"--scale {n}: must be at least 1", fix="use --scale 20000")
    text = synthetic(n, seed)
    doc = perturb("scale", text, text, np.random.default_rng(seed))
    stats = AlignStats()
    started = time.perf_counter()
    result = align(doc.src, doc.tgt, encoder=LENGTH, stats=stats)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        align(doc.src, doc.tgt, encoder=LENGTH)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return ScaleRow(n, scores(counts(doc.gold, result.beads))["f1_strict"], seconds,
                    stats.cells, peak / 1e6, rss_kb / 1e3)


def print_scale(row: ScaleRow, console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    console = console or Console(width=None if sys.stdout.isatty() else 150)
    table = Table(title="bitext bench align --scale (length method, coarse-to-fine search)")
    for col in ("sentences/side", "strict F1", "search s", "sents/s", "DP cells",
                "cells/sent", "peak MB (aligner)", "max RSS MB (process)"):
        table.add_column(col, justify="right")
    table.add_row(f"{row.sentences:,}", f"{row.f1_strict:.3f}", f"{row.seconds:.1f}",
                  f"{2 * row.sentences / row.seconds:,.0f}", f"{row.cells:,}",
                  f"{row.cells / (2 * row.sentences):.0f}", f"{row.peak_mb:.0f}",
                  f"{row.max_rss_mb:.0f}")
    console.print(table)


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError("benchmark file missing", path=str(path), fix="check BITEXT_BENCH_DIR")
    return path.read_text(encoding="utf-8").splitlines()  # also strips NTREX's CRLF


def textberg(root: Path, names: Sequence[str]) -> list[Doc]:
    docs = []
    for name in names:
        base = root / "textberg" / name
        src, tgt = _lines(base.with_suffix(".de")), _lines(base.with_suffix(".fr"))
        gold_path = base.with_suffix(".defr")
        gold = parse_vecalign(gold_path.read_text(encoding="utf-8"), str(gold_path))
        check_beads(gold, len(src), len(tgt), str(gold_path))
        docs.append(Doc(name, tuple(src), tuple(tgt), tuple(gold), "de", "fr"))
    return docs


def abstracts(root: Path, *, running: bool = False) -> list[Doc]:
    """abstracts-dev: gold sentences and beads; ``running``: with the running text's paths."""
    base = root / "abstracts-dev"
    docs = []
    for gold_path in sorted(base.glob("*.gold")):
        name = gold_path.name.removesuffix(".gold")
        src, tgt = _lines(base / f"{name}.tr.sents"), _lines(base / f"{name}.en.sents")
        gold = parse_vecalign(gold_path.read_text(encoding="utf-8"), str(gold_path))
        check_beads(gold, len(src), len(tgt), str(gold_path))
        paths = (base / f"{name}.tr.txt", base / f"{name}.en.txt") if running else None
        docs.append(Doc(name, tuple(src), tuple(tgt), tuple(gold), "tr", "en", paths))
    if not docs:
        raise InputError("no abstracts-dev gold files", path=str(base), fix="check BITEXT_BENCH_DIR")
    return docs


def splitter(root: Path | None = None) -> dict[str, dict[str, float]]:
    """Sentence-boundary precision, recall and F1 of the splitter on abstracts-dev's running
    text, per language and both together (the end of a text is not counted)."""
    from bitext.aligner import read_sentences
    per_lang: dict[str, list[dict[str, int]]] = {"tr": [], "en": []}
    for doc in abstracts(root or bench_dir(), running=True):
        for lang, gold, path in (("tr", doc.src, doc.paths[0]), ("en", doc.tgt, doc.paths[1])):
            per_lang[lang].append(boundary_counts(gold, read_sentences(path, lang)))
    per_lang["all"] = per_lang["tr"] + per_lang["en"]
    out = {}
    for lang, parts in per_lang.items():
        c = pooled(parts)
        p = c["hit"] / c["test"] if c["test"] else 0.0
        r = c["hit"] / c["gold"] if c["gold"] else 0.0
        out[lang] = {"gold": c["gold"], "found": c["test"], "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def perturb(name: str, tr: Sequence[str], en: Sequence[str], rng: np.random.Generator) -> Doc:
    """A 1-1 document made realistic: joined and dropped sentences on either side (see module)."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    k = 0
    while k < len(tr):
        r = rng.random()
        two = k + 1 < len(tr)
        if two and r < P_JOIN_SRC:  # Turkish k, k+1 become one sentence: a 1-2 bead
            gold.append(Bead((len(src),), (len(tgt), len(tgt) + 1), 1.0))
            src.append(f"{tr[k]} {tr[k + 1]}")
            tgt += [en[k], en[k + 1]]
            k += 2
        elif two and r < P_JOIN_SRC + P_JOIN_TGT:  # English joined: a 2-1 bead
            gold.append(Bead((len(src), len(src) + 1), (len(tgt),), 1.0))
            src += [tr[k], tr[k + 1]]
            tgt.append(f"{en[k]} {en[k + 1]}")
            k += 2
        elif r < P_JOIN_SRC + P_JOIN_TGT + P_DROP_TGT:  # English dropped: a 1-0 bead
            gold.append(Bead((len(src),), (), 1.0))
            src.append(tr[k])
            k += 1
        elif r < P_JOIN_SRC + P_JOIN_TGT + P_DROP_TGT + P_DROP_SRC:  # Turkish dropped: 0-1
            gold.append(Bead((), (len(tgt),), 1.0))
            tgt.append(en[k])
            k += 1
        else:
            gold.append(Bead((len(src),), (len(tgt),), 1.0))
            src.append(tr[k])
            tgt.append(en[k])
            k += 1
    return Doc(name, tuple(src), tuple(tgt), tuple(gold), "tr", "en")


def _runs(ids: Sequence[str]) -> list[tuple[str, int, int]]:
    """(id, start, end) of each run of equal consecutive ids."""
    runs, start = [], 0
    for k in range(1, len(ids) + 1):
        if k == len(ids) or ids[k] != ids[start]:
            runs.append((ids[start], start, k))
            start = k
    return runs


def _build(runs: list[tuple[str, int, int]], tr: list[str], en: list[str]) -> list[Doc]:
    rng = np.random.default_rng(SEED)
    return [perturb(doc_id, tr[a:b], en[a:b], rng) for doc_id, a, b in runs]


def ntrex(root: Path) -> list[Doc]:
    base = root / "ntrex" / "NTREX"
    ids = _lines(base / "DOCUMENT_IDS.tsv")
    tr = _lines(base / "NTREX-128" / "newstest2019-ref.tur.txt")
    en = _lines(base / "NTREX-128" / "newstest2019-src.eng.txt")
    return _build(_runs(ids), tr, en)


def flores(root: Path) -> list[Doc]:
    base = root / "flores" / "flores200_dataset"
    runs, tr, en = [], [], []
    for split in ("dev", "devtest"):
        urls = [line.split("\t")[0] for line in _lines(base / f"metadata_{split}.tsv")[1:]]
        offset = len(tr)
        runs += [(u, a + offset, b + offset) for u, a, b in _runs(urls)]
        tr += _lines(base / split / f"tur_Latn.{split}")
        en += _lines(base / split / f"eng_Latn.{split}")
    return _build(runs, tr, en)


def load(dataset: str, root: Path | None = None) -> list[Doc]:
    root = root or bench_dir()
    if dataset in ("abstracts", "abstracts-e2e"):
        return abstracts(root, running=dataset == "abstracts-e2e")
    if dataset == "textberg":
        return textberg(root, [f"test{k}" for k in range(7)])
    if dataset == "textberg-dev":
        return textberg(root, ["dev"])
    if dataset == "ntrex":
        return ntrex(root)
    if dataset == "flores":
        return flores(root)
    raise InputError(f"unknown dataset {dataset!r}", fix=f"use one of {', '.join(DATASETS)}")


def run(datasets: Sequence[str] = DATASETS, *, limit_docs: int | None = None,
        encoder: str | None = None, methods: Sequence[str] = ("ours", "gale-church"),
        progress=None) -> list[BenchRow]:
    """Align every document of every dataset with each method and score it."""
    for name, given, known in (("dataset", datasets, DATASETS), ("method", methods, METHODS)):
        bad = [x for x in given if x not in known]
        if bad:
            raise InputError(f"unknown {name} {bad[0]!r}", fix=f"use one of {', '.join(known)}")
    if limit_docs is not None and limit_docs < 1:
        raise InputError(f"--limit-docs {limit_docs}: must be at least 1", fix="use --limit-docs 1 or more")
    enc = None
    rows = []
    for dataset in datasets:
        docs = load(dataset)[:limit_docs] if limit_docs else load(dataset)
        for method in methods:
            if method == "ours" and enc is None:
                from bitext.encoder import load_encoder
                enc = load_encoder(encoder)
            stats = AlignStats()
            parts, conf, right = [], [], []
            for doc in docs:
                c, confidence, ok = _score(doc, enc if method == "ours" else LENGTH, stats)
                parts.append(c)
                conf += confidence
                right += ok
                if progress:
                    progress(dataset, method, doc.name)
            rows.append(BenchRow(dataset, method, len(docs), stats.sentences, scores(pooled(parts)),
                                 stats.encode_seconds, stats.search_seconds, stats.encoded,
                                 reliability(conf, right)))
    return rows


def _score(doc: Doc, encoder, stats: AlignStats) -> tuple[dict[str, int], list[float], list[bool]]:
    """Align one document (end to end when it has paths): its counts against the gold, and
    each bead's confidence and whether it is strictly right."""
    if doc.paths is None:
        result = align(doc.src, doc.tgt, src_lang=doc.src_lang, tgt_lang=doc.tgt_lang,
                       encoder=encoder, stats=stats)
        gold, test = doc.gold, result.beads
    else:
        result = align_files(*doc.paths, src_lang=doc.src_lang, tgt_lang=doc.tgt_lang,
                             encoder=encoder, stats=stats)
        gold, test = in_pieces(doc.gold, doc.src, doc.tgt, result.beads, result.src, result.tgt)
    return counts(gold, test), [b.score for b in result.beads], hits(gold, test)


CALIBRATION_SETS = ("textberg-dev", "ntrex", "flores")  # never abstracts-dev: it judges


def fit_confidence(datasets: Sequence[str] = CALIBRATION_SETS, *, encoder=None,
                   limit_docs: int | None = None, progress=None) -> dict:
    """Refit the bead-confidence model (:mod:`bitext.confidence`) of ``encoder`` (a loaded
    encoder, a name, or ``"length"``) on the beads it makes on ``datasets``."""
    from bitext import confidence
    if "abstracts" in datasets or "abstracts-e2e" in datasets:
        raise InputError("abstracts-dev is the development set the confidence is judged on",
                         fix=f"fit on {', '.join(CALIBRATION_SETS)}")
    if encoder != LENGTH and (encoder is None or isinstance(encoder, str)):
        from bitext.encoder import load_encoder
        encoder = load_encoder(encoder)
    features, right = [], []
    for dataset in datasets:
        for doc in load(dataset)[:limit_docs]:
            stats = AlignStats(features=[])
            result = align(doc.src, doc.tgt, src_lang=doc.src_lang, tgt_lang=doc.tgt_lang,
                           encoder=encoder, stats=stats)
            features += stats.features
            right += hits(doc.gold, result.beads)
            if progress:
                progress(dataset, doc.name)
    key = LENGTH if encoder == LENGTH else encoder.name
    used = [f"{d} (first {limit_docs} documents)" if limit_docs else d for d in datasets]
    return confidence.fit(features, right, key=key, fitted_on=used)


def print_reliability(rows: Sequence[BenchRow], console=None) -> None:
    """Per dataset and method: ECE, and among beads with confidence >= t the share right."""
    from rich.console import Console
    from rich.table import Table
    console = console or Console(width=None if sys.stdout.isatty() else 150)
    rows = [r for r in rows if r.reliability]
    if not rows:
        return
    cols = [t for t, _, _ in rows[0].reliability["table"]]
    table = Table(title="bead confidence: expected calibration error (10 bins) and, among beads "
                        "with confidence >= t, the share strictly right (beads)")
    for col in ("dataset", "method", "beads", "ECE", *(f">= {t:g}" for t in cols)):
        table.add_column(col, justify="left" if col in ("dataset", "method") else "right")
    for r in rows:
        rel = r.reliability
        table.add_row(r.dataset, r.method, str(rel["beads"]), f"{rel['ece']:.3f}",
                      *(f"{share:.3f} ({n})" if n else "-" for _, n, share in rel["table"]))
    console.print(table)


def print_splitter(result: dict[str, dict[str, float]], console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    console = console or Console(width=None if sys.stdout.isatty() else 150)
    table = Table(title="splitter on abstracts-dev running text (sentence boundaries)")
    for col in ("lang", "gold", "found", "P", "R", "F1"):
        table.add_column(col, justify="left" if col == "lang" else "right")
    for lang, r in result.items():
        table.add_row(lang, str(r["gold"]), str(r["found"]), f"{r['precision']:.3f}",
                      f"{r['recall']:.3f}", f"{r['f1']:.3f}")
    console.print(table)


def print_result(rows: Sequence[BenchRow], console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    console = console or Console(width=None if sys.stdout.isatty() else 150)
    table = Table(title="bitext bench align (strict = exact bead, lax = overlap; Vecalign scoring)")
    for col in ("dataset", "method", "docs", "sents", "strict P", "strict R", "strict F1",
                "lax F1", "encode s", "search s", "sents/s", "enc/sent"):
        table.add_column(col, justify="left" if col in ("dataset", "method") else "right")
    for r in rows:
        s = r.scores
        table.add_row(r.dataset, r.method, str(r.docs), str(r.sentences),
                      f"{s['precision_strict']:.3f}", f"{s['recall_strict']:.3f}",
                      f"{s['f1_strict']:.3f}", f"{s['f1_lax']:.3f}", f"{r.encode_seconds:.1f}",
                      f"{r.search_seconds:.2f}", f"{r.per_second:.0f}",
                      f"{r.encoded / r.sentences:.2f}" if r.sentences else "-")
    console.print(table)
