"""`bitext studio ...`: a local Label Studio, push/pull, exports, agreement, learning."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from bitext.cli import app

studio = typer.Typer(help="Annotate pairs in Label Studio: server, push, pull, export, agreement, learn.",
                     no_args_is_help=True)
app.add_typer(studio, name="studio")
out = Console(soft_wrap=True)
err = Console(stderr=True)

ProjectOpt = typer.Option("bitext tr-en", "--project", help="Label Studio project title.")
PulledOpt = typer.Option(None, "--annotations", help="A pulled file (default: the latest pull).")


@studio.command()
def up() -> None:
    """Start a local Label Studio on 127.0.0.1 (or reuse the running one)."""
    from bitext.studio.server import ADMIN_EMAIL, studio_dir, up as start
    st = start()
    how = f"started in {st.started_in:.1f} s" if st.started_in is not None else "already running"
    out.print(f"Label Studio {how}: {st.url} (pid {st.pid})")
    out.print(f"login {ADMIN_EMAIL}; password and API token: files 'password' and 'token' (0600) "
              f"in {studio_dir()}", soft_wrap=True)


@studio.command()
def status() -> None:
    """Show the server bitext talks to; exit 1 when none answers."""
    from bitext.studio.server import status as current
    st = current()
    if st is None:
        out.print("no Label Studio server (run `bitext studio up`)")
        raise typer.Exit(1)
    where = f"pid {st.pid}" if st.pid else "external (LABEL_STUDIO_URL)"
    out.print(f"{st.url} {where}: {'UP' if st.healthy else 'NOT ANSWERING'}")
    raise typer.Exit(0 if st.healthy else 1)


@studio.command()
def down() -> None:
    """Stop the local server."""
    from bitext.studio.server import down as stop
    out.print("stopped" if stop() else "no local server was running")


@studio.command()
def push(input: Path = typer.Argument(Path("alignments"), help="bitext run's folder, a .jsonl or a .tmx"),
         project: str = ProjectOpt,
         target: Optional[str] = typer.Option(None, help="Stance target (default: the seeds' target)."),
         batch: int = typer.Option(500, min=1, help="Tasks per import request."),
         semantic: bool = typer.Option(True, help="Run the checker's encoder-based checks on "
                                       "pairs not checked yet (--no-semantic: rule checks only).")) -> None:
    """Import pairs as tasks with predictions; pairs already in the project are skipped (once
    a stance model is learnt, they get its prediction)."""
    from bitext.studio.config import DEFAULT_TARGET
    from bitext.studio.server import connect
    from bitext.studio.tasks import push as send, read_pairs
    check_config = None
    if not semantic:
        from bitext.check import CheckConfig
        check_config = CheckConfig(encoder="none")
    res = send(connect(), read_pairs(input), project=project, target=target or DEFAULT_TARGET,
               batch=batch, check_config=check_config)
    updated = f", {res.updated} of them given a new stance prediction" if res.updated else ""
    out.print(f"project {res.project}: {res.created} tasks created, {res.skipped} already there"
              f"{updated} ({res.seconds:.1f} s; {res.model_version or 'no new predictions'})")


@studio.command()
def pull(project: str = ProjectOpt,
         out_dir: Optional[Path] = typer.Option(None, "--out", help="Default: annotations/pulled/")) -> None:
    """Save the project's annotations into annotations/pulled/ as a new version."""
    from bitext.studio.pull import PULLED, pull as fetch
    from bitext.studio.server import connect
    res = fetch(connect(), project, out_dir or PULLED)
    state = "unchanged since" if res.unchanged else "written to"
    out.print(f"{res.annotations} annotations on {res.tasks} tasks, {state} {res.path}")


@studio.command()
def export(format: str = typer.Option("conll", "--format", help="conll | jsonl | spacy"),
           annotations: Optional[Path] = PulledOpt,
           out_dir: Optional[Path] = typer.Option(None, "--out", help="Default: annotations/export/")) -> None:
    """Write per-language BIO (CoNLL-2003), JSONL with stance and issues, or spaCy span JSONL."""
    from bitext.studio.export import EXPORTS, export as write
    from bitext.studio.pull import load_pulled
    res = write(load_pulled(annotations), format, out_dir or EXPORTS)
    for path in res.paths:
        out.print(f"{path} ({res.tasks} pairs)")


def _fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3f}"


@studio.command()
def agreement(annotations: Optional[Path] = PulledOpt,
              as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON.")) -> None:
    """Agreement between annotators and the disagreements to adjudicate."""
    from bitext.studio.agreement import agreement as measure
    from bitext.studio.pull import load_pulled
    ag = measure(load_pulled(annotations))
    if as_json:
        data = {"annotators": ag.annotators, "tasks": ag.tasks, "measure": ag.measure,
                "stance": ag.stance, "issues": ag.issues, "issues_by_category": ag.issues_by_category,
                "spans": {k: {"exact_f1": v.f1("exact"), "overlap_f1": v.f1("overlap"),
                              "n": [v.n_a, v.n_b]} for k, v in ag.spans.items()},
                "disagreements": ag.disagreements}
        out.print_json(json.dumps(data, ensure_ascii=False, default=str))
        return
    out.print(f"{len(ag.annotators)} annotators ({', '.join(ag.annotators)}), {ag.tasks} tasks "
              f"annotated by two or more; {ag.measure}:")
    out.print(f"  stance              {_fmt(ag.stance)}")
    out.print(f"  translation issues  {_fmt(ag.issues)}  (pooled yes/no per category; "
              + ", ".join(f"{c} {_fmt(v)}" for c, v in ag.issues_by_category.items() if not math.isnan(v))
              + ")")
    table = Table(title="Entity spans, F1 between annotators")
    for col in ("side:type", "spans (a/b)", "exact F1", "overlap F1"):
        table.add_column(col)
    for key in sorted(ag.spans, key=lambda k: (k == "all", k)):
        sc = ag.spans[key]
        table.add_row(key, f"{sc.n_a}/{sc.n_b}", _fmt(sc.f1("exact")), _fmt(sc.f1("overlap")))
    out.print(table)
    out.print(f"{len(ag.disagreements)} tasks to adjudicate:")
    for d in ag.disagreements:
        what = "; ".join(f"{k}: " + " vs ".join(f"{n}={v}" for n, v in who.items())
                         for k, who in d["differs"].items())
        out.print(f"  task {d['task_id']} ({d['doc']} #{d['index']}): {what}", markup=False)


@studio.command()
def learn(annotations: Optional[Path] = PulledOpt) -> None:
    """Train the stance classifier (and entity gazetteer) the next push predicts with."""
    from bitext.studio.learn import learn as fit
    from bitext.studio.pull import load_pulled
    res = fit(load_pulled(annotations))
    out.print(f"stance model {res.model} on {res.n} tasks {res.counts}, {res.folds}-fold CV: "
              f"accuracy {res.accuracy:.3f}, macro-F1 {res.macro_f1:.3f} "
              f"(majority baseline {res.baseline_accuracy:.3f} / {res.baseline_macro_f1:.3f})")
    for note in res.notes:
        out.print(f"  note: {note}")
    out.print(f"saved {res.path}; gazetteer of {res.gazetteer} names; the next push predicts stance")
