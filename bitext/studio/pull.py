"""Pull annotations from Label Studio into ``annotations/pulled/`` as a new, versioned file.

A pull never overwrites an earlier one: each is ``<project>_<UTC time>.jsonl``; a pull whose
content equals the latest file writes nothing. One line per annotated task, annotations
normalised (annotator, stance, issues, comment, entity spans per language).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from bitext.errors import InputError, StudioError
from bitext.fileio import write_text
from bitext.studio.config import ANNOTATIONS, SIDES
from bitext.studio.tasks import DEFAULT_PROJECT

PULLED = ANNOTATIONS / "pulled"


def normalise_annotation(ann: dict, users: dict[int, str]) -> dict:
    """An exported Label Studio annotation as bitext's plain record."""
    by = ann.get("completed_by")
    uid = by.get("id") if isinstance(by, dict) else by
    out = {"id": ann.get("id"), "annotator": users.get(uid, f"user{uid}"), "annotator_id": uid,
           "updated_at": ann.get("updated_at") or ann.get("created_at"),
           "ground_truth": bool(ann.get("ground_truth")), "stance": None, "issues": [],
           "comment": "", "entities": {side: [] for side in SIDES}}
    side_of = {name: side for side, name in SIDES.items()}
    for region in ann.get("result") or []:
        name, value = region.get("from_name"), region.get("value") or {}
        if name in side_of:
            for label in value.get("labels", []):
                out["entities"][side_of[name]].append(
                    {"start": value["start"], "end": value["end"], "label": label,
                     "text": value.get("text", "")})
        elif name == "stance" and value.get("choices"):
            out["stance"] = value["choices"][0]
        elif name == "issues":
            out["issues"] = sorted(value.get("choices", []))
        elif name == "comment":
            out["comment"] = "\n".join(value.get("text", []))
    for side in SIDES:
        out["entities"][side].sort(key=lambda e: (e["start"], e["end"], e["label"]))
    return out


def normalise_task(task: dict, users: dict[int, str]) -> dict:
    data = task.get("data") or {}
    anns = [normalise_annotation(a, users) for a in task.get("annotations") or []
            if not a.get("was_cancelled")]
    return {"key": data.get("key"), "task_id": task.get("id"), "doc": data.get("doc", ""),
            "index": data.get("index", 0), "tr": data.get("tr", ""), "en": data.get("en", ""),
            "target": data.get("target", ""), "annotations": anns}


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "project"


@dataclass(frozen=True)
class PullResult:
    path: Path | None  # the file written, or the latest one when nothing changed
    tasks: int
    annotations: int
    unchanged: bool


def pull(client, project: str = DEFAULT_PROJECT, out_dir: Path = PULLED) -> PullResult:
    """Export the project's annotated tasks and save them as a new version."""
    found = [p for p in client.projects.list(title=project, page_size=100) if p.title == project]
    if not found:
        raise StudioError(f"no project {project!r} on this server", fix="run `bitext studio push` first")
    users = {u.id: u.email or u.username for u in client.users.list()}
    raw = b"".join(client.projects.exports.download_sync(found[0].id, export_type="JSON"))
    tasks = [normalise_task(t, users) for t in json.loads(raw)]
    tasks = sorted((t for t in tasks if t["annotations"]), key=lambda t: (t["doc"], t["index"], t["key"] or ""))
    text = "".join(json.dumps(t, ensure_ascii=False, sort_keys=True) + "\n" for t in tasks)
    n_ann = sum(len(t["annotations"]) for t in tasks)
    prefix = _slug(project)
    earlier = versions(out_dir, prefix)
    if earlier and _digest(earlier[-1].read_text(encoding="utf-8")) == _digest(text):
        return PullResult(earlier[-1], len(tasks), n_ann, unchanged=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path, n = out_dir / f"{prefix}_{stamp}.jsonl", 1
    while path.exists():
        n += 1
        path = out_dir / f"{prefix}_{stamp}-{n}.jsonl"
    write_text(path, text)
    return PullResult(path, len(tasks), n_ann, unchanged=False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def versions(out_dir: Path = PULLED, prefix: str = "") -> list[Path]:
    """Pulled files, oldest first."""
    return sorted(out_dir.glob(f"{prefix}*.jsonl")) if out_dir.is_dir() else []


def load_pulled(path: Path | None = None) -> list[dict]:
    """Tasks of a pulled file (default: the latest pull)."""
    if path is None:
        found = versions()
        if not found:
            raise InputError("no pulled annotations", path=str(PULLED), fix="run `bitext studio pull`")
        path = found[-1]
    tasks = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    tasks.append(json.loads(line))
                except ValueError:
                    raise InputError("not JSON", path=str(path), line=n,
                                     fix="pull again with `bitext studio pull`") from None
    return tasks
