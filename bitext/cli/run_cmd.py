"""``bitext run``: the main job over a folder of documents."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.markup import escape
from rich.text import Text

from bitext.cli import app, options
from bitext.errors import InputError

COLUMNS = ("document", "reader", "status", "blocks", "pairs", "shapes", "confidence", "worst", "mqm")
SEEDS = Path("seeds")


@app.command("run")
def run_cmd(
    paths: list[Path] = typer.Argument(None, help="Documents or folders (default: seeds/, when "
                                                  "the current folder has one)."),
    out: Path = typer.Option(Path("alignments"), "--out", "-o", help="Output folder."),
    encoder: str = options.encoder("'length': the Gale–Church baseline (no semantic check)"),
    encoder_backend: str = options.encoder_backend(),
    repair: bool = typer.Option(False, "--repair", help="Repair Turkish code-page damage."),
    check: bool = typer.Option(True, "--check/--no-check", help="Run the translation checks."),
    as_json: bool = typer.Option(False, "--json", help="Print a machine-readable summary (JSON) "
                                                       "on stdout instead of the table."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave pairs whose bead confidence is under this "
                                              "out of the exported corpus (0..1)."),
) -> None:
    """Read, pair, align, check and export every document; print a summary table (stdout).

    Progress goes to stderr: a bar on a terminal, else one line per finished document.
    """
    from bitext.encoder import use_backend
    use_backend(encoder_backend)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from bitext.pipeline import collect, run, summary  # imported here: the CLI starts fast

    if not paths:
        if not SEEDS.is_dir():
            raise InputError("no documents given, and no seeds/ folder here", path=str(Path.cwd()),
                             fix="name the documents or folders to read: bitext run DOCS... --out DIR")
        paths = [SEEDS]
    err = Console(stderr=True)
    total = len(collect(paths))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("documents", total=total)

        def started(source) -> None:
            progress.update(task, description=escape(source.stem))

        def finished(result) -> None:
            progress.advance(task)
            if not err.is_terminal:
                pairs = sum(len(a.beads) for a in result.alignments)
                print(f"bitext run: {int(progress.tasks[0].completed)}/{total} {result.source.stem}: "
                      f"{result.status}, {pairs} pairs", file=err.file, flush=True)

        results = run(paths, out, encoder=encoder, repair=repair, check=check,
                      on_document=started, on_result=finished, min_confidence=min_confidence)
    rows = summary(results)
    written = sorted({p for r in results for p in r.outputs})
    from bitext.entities import backend_for
    from bitext.nlp import get_pipeline
    backends = {"sentences": {lang: get_pipeline(lang).name for lang in ("tr", "en")},
                "entities": {lang: backend_for(lang) for lang in ("tr", "en")}}
    if as_json:
        from bitext import __version__
        rows = [{k: None if v == "-" else v for k, v in row.items()} for row in rows]
        print(json.dumps({"bitext": __version__, "out": str(out), "documents": rows,
                          "pairs": sum(r["pairs"] for r in rows), "backends": backends,
                          "files": [str(p) for p in written]}, ensure_ascii=False, indent=1))
        return
    table = Table(title=Text(f"bitext run → {out}"))  # names are text, never rich markup
    for col in COLUMNS:
        table.add_column(col, justify="right" if col in ("pairs", "confidence", "mqm") else "left")
    for row in rows:
        table.add_row(*(Text("-" if row[c] is None else str(row[c])) for c in COLUMNS))
    Console(width=160).print(table)
    notes = Console(stderr=True, width=160, soft_wrap=True)
    for row in rows:
        for note in row["notes"]:
            notes.print(f"note: {row['document']}: {note}", markup=False, highlight=False)
    notes.print("backends: sentences " + ", ".join(f"{k} {v}" for k, v in backends["sentences"].items())
                + "; entities " + ", ".join(f"{k} {v}" for k, v in backends["entities"].items()),
                markup=False)
    notes.print(f"wrote {len(written)} files to {out}/", markup=False)
