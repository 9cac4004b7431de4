"""``bitext run``: the main job over a folder of documents."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bitext.cli import app


@app.command("run")
def run_cmd(
    paths: list[Path] = typer.Argument(None, help="Documents or folders (default: seeds/)."),
    out: Path = typer.Option(Path("alignments"), "--out", "-o", help="Output folder."),
    encoder: str = typer.Option(None, "--encoder", envvar="BITEXT_ENCODER",
                                help="Sentence encoder: a local model folder or a cached hub name, "
                                     "or 'length' for the Gale–Church baseline (no semantic check)."),
    repair: bool = typer.Option(False, "--repair", help="Repair Turkish code-page damage."),
    check: bool = typer.Option(True, "--check/--no-check", help="Run the translation checks."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave pairs whose bead confidence is under this "
                                              "out of the exported corpus (0..1)."),
) -> None:
    """Read, pair, align, check and export every document; print a summary table."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from bitext.pipeline import collect, run, summary  # imported here: the CLI starts fast

    paths = paths or [Path("seeds")]
    err = Console(stderr=True)
    total = len(collect(paths))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("documents", total=total)

        def step(source) -> None:
            progress.update(task, advance=1, description=source.stem)

        results = run(paths, out, encoder=encoder, repair=repair, check=check, on_document=step,
                      min_confidence=min_confidence)
    table = Table(title=f"bitext run → {out}")
    rows = summary(results)
    for col in ("document", "status", "blocks", "pairs", "shapes", "confidence", "worst", "mqm"):
        table.add_column(col, justify="right" if col in ("pairs", "confidence", "mqm") else "left")
    for row in rows:
        table.add_row(*("-" if row[c] is None else str(row[c]) for c in
                        ("document", "status", "blocks", "pairs", "shapes", "confidence", "worst", "mqm")))
    console = Console(width=160)
    console.print(table)
    for row in rows:
        if row["notes"]:
            console.print(f"note: {row['document']}: {row['notes']}")
    from bitext.entities import backend_for
    from bitext.nlp import get_pipeline
    console.print("backends: sentences " + ", ".join(f"{lang} {get_pipeline(lang).name}" for lang in ("tr", "en"))
                  + "; entities " + ", ".join(f"{lang} {backend_for(lang)}" for lang in ("tr", "en")))
    written = sorted({p for r in results for p in r.outputs})
    console.print(f"wrote {len(written)} files to {out}/")
