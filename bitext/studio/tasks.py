"""Push aligned pairs to Label Studio as tasks with predictions (idempotent, batched).

Each pair becomes one task: ``data`` holds the NFC Turkish and English texts, the stance target,
the checker's verdict and a stable ``key`` (a hash of document, Turkish and English text), so a
re-push adds only the pairs the project lacks (and, once a stance model has been learnt, gives
the tasks it has not predicted yet a new prediction from it). Its prediction carries the entity spans of both
sides, the checker's categories as translation-issue suggestions, a stance when a trained model
exists (``bitext studio learn``), the checker's divergence score and a ``model_version`` naming
the backends.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bitext import __version__
from bitext.errors import InputError, StudioError
from bitext.records import Entity, Finding, PairReport, from_dict
from bitext.studio.config import (DEFAULT_TARGET, ENTITY_TYPES, ISSUES, SIDES, guidelines_html,
                                  load_config, validate_prediction)
from bitext.turkish import nfc

DEFAULT_PROJECT = "bitext tr-en"
BATCH = 500
UNCHECKED = ""  # severity of a pair the checker has not seen yet


# ---------------------------------------------------------------- reading pairs

def read_pairs(path: str | Path) -> Iterator[PairReport]:
    """Pairs from ``bitext run``'s output folder (its ``checks/`` too), the checker's ``.check.jsonl``, or a corpus
    file ``bitext.formats`` reads (HF JSONL, TMX, TSV). A folder prefers each document's
    ``.check.jsonl`` (it carries the findings and entities) over its plain ``.jsonl``."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl")) + sorted(path.glob("checks/*.check.jsonl"))
        checked = {f.name[: -len(".check.jsonl")] for f in files if f.name.endswith(".check.jsonl")}
        chosen = [f for f in files if f.name.endswith(".check.jsonl") or f.stem not in checked]
        if not chosen:
            raise InputError("no .jsonl pairs in this folder", path=str(path),
                             fix="run `bitext run` first, or name a TMX/JSONL file")
        for f in chosen:
            yield from read_pairs(f)
    elif path.name.endswith(".check.jsonl"):
        yield from _read_checked(path)
    else:
        yield from _read_corpus(path)


def _read_checked(path: Path) -> Iterator[PairReport]:
    from bitext.corpus import json_lines
    from bitext.fileio import read_bytes
    doc = path.name.split(".")[0]
    fix = "regenerate it with `bitext run`"
    for n, row in json_lines(read_bytes(path), str(path), fix):
        try:
            if not isinstance(row, dict):
                raise TypeError(f"a JSON {type(row).__name__}, not an object")
            rec = from_dict(PairReport, row)
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as err:
            raise InputError(f"not a checker record: {str(err)[:80]}", path=str(path), line=n,
                             fix=fix) from None
        if not isinstance(rec.src, str) or not isinstance(rec.tgt, str) or \
                not isinstance(rec.doc, str) or not isinstance(rec.index, int):
            raise InputError("a pair lacks its src or tgt text", path=str(path), line=n, fix=fix)
        yield replace(rec, doc=rec.doc or doc, index=rec.index if "index" in row else n - 1)


def _read_corpus(path: Path) -> Iterator[PairReport]:
    from bitext.formats import read
    for i, row in enumerate(read(path)):
        tr, en = (row.tgt, row.src) if row.src_lang.startswith("en") else (row.src, row.tgt)
        yield PairReport(src=tr, tgt=en, score=0.0, severity=UNCHECKED,
                         doc=row.doc or path.name.split(".")[0], index=i)


# ---------------------------------------------------------------- predictions

def task_key(rec: PairReport) -> str:
    """Stable across re-runs: the document and both NFC texts."""
    raw = "\x1f".join((rec.doc, nfc(rec.src).strip(), nfc(rec.tgt).strip()))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def analyse(recs: list[PairReport], check_config=None) -> list[PairReport]:
    """NFC texts; run the checker (batched; without it, the recognizer) on pairs not checked yet,
    and the recognizer on checked pairs that come without entities (a checker JSONL record).
    A pair whose text NFC changed is checked again (its offsets referred to the old text)."""
    out = []
    for rec in recs:
        src, tgt = nfc(rec.src).strip(), nfc(rec.tgt).strip()
        if (src, tgt) != (rec.src, rec.tgt):
            rec = replace(rec, src=src, tgt=tgt, severity=UNCHECKED, findings=(), src_entities=(),
                          tgt_entities=())
        elif rec.severity != UNCHECKED and not rec.src_entities and not rec.tgt_entities:
            rec = _recognized(rec)
        out.append(rec)
    todo = [k for k, rec in enumerate(out) if rec.severity == UNCHECKED]
    if not todo:
        return out
    try:
        from bitext.check import check_pairs
    except ImportError:
        for k in todo:
            out[k] = _recognized(out[k])
        return out
    checked = check_pairs([(out[k].src, out[k].tgt) for k in todo], config=check_config, document=False)
    for k, rep in zip(todo, checked):
        out[k] = replace(rep, doc=out[k].doc, index=out[k].index)
    return out


def _recognized(rec: PairReport) -> PairReport:
    try:
        from bitext.entities import recognize
    except ImportError:
        return rec
    return replace(rec, src_entities=tuple(recognize(rec.src, "tr")),
                   tgt_entities=tuple(recognize(rec.tgt, "en")))


def load_gazetteer() -> dict[str, dict[str, str]]:
    """Entity names annotators marked (``bitext studio learn``), per language."""
    from bitext.studio.learn import gazetteer_path
    path = gazetteer_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def apply_gazetteer(rec: PairReport, gaz: dict[str, dict[str, str]]) -> PairReport:
    """Add annotated names found again as whole words (a Turkish apostrophe suffix may follow)
    where the recognizer found nothing overlapping."""
    sides = {}
    for side, text, ents in (("tr", rec.src, rec.src_entities), ("en", rec.tgt, rec.tgt_entities)):
        found = list(ents)
        for name, label in gaz.get(side, {}).items():
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                if all(m.end() <= e.start or m.start() >= e.end for e in found):
                    found.append(Entity(text=name, label=label, start=m.start(), end=m.end(),
                                        source="gazetteer"))
        sides[side] = tuple(sorted(found, key=lambda e: (e.start, e.end)))
    return replace(rec, src_entities=sides["tr"], tgt_entities=sides["en"])


def _entity_regions(entities: Iterable[Entity], side: str) -> list[dict]:
    return [{"id": f"{side}{i}", "from_name": SIDES[side], "to_name": side, "type": "labels",
             "value": {"start": e.start, "end": e.end, "text": e.text, "labels": [e.label]}}
            for i, e in enumerate(entities) if e.label in ENTITY_TYPES]


def _issue_categories(findings: Iterable[Finding]) -> list[str]:
    found = {f.category for f in findings}
    return [c for c in ISSUES if c in found]


def _summary(findings: tuple[Finding, ...], limit: int = 3) -> str:
    if not findings:
        return "no findings"
    text = "; ".join(f"{f.category} {f.severity}: {f.message}" for f in findings[:limit])
    return text + (f"; +{len(findings) - limit} more" if len(findings) > limit else "")


def build_task(rec: PairReport, *, target: str, stance=None) -> dict:
    """One Label Studio task (data + one prediction) for an analysed, NFC pair."""
    sources = sorted({e.source for e in rec.src_entities + rec.tgt_entities if e.source})
    data = {"key": task_key(rec), "doc": rec.doc, "index": rec.index, "tr": rec.src,
            "en": rec.tgt, "target": target, "severity": rec.severity,
            "score": round(float(rec.score), 4), "checker": _summary(rec.findings)}
    result = _entity_regions(rec.src_entities, "tr") + _entity_regions(rec.tgt_entities, "en")
    issues = _issue_categories(rec.findings)
    if issues:
        result.append({"id": "issues", "from_name": "issues", "to_name": "en", "type": "choices",
                       "value": {"choices": issues}})
    version = f"bitext-{__version__} entities={'+'.join(sources) or 'none'} check=bitext.check"
    if stance is not None:
        label, _prob = stance.predict(rec.src, rec.tgt)
        result.append({"id": "stance", "from_name": "stance", "to_name": "tr", "type": "choices",
                       "value": {"choices": [label]}})
        version += f" stance={stance.name}"
    score = min(1.0, max(0.0, float(rec.score)))
    return {"data": data,
            "predictions": [{"model_version": version, "score": score, "result": result}]}


# ---------------------------------------------------------------- project

def ensure_project(client, title: str = DEFAULT_PROJECT) -> tuple[int, str]:
    """Create the project, or bring an existing one's config and instructions up to date."""
    from label_studio_sdk.core.api_error import ApiError
    xml, instructions = load_config(), guidelines_html()
    found = [p for p in client.projects.list(title=title, page_size=100) if p.title == title]
    try:
        if found:
            project = found[0]
            if project.label_config != xml or project.expert_instruction != instructions:
                client.projects.update(project.id, label_config=xml, expert_instruction=instructions,
                                       show_instruction=True)
            return project.id, xml
        project = client.projects.create(
            title=title, label_config=xml, expert_instruction=instructions, show_instruction=True,
            description="Turkish–English pairs from bitext: entities, stance, translation issues",
            show_collab_predictions=True, maximum_annotations=3)
    except ApiError as err:
        raise StudioError(f"Label Studio refused project {title!r}: {err.body}",
                          fix="a config change may remove labels already used in annotations") from None
    return project.id, xml


def existing_keys(client, project_id: int) -> dict[str, int]:
    """Task key → task id of the project's tasks."""
    keys: dict[str, int] = {}
    for task in client.tasks.list(project=project_id, fields="task_only", include="id,data",
                                  page_size=5000):
        key = (task.data or {}).get("key")
        if key:
            keys[key] = task.id
    return keys


def _stance_predicted(client, project_id: int, model_name: str) -> set[int]:
    """Ids of the tasks that already have a prediction from stance model ``model_name``."""
    mark = f"stance={model_name}"
    return {p.task for p in client.predictions.list(project=project_id)
            if mark in (p.model_version or "").split()}


def _refused(err, what: str, fix: str) -> StudioError:
    return StudioError(f"Label Studio refused {what} (HTTP {err.status_code}): {str(err.body)[:300]}",
                       fix=fix)


@dataclass(frozen=True)
class PushResult:
    project: int
    created: int
    skipped: int  # already in the project (same key)
    seconds: float
    model_version: str = ""
    updated: int = 0  # of the skipped: given a new prediction (a stance model learnt since)


def push(client, pairs: Iterable[PairReport], *, project: str = DEFAULT_PROJECT,
         target: str = DEFAULT_TARGET, batch: int = BATCH, stance="auto",
         check_config=None, on_batch: Callable[[int, int], None] | None = None,
         progress: bool = True) -> PushResult:
    """Analyse, validate and import ``pairs`` in batches; pairs whose key exists are skipped,
    except that with a stance model, tasks without a prediction from it get one added.

    A batch is validated completely before it is sent and each import is one request, so an
    interrupted push leaves whole batches behind and re-running it completes the rest. A
    project this push created is deleted again when the push fails before any task is in it.
    """
    from bitext.studio.learn import load_stance_model

    t0 = time.perf_counter()
    records = list(pairs)  # bad input is refused before the server is touched
    if not records:
        raise InputError("no pairs to push", fix="give bitext run's folder, a .jsonl or a .tmx with pairs")
    model = load_stance_model() if stance == "auto" else stance
    gaz = load_gazetteer()
    existed = any(p.title == project for p in client.projects.list(title=project, page_size=100))
    project_id, xml = ensure_project(client, project)
    try:
        return _push(client, records, project_id, xml, model, gaz, t0, target=target, batch=batch,
                     check_config=check_config, on_batch=on_batch, progress=progress)
    except BaseException:
        if not existed:  # refused: no empty project left behind
            with contextlib.suppress(Exception):
                if not existing_keys(client, project_id):
                    client.projects.delete(project_id)
        raise


def _push(client, records: list[PairReport], project_id: int, xml: str, model, gaz, t0: float, *,
          target: str, batch: int, check_config, on_batch, progress: bool) -> PushResult:
    from label_studio_sdk.core.api_error import ApiError
    from rich.console import Console
    from rich.progress import Progress
    have = existing_keys(client, project_id)
    refresh = set(have.values()) - _stance_predicted(client, project_id, model.name) \
        if model is not None and have else set()
    created = skipped = updated = 0
    version = ""

    def wanted(key: str) -> bool:  # not in the project yet, or waiting for the stance model
        return key not in have or have[key] in refresh

    with Progress(console=Console(stderr=True), transient=True, disable=not progress) as bar:
        job = bar.add_task("push", total=len(records))
        for lo in range(0, len(records), batch):
            chunk = records[lo:lo + batch]
            new = [rec for rec in chunk if wanted(task_key(rec))]
            skipped += len(chunk) - len(new)
            tasks, predictions = [], []
            for rec in analyse(new, check_config):
                key = task_key(rec)
                if not wanted(key):  # the same pair twice in the input
                    skipped += 1
                    continue
                task = build_task(apply_gazetteer(rec, gaz), target=target, stance=model)
                validate_prediction(xml, task["predictions"][0], task["data"],
                                    f"{rec.doc or 'input'} pair {rec.index}")
                if key in have:
                    skipped += 1
                    refresh.discard(have[key])
                    predictions.append((have[key], task["predictions"][0]))
                    continue
                have[key] = -1  # created by this push; its id is not needed
                tasks.append(task)
            for task_id, pred in predictions:
                try:
                    client.predictions.create(task=task_id, **pred)
                except ApiError as err:
                    raise _refused(err, f"a prediction for task {task_id}",
                                   "re-run the push; tasks already given one are skipped") from None
                updated += 1
                version = pred["model_version"]
            if tasks:
                version = tasks[-1]["predictions"][0]["model_version"]
                try:
                    client.projects.import_tasks(project_id, request=tasks)
                except ApiError as err:
                    raise _refused(err, f"a batch of {len(tasks)} tasks",
                                   "re-run the push; pairs already sent are skipped") from None
                created += len(tasks)
            bar.update(job, advance=min(batch, len(records) - lo))
            if on_batch:
                on_batch(created, skipped)
    return PushResult(project_id, created, skipped, time.perf_counter() - t0, version, updated)
