"""Research exports of pulled annotations: per-language BIO (CoNLL-2003 style), JSONL, spaCy.

One annotation per task is exported: a ground-truth one if marked, else the latest. CoNLL files
are one per language (Label Studio's own CONLL2003 export mixes the two texts of a pair); tokens
are split at entity boundaries and before a Turkish apostrophe, so ``Kırım'daki`` becomes
``Kırım B-GPE`` + ``'daki O``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bitext.errors import InputError
from bitext.fileio import atomic_open
from bitext.studio.config import ANNOTATIONS, SIDES
from bitext.turkish import APOSTROPHES

EXPORTS = ANNOTATIONS / "export"
FORMATS = ("conll", "jsonl", "spacy")
_TOKEN = re.compile(rf"[{APOSTROPHES}]\w+|\w+(?:[.,]\d+)*|[^\w\s]")


def tokens(text: str, cuts: set[int] = frozenset()) -> list[tuple[str, int, int]]:
    """Word tokens with offsets; an apostrophe starts a new token; also split at ``cuts``."""
    out = []
    for m in _TOKEN.finditer(text):
        start = m.start()
        for cut in sorted(c for c in cuts if m.start() < c < m.end()):
            out.append((text[start:cut], start, cut))
            start = cut
        out.append((text[start:m.end()], start, m.end()))
    return out


def bio(text: str, spans: list[dict]) -> list[tuple[str, str]]:
    """(token, tag) pairs; overlapping spans: the earlier, then longer, one wins."""
    chosen: list[dict] = []
    for s in sorted(spans, key=lambda s: (s["start"], -(s["end"] - s["start"]))):
        if all(s["start"] >= c["end"] or s["end"] <= c["start"] for c in chosen):
            chosen.append(s)
    cuts = {s["start"] for s in chosen} | {s["end"] for s in chosen}
    out = []
    for tok, start, end in tokens(text, cuts):
        tag = "O"
        for s in chosen:
            if s["start"] <= start and end <= s["end"]:
                tag = ("B-" if start == s["start"] or not _inside(out, s) else "I-") + s["label"]
                break
        out.append((tok, tag))
    return out


def _inside(prev: list[tuple[str, str]], span: dict) -> bool:
    return bool(prev) and prev[-1][1] != "O" and prev[-1][1][2:] == span["label"]


def chosen_annotation(task: dict) -> dict | None:
    anns = task["annotations"]
    if not anns:
        return None
    gold = [a for a in anns if a.get("ground_truth")]
    return max(gold or anns, key=lambda a: a.get("updated_at") or "")


@dataclass(frozen=True)
class ExportResult:
    paths: tuple[Path, ...]
    tasks: int


def export(tasks: list[dict], fmt: str, out_dir: Path = EXPORTS, name: str = "bitext") -> ExportResult:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    rows = [(t, a) for t in tasks if (a := chosen_annotation(t))]
    if fmt == "conll":
        paths = tuple(_conll(rows, side, out_dir / f"{name}.{side}.conll") for side in SIDES)
    elif fmt == "spacy":
        paths = tuple(_spacy(rows, side, out_dir / f"{name}.{side}.spacy.jsonl") for side in SIDES)
    else:
        paths = (_jsonl(rows, out_dir / f"{name}.jsonl"),)
    return ExportResult(paths, len(rows))


def _conll(rows, side: str, path: Path) -> Path:
    """CoNLL-2003 columns (token, POS, chunk, NER); POS/chunk unknown; a -DOCSTART- per document."""
    with atomic_open(path) as fh:
        doc = None
        for task, ann in rows:
            if task["doc"] != doc:
                doc = task["doc"]
                fh.write("-DOCSTART- -X- -X- O\n\n")
            for tok, tag in bio(task[side], ann["entities"][side]):
                fh.write(f"{tok} -X- _ {tag}\n")
            fh.write("\n")
    return path


def _spacy(rows, side: str, path: Path) -> Path:
    """spaCy/Prodigy span JSONL: ``{"text", "spans": [{"start", "end", "label"}], "meta"}``."""
    with atomic_open(path) as fh:
        for task, ann in rows:
            spans = [{"start": s["start"], "end": s["end"], "label": s["label"]}
                     for s in ann["entities"][side]]
            fh.write(json.dumps({"text": task[side], "spans": spans,
                                 "meta": {"key": task["key"], "doc": task["doc"], "lang": side}},
                                ensure_ascii=False) + "\n")
    return path


def _jsonl(rows, path: Path) -> Path:
    """One pair per line: HF ``translation`` texts, stance, issues, comment, entities, annotator."""
    with atomic_open(path) as fh:
        for task, ann in rows:
            fh.write(json.dumps({
                "translation": {"tr": task["tr"], "en": task["en"]}, "key": task["key"],
                "doc": task["doc"], "index": task["index"], "target": task["target"],
                "stance": ann["stance"], "issues": ann["issues"], "comment": ann["comment"],
                "entities": ann["entities"], "annotator": ann["annotator"],
                "n_annotators": len(task["annotations"])}, ensure_ascii=False) + "\n")
    return path
