"""``bitext bench entities``: precision, recall and F1 per type on the hand-annotated dev set.

A prediction counts only when its span and type equal a gold mention's (exact match, as in
CoNLL/seqeval). The dev set is ``tests/data/entities_dev.jsonl`` (seed texts, both languages).
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bitext.bench import bench_dir
from bitext.errors import InputError
from bitext.records import ENTITY_TYPES

TARGET_TYPES = ("GPE", "ORG", "DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EntitiesBench:
    backend: dict[str, str]  # lang → backend name
    dev_set: str
    docs: int
    chars: int
    seconds: float  # recognition only
    load_seconds: float  # building the recognisers (gazetteer, glossary; stanza models)
    by_type: dict[str, Score] = field(default_factory=dict)
    by_lang: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    target: Score = field(default_factory=Score)  # GPE/ORG/DATE/number types together
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, kind, label, text)


def default_dev_set() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "data" / "entities_dev.jsonl"


def load_dev_set(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError("dev set not found", path=str(path), fix="pass --dev-set FILE.jsonl")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[:err.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 ({err.reason})", path=str(path), line=line,
                         fix="convert the dev set to UTF-8") from None
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            for e in row["entities"]:
                if row["text"][e["start"]:e["end"]] != e["text"]:
                    raise ValueError(f"offsets {e['start']}:{e['end']} do not give {e['text']!r}")
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"bad dev-set row: {err}", path=str(path), line=n,
                             fix="one JSON object per line with text and entities") from err
        rows.append(row)
    if not rows:
        raise InputError("empty dev set (no rows)", path=str(path), line=1,
                         fix="one JSON object per line with text and entities")
    return rows


def run(dev_set: Path | None = None, backend: str | None = None) -> EntitiesBench:
    from bitext.entities import get_recognizer
    path = dev_set or default_dev_set()
    rows = load_dev_set(path)
    by_type = {t: Score() for t in ENTITY_TYPES}
    by_lang: dict[str, Score] = {}
    names: dict[str, str] = {}
    errors = []
    t0 = time.perf_counter()
    recs = {lang: get_recognizer(lang, backend) for lang in sorted({r["lang"] for r in rows})}
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    for row in rows:
        rec = recs[row["lang"]]
        names[row["lang"]] = rec.name
        pred = Counter((e.start, e.end, e.label) for e in rec.recognize(row["text"]))
        gold = Counter((e["start"], e["end"], e["label"]) for e in row["entities"])
        lang_score = by_lang.setdefault(row["lang"], Score())
        for s, e, lab in pred | gold:
            tp = min(pred[(s, e, lab)], gold[(s, e, lab)])
            fp, fn = pred[(s, e, lab)] - tp, gold[(s, e, lab)] - tp
            for sc in (by_type[lab], lang_score):
                sc.tp, sc.fp, sc.fn = sc.tp + tp, sc.fp + fp, sc.fn + fn
            if fp:
                errors.append((row["id"], "FP", lab, row["text"][s:e]))
            if fn:
                errors.append((row["id"], "FN", lab, row["text"][s:e]))
    seconds = time.perf_counter() - t0
    overall, target = Score(), Score()
    for t, sc in by_type.items():
        for agg in (overall, target) if t in TARGET_TYPES else (overall,):
            agg.tp, agg.fp, agg.fn = agg.tp + sc.tp, agg.fp + sc.fp, agg.fn + sc.fn
    return EntitiesBench(names, str(path), len(rows), sum(len(r["text"]) for r in rows),
                         seconds, load, by_type, by_lang, overall, target, errors)


def print_result(res: EntitiesBench, show_errors: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table
    backends = ", ".join(f"{k}: {v}" for k, v in sorted(res.backend.items()))
    table = Table(title=f"entities on {Path(res.dev_set).name} ({res.docs} texts; {backends})")
    for col in ("type", "gold", "pred", "P", "R", "F1"):
        table.add_column(col, justify="left" if col == "type" else "right")

    def row(name: str, sc: Score, style: str | None = None) -> None:
        table.add_row(name, str(sc.tp + sc.fn), str(sc.tp + sc.fp), f"{sc.precision:.3f}",
                      f"{sc.recall:.3f}", f"{sc.f1:.3f}", style=style)
    for t, sc in res.by_type.items():
        if sc.tp + sc.fn + sc.fp:
            row(t, sc)
    table.add_section()
    for lang, sc in sorted(res.by_lang.items()):
        row(f"all ({lang})", sc)
    row("GPE+ORG+DATE+numbers", res.target, "bold")
    row("overall", res.overall, "bold")
    console = Console(soft_wrap=True)
    console.print(table)
    console.print(f"{res.chars} characters in {res.seconds:.2f} s "
                  f"({res.chars / max(res.seconds, 1e-9):,.0f} chars/s); "
                  f"recognisers built in {res.load_seconds:.2f} s")
    if show_errors:
        for doc, kind, label, text in res.errors:
            console.print(f"{kind}  {label:<9} {text!r}  [{doc}]", markup=False)


# ---------------------------------------------------------------- cross-lingual keys on FLORES

@dataclass
class PairingBench:
    """How often the mentions of correct translations pair up (FLORES-200 tr–en).

    Every sentence pair is a correct translation, so an unmatched keyed mention is a false alarm
    a number/entity check would raise; ``alarm_rate`` is the share of pairs with at least one.
    """

    backend: dict[str, str]
    pairs: int
    src_mentions: int
    tgt_mentions: int
    matched: Counter = field(default_factory=Counter)  # method → pairs of mentions
    unmatched_keyed: Counter = field(default_factory=Counter)  # label → unmatched keyed mentions
    alarms: int = 0
    seconds: float = 0.0
    examples: list[tuple[str, str]] = field(default_factory=list)

    @property
    def alarm_rate(self) -> float:
        return self.alarms / self.pairs if self.pairs else 0.0


def run_pairs(root: Path | None = None, backend: str | None = None,
              limit: int | None = None) -> PairingBench:
    """Recognise both sides of FLORES-200 dev+devtest (tur_Latn, eng_Latn) and pair them."""
    from bitext.entities import get_recognizer, match_entities
    base = (root or bench_dir()) / "flores" / "flores200_dataset"
    src, tgt = [], []
    for split in ("dev", "devtest"):
        tr, en = base / split / f"tur_Latn.{split}", base / split / f"eng_Latn.{split}"
        if not tr.is_file() or not en.is_file():
            raise InputError("FLORES-200 files not found", path=str(base / split),
                             fix="set BITEXT_BENCH_DIR to the folder holding flores/")
        src += tr.read_text(encoding="utf-8").splitlines()
        tgt += en.read_text(encoding="utf-8").splitlines()
    pairs = list(zip(src, tgt))[:limit]
    rec_tr, rec_en = get_recognizer("tr", backend), get_recognizer("en", backend)
    res = PairingBench({"tr": rec_tr.name, "en": rec_en.name}, len(pairs), 0, 0)
    t0 = time.perf_counter()
    for s, t in pairs:
        a, b = rec_tr.recognize(s), rec_en.recognize(t)
        res.src_mentions += len(a)
        res.tgt_mentions += len(b)
        m = match_entities(a, b)
        res.matched.update(p.method for p in m.pairs)
        keyed = [e for e in m.unmatched_src + m.unmatched_tgt if e.key]
        res.unmatched_keyed.update(e.label for e in keyed)
        if keyed:
            res.alarms += 1
            if len(res.examples) < 12:
                res.examples.append((", ".join(f"{e.text} ({e.key})" for e in keyed), s[:90]))
    res.seconds = time.perf_counter() - t0
    return res


def print_pairs(res: PairingBench, show_examples: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table
    console = Console(soft_wrap=True)
    table = Table(title=f"cross-lingual pairing on FLORES-200 tr–en ({res.pairs} correct "
                        f"translation pairs; tr: {res.backend['tr']}, en: {res.backend['en']})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("mentions tr / en", f"{res.src_mentions} / {res.tgt_mentions}")
    for method in ("key", "place", "value", "fuzzy"):
        table.add_row(f"pairs by {method}", str(res.matched[method]))
    for label, n in res.unmatched_keyed.most_common():
        table.add_row(f"unmatched keyed {label}", str(n))
    table.add_row("pairs with a false alarm", f"{res.alarms} ({res.alarm_rate:.1%})", style="bold")
    console.print(table)
    console.print(f"{res.pairs} pairs in {res.seconds:.2f} s")
    if show_examples:
        for keyed, text in res.examples:
            console.print(f"{keyed}  |  {text}", markup=False)
