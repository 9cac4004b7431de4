"""``bitext entities FILE``: the entities of a text file, as a table, JSONL or CoNLL (BIO)."""
from __future__ import annotations

from pathlib import Path

import typer

from bitext.cli import app

FORMATS = ("table", "jsonl", "conll")


@app.command("entities")
def entities(
    file: Path = typer.Argument(..., help="A UTF-8 text file ('-' for stdin)."),
    lang: str = typer.Option("tr", "--lang", help="Language of the text: tr | en."),
    fmt: str = typer.Option("table", "--format", help="table | jsonl | conll"),
    backend: str = typer.Option(None, "--backend", help="offline | stanza (default: stanza "
                                "when its models are on disk, else offline)."),
    match: Path = typer.Option(None, "--match", help="A translation of FILE: print how the "
                               "entities of both pair up (by key, then fuzzy) instead."),
    match_lang: str = typer.Option("en", "--match-lang", help="Language of the --match file."),
) -> None:
    """Named entities, numbers and dates with their cross-lingual keys."""
    from bitext.entities import report
    from bitext.errors import BitextError
    if fmt not in FORMATS:
        raise BitextError(f"unknown --format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    text = _read(file, lang)
    ents, name = report.run(text, lang, backend)
    if match is not None:
        other, other_name = report.run(_read(match, match_lang), match_lang, backend)
        report.print_match(ents, other, f"{file} ({lang}, {name}) ↔ {match} ({match_lang}, "
                           f"{other_name})", as_jsonl=fmt == "jsonl")
    elif fmt == "table":
        report.print_table(ents, name, str(file))
    elif fmt == "jsonl":
        typer.echo(report.to_jsonl(ents), nl=False)
    else:
        typer.echo(report.to_conll(text, ents, lang), nl=False)


def _read(path: Path, lang: str) -> str:
    """The text of ``path``; what decoding did (e.g. cp1254) is noted on stderr."""
    from bitext.entities import report
    text, notes = report.read_text(path, lang)
    for note in notes:
        typer.echo(f"bitext: note: {path}: {note}", err=True)
    return text
