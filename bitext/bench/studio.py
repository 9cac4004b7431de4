"""`bitext bench studio`: push N pairs with predictions to a real Label Studio and pull them back.

Pairs: WMT newstest 2016-2018 tr-en (line-aligned) from the benchmark data dir. Predictions:
the checker's rule checks and entities (encoder off, to time Label Studio rather than the
encoder). Steps timed: analysis, push (create + import in batches), re-push (all skipped),
reading every task back with its predictions (spans verified), annotating a sample through
the API, and ``bitext studio pull`` of those annotations.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bitext.bench import bench_dir
from bitext.errors import InputError
from bitext.records import PairReport


def load_pairs(n: int) -> list[PairReport]:
    base = bench_dir() / "wmt-newstest"
    pairs: list[PairReport] = []
    for year in (2016, 2017, 2018):
        tr, en = base / f"newstest{year}.tr", base / f"newstest{year}.en"
        if not tr.exists():
            raise InputError("WMT newstest files not found", path=str(tr),
                             fix="set BITEXT_BENCH_DIR to the shared benchmark folder")
        for i, (s, t) in enumerate(zip(tr.read_text(encoding="utf-8").splitlines(),
                                       en.read_text(encoding="utf-8").splitlines())):
            pairs.append(PairReport(src=s, tgt=t, score=0.0, severity="", doc=f"newstest{year}", index=i))
            if len(pairs) == n:
                return pairs
    return pairs


@dataclass(frozen=True)
class StudioBench:
    pairs: int
    server: str  # "started in X s" / "running"
    analyse_s: float
    push_s: float
    created: int
    repush_s: float
    skipped: int
    export_s: float
    exported: int
    spans_checked: int
    annotate_s: float
    annotated: int
    pull_s: float
    pulled: int


def run(n: int = 5000, annotate: int = 100, batch: int = 1000, keep: bool = False) -> StudioBench:
    from bitext.check import CheckConfig
    from bitext.studio import server
    from bitext.studio.pull import pull
    from bitext.studio.tasks import analyse, push

    st = server.up()
    how = f"started in {st.started_in:.1f} s" if st.started_in is not None else "already running"
    client = server.connect()
    pairs = load_pairs(n)
    t = time.perf_counter()
    analysed = []
    for lo in range(0, len(pairs), 500):
        analysed += analyse(pairs[lo:lo + 500], CheckConfig(encoder="none"))
    analyse_s = time.perf_counter() - t
    project = f"bench studio {time.strftime('%Y%m%d-%H%M%S')}"
    first = push(client, analysed, project=project, batch=batch, stance=None)
    again = push(client, analysed, project=project, batch=batch, stance=None)

    t = time.perf_counter()
    tasks = [task.dict() for task in client.tasks.list(project=first.project, fields="all", page_size=1000)]
    spans = 0
    for task in tasks:
        pred = task["predictions"][0]
        for region in (pred["result"] if isinstance(pred, dict) else pred.result):
            v = region["value"]
            if "start" in v:
                assert task["data"][region["to_name"]][v["start"]:v["end"]] == v["text"]
                spans += 1
    export_s = time.perf_counter() - t

    t = time.perf_counter()
    for task in tasks[:annotate]:
        pred = task["predictions"][0]
        result = list(pred["result"] if isinstance(pred, dict) else pred.result)
        result.append({"from_name": "stance", "to_name": "tr", "type": "choices",
                       "value": {"choices": ["NONE"]}})
        client.annotations.create(task["id"], result=result)
    annotate_s = time.perf_counter() - t

    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        got = pull(client, project, out_dir=Path(tmp))
        pull_s = time.perf_counter() - t
    if not keep:
        client.projects.delete(first.project)
    return StudioBench(len(pairs), how, analyse_s, first.seconds, first.created, again.seconds,
                       again.skipped, export_s, len(tasks), spans, annotate_s, min(annotate, len(tasks)),
                       pull_s, got.annotations)


def show(res: StudioBench, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"bitext bench studio: {res.pairs} tr-en pairs (WMT newstest), Label Studio {res.server}")
    for col in ("step", "items", "seconds", "items/s"):
        table.add_column(col, justify="right" if col != "step" else "left")
    rows = [("analyse (checker rules + entities)", res.pairs, res.analyse_s),
            ("push: create project + import with predictions", res.created, res.push_s),
            ("re-push (idempotent, all skipped)", res.skipped, res.repush_s),
            (f"read back all tasks + verify {res.spans_checked} spans", res.exported, res.export_s),
            ("annotate through the API", res.annotated, res.annotate_s),
            ("pull annotations", res.pulled, res.pull_s)]
    for step, items, secs in rows:
        table.add_row(step, str(items), f"{secs:.2f}", f"{items / secs:.0f}" if secs > 0 else "-")
    console.print(table)
