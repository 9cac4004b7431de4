"""``bitext align`` (two documents → beads) and ``bitext export`` (corpus format conversion)."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from bitext import formats
from bitext.cli import app, options
from bitext.errors import InputError

OUT_FORMATS = ("vecalign", *formats.FORMATS, "html")
MIN_CONFIDENCE_HELP = "Leave out pairs whose bead confidence is under this (0..1)."


@app.command("align")
def align_cmd(
    src: Path = typer.Argument(..., help="Source document (Turkish by default)."),
    tgt: Path = typer.Argument(..., help="Target document (English by default)."),
    src_lang: str = options.src_lang(),
    tgt_lang: str = options.tgt_lang(),
    presegmented: bool = typer.Option(False, "--presegmented",
                                      help="One sentence per line; indices are line numbers."),
    fmt: str = typer.Option("vecalign", "--format", "-f", help="|".join(OUT_FORMATS) +
                            " (html: the alignment picture)."),
    encoder: str = options.encoder("'length': the Gale–Church baseline"),
    encoder_backend: str = options.encoder_backend(),
    max_bead: int = typer.Option(4, "--max-bead", min=1, help="Largest side of an n-m bead "
                                 "(a bead holds at most max(4, max-bead + 1) sentences)."),
    include_null: bool = typer.Option(False, "--include-null",
                                      help="Keep 1-0/0-1 beads in corpus formats."),
    out: Path = typer.Option(None, "--out", "-o", help="Output file (Moses: prefix); "
                                                       "default stdout (not for moses)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help=MIN_CONFIDENCE_HELP),
) -> None:
    """Align two documents sentence by sentence; one bead per line with its confidence."""
    from bitext.encoder import use_backend
    use_backend(encoder_backend)
    from bitext.aligner import AlignStats, align_files
    if fmt not in OUT_FORMATS:
        raise InputError(f"unknown --format {fmt!r}", fix=f"use one of {', '.join(OUT_FORMATS)}")
    if fmt == "moses" and out is None:
        raise InputError("--format moses writes two files", fix="add --out PREFIX")
    if out is not None:
        _check_out(out, fmt)
    stats, notes = AlignStats(), []
    alignment = align_files(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang,
                            presegmented=presegmented, encoder=encoder, max_bead=max_bead,
                            stats=stats, notes=notes)
    for note in notes:
        print(f"bitext: note: {note}", file=sys.stderr)
    from bitext.nlp import get_pipeline
    splitter = "presegmented" if presegmented else \
        "/".join(sorted({get_pipeline(src_lang).name, get_pipeline(tgt_lang).name})) + " splitter"
    print(f"{len(alignment.src)}+{len(alignment.tgt)} sentences ({splitter}), {len(alignment.beads)} beads, "
          f"encoder calls/sentence {stats.encoded / max(1, stats.sentences):.2f}, "
          f"encode {stats.encode_seconds:.1f}s, search {stats.search_seconds:.2f}s "
          f"[{alignment.signature}]", file=sys.stderr)
    if fmt == "vecalign":
        text = formats.vecalign_text([b for b in alignment.beads if b.score >= min_confidence])
    elif fmt == "html":
        from bitext.picture import render_page
        text = render_page([alignment], title=f"bitext align: {src.name} ↔ {tgt.name}")
    elif out is None:
        rows = formats.aligned_pairs([alignment], include_null=include_null,
                                     min_confidence=min_confidence)
        text = formats.REGISTRY[fmt].text(rows)
    else:
        written = formats.write(out, fmt, [alignment], include_null=include_null,
                                min_confidence=min_confidence)
        print(f"wrote {', '.join(map(str, written))}", file=sys.stderr)
        return
    if out is None:
        sys.stdout.write(text)
    else:
        from bitext.fileio import write_text
        write_text(out, text)
        print(f"wrote {out}", file=sys.stderr)


@app.command("export")
def export_cmd(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="A .tmx, .tsv or .jsonl corpus."),
    fmt: str = typer.Option(..., "--format", "-f", help="|".join(formats.FORMATS) + "."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file (Moses: prefix)."),
    from_fmt: str = typer.Option(None, "--from", help="Input format (default: file extension)."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help=MIN_CONFIDENCE_HELP),
) -> None:
    """Convert an aligned corpus between TMX, Moses, TSV and JSONL."""
    if fmt not in formats.FORMATS:
        raise InputError(f"unknown --format {fmt!r}", fix=f"use one of {', '.join(formats.FORMATS)}")
    from bitext import corpus
    _check_out(out, fmt)
    read = corpus.read(input_path, from_fmt)
    if fmt in ("moses", "jsonl"):
        read.two_languages(fmt)
    written = formats.write(out, fmt, read.rows, include_null=True, min_confidence=min_confidence)
    print(f"{len(read.rows)} pairs → {', '.join(map(str, written))}", file=sys.stderr)


def _check_out(out: Path, fmt: str) -> None:
    """Fail before the work when ``out`` (Moses: a prefix) cannot be written."""
    from bitext.fileio import check_writable
    check_writable(out if fmt == "moses" and str(out) == "-" else
                   out.parent if fmt == "moses" else out, folder=fmt == "moses")
