"""``bitext check``: score translation pairs and flag likely mistranslations."""
from __future__ import annotations

from pathlib import Path

import typer

from bitext.cli import app, options
from bitext.errors import BitextError

FORMATS = ("table", "jsonl", "html")
LEVELS = ("minor", "major", "critical")


@app.command("check")
def check(
    src: str = typer.Argument(None, help="Source file (one sentence per line) or a source sentence."),
    tgt: str = typer.Argument(None, help="Target file, line-aligned with SRC, or a target sentence."),
    pairs: Path = typer.Option(None, "--pairs", help="TSV: column 1 source, column 2 target, no header."),
    fmt: str = typer.Option("table", "--format", help="table | jsonl | html."),
    fail_on: str = typer.Option(None, "--fail-on", help="Exit 1 if a pair is at or above this "
                                "severity: minor | major | critical."),
    out: Path = typer.Option(None, "--out", help="Write the report here (atomically) instead of stdout."),
    encoder: str = options.encoder("'none': no encoder-based checks"),
    encoder_backend: str = options.encoder_backend(),
    classifier: str = options.classifier(),
    calibration: str = options.calibration(),
    src_lang: str = options.src_lang(),
    tgt_lang: str = options.tgt_lang(),
    glossary: Path = typer.Option(None, "--glossary", help="TSV of source term<TAB>required target term."),
    ref: Path = typer.Option(None, "--ref", help="Reference translations, one line per pair: adds "
                             "sacrebleu BLEU, chrF++ and TER with their signatures."),
    text: bool = typer.Option(False, "--text", help="SRC and TGT are sentences, never file names."),
) -> None:
    """Score each pair 0..1 (higher = more divergent) and list findings with spans."""
    from bitext.encoder import use_backend
    use_backend(encoder_backend)
    from rich.console import Console

    from bitext import report
    from bitext.check import CheckConfig, CheckContext, check_pairs, signature
    from bitext.check.inputs import read_input, read_references, read_tsv
    from bitext.fileio import check_writable, write_text

    if fmt not in FORMATS:
        raise BitextError(f"unknown --format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in LEVELS:
        raise BitextError(f"unknown --fail-on {fail_on!r}", fix=f"use one of {', '.join(LEVELS)}")
    if out is not None:
        check_writable(out)
    terms = tuple(tuple(p) for p in read_tsv(glossary, src_lang=src_lang)) if glossary else ()
    config = CheckConfig(encoder=encoder, classifier=classifier,
                         calibration=calibration).with_check("terminology", glossary=terms)
    items = read_input(src, tgt, pairs, text=text, src_lang=src_lang, tgt_lang=tgt_lang,
                       max_chars=config.max_chars)
    references = read_references(ref, len(items)) if ref is not None else None
    with Console(stderr=True).status(f"checking {len(items)} pairs"):
        context = CheckContext.load(config)
        reports = check_pairs(items, src_lang=src_lang, tgt_lang=tgt_lang, config=config,
                              context=context, references=references)
        sig = signature(config, context)
    if fmt == "jsonl":
        text = report.to_jsonl(reports, sig)
    elif fmt == "html":
        text = report.render_html(reports, title=f"bitext check: {pairs or src}", signature=sig)
    else:
        text = None
    if out is not None:
        if text is None:
            from io import StringIO
            buf = StringIO()
            report.print_table(reports, Console(file=buf, width=160, force_terminal=False))
            text = buf.getvalue()
        write_text(out, text)
    elif text is not None:
        print(text, end="")
    else:
        report.print_table(reports)
    if fail_on and any(report.SEVERITY_RANK[r.severity] >= report.SEVERITY_RANK[fail_on] for r in reports):
        raise typer.Exit(1)

