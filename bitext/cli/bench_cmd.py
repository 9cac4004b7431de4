"""``bitext bench ...``: benchmarks. Each subcommand calls ``bitext.bench.<name>`` and prints."""
from __future__ import annotations

from pathlib import Path

import typer

from bitext.cli import app, options

bench_app = typer.Typer(help="Benchmarks: accuracy and speed on reference data.",
                        no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("entities")
def bench_entities(
    dev_set: Path = typer.Option(None, "--dev-set", help="JSONL dev set (default: "
                                 "tests/data/entities_dev.jsonl)."),
    backend: str = typer.Option(None, "--backend", help="offline | stanza (default: auto)."),
    errors: bool = typer.Option(False, "--errors", help="Also list every FP and FN (with "
                                "--flores: example false alarms)."),
    flores: bool = typer.Option(False, "--flores", help="Instead: pair the entities of the "
                                "FLORES-200 tr–en translations ($BITEXT_BENCH_DIR) and count "
                                "false alarms."),
) -> None:
    """Precision, recall and F1 per entity type on the hand-annotated dev set."""
    from bitext.bench import entities
    if flores:
        entities.print_pairs(entities.run_pairs(backend=backend), show_examples=errors)
        return
    entities.print_result(entities.run(dev_set, backend), show_errors=errors)


@bench_app.command("segment")
def bench_segment(
    sentences: int = typer.Option(20000, "--sentences", "-n", help="Sentences in the speed run."),
) -> None:
    """Sentence-splitting P/R/F1 on FLORES-200 + NTREX-128 (tr, en), speed and peak memory."""
    from bitext.bench import segment
    segment.print_result(segment.run(sentences))


@bench_app.command("studio")
def bench_studio(
    pairs: int = typer.Option(5000, "--pairs", "-n", help="Pairs to push (WMT newstest tr-en)."),
    annotate: int = typer.Option(100, help="Tasks to annotate through the API before the pull."),
    batch: int = typer.Option(1000, help="Tasks per import request."),
    keep: bool = typer.Option(False, help="Keep the bench project on the server."),
) -> None:
    """Push pairs with predictions to a real Label Studio, export and pull them back; times."""
    from bitext.bench import studio
    studio.show(studio.run(pairs, annotate, batch, keep))


@bench_app.command("align")
def bench_align(
    dataset: list[str] = typer.Option(None, "--dataset", "-d",
                                      help="abstracts | abstracts-e2e | textberg | "
                                           "textberg-dev | ntrex | flores (repeatable; "
                                           "default: all)."),
    limit_docs: int = typer.Option(None, "--limit-docs", help="First N documents per dataset."),
    encoder: str = options.encoder(),
    encoder_backend: str = options.encoder_backend(),
    method: list[str] = typer.Option(None, "--method", help="ours | gale-church (default both)."),
    scale: int = typer.Option(None, "--scale", help="Instead: time and peak memory of aligning "
                              "a synthetic N-sentence document (e.g. 20000)."),
) -> None:
    """Strict/lax F1 on abstracts-dev (tr-en, pre-segmented and end to end), Text+Berg (de-fr)
    and perturbed NTREX/FLORES (tr-en) documents; the splitter's boundary F1 on abstracts-dev."""
    from bitext.encoder import use_backend
    use_backend(encoder_backend)
    from rich.console import Console
    from rich.progress import Progress

    from bitext.bench import align as bench
    if scale is not None:
        bench.print_scale(bench.scale(scale))
        return
    err = Console(stderr=True)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("aligning", total=None)
        rows = bench.run(dataset or bench.DATASETS, limit_docs=limit_docs, encoder=encoder,
                         methods=method or ("ours", "gale-church"),
                         progress=lambda d, m, n: bar.update(task, description=f"{d} {m} {n}"))
    bench.print_result(rows)
    bench.print_reliability(rows)
    if "abstracts-e2e" in (dataset or bench.DATASETS):
        bench.print_splitter(bench.splitter())


@bench_app.command("check")
def bench_check(
    limit: int = typer.Option(500, "--limit", "-n", help="Faithful pairs (each also yields one "
                              "perturbed pair: 500 gives the 1,000-pair speed run)."),
    seed: int = typer.Option(13, "--seed", help="Random seed of sampling and perturbation."),
    encoder: str = options.encoder(),
    encoder_backend: str = options.encoder_backend(),
    classifier: str = options.classifier(),
    calibration: str = options.calibration(),
    dev_only: bool = typer.Option(False, "--dev-only", help="Only the divergence dev set "
                                  "(real pairs), not the synthetic set."),
    dev_out: Path = typer.Option(None, "--dev-out", help="Also write the dev set's per-pair "
                                 "reports here (JSONL: id, gold, score, severity, findings)."),
) -> None:
    """The divergence dev set (real pairs, printed first), then the synthetic set: ROC-AUC,
    recall per error type, false flags of `bitext check` (beside plain cosine); speed."""
    import json

    from bitext.encoder import use_backend
    use_backend(encoder_backend)
    from rich.console import Console

    from bitext.bench import check as bench
    from bitext.check import CheckConfig
    from bitext.fileio import check_writable, write_text
    if dev_out is not None:
        check_writable(dev_out)
    config = CheckConfig(encoder=encoder, classifier=classifier, calibration=calibration)
    with Console(stderr=True).status("checking the divergence dev set"):
        dev = bench.run_dev(config)
    print(bench.render_dev(dev), flush=True)
    if dev_out is not None:
        write_text(dev_out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dev.rows))
    if dev_only:
        return
    print()
    with Console(stderr=True).status(f"checking {2 * limit} pairs"):
        result = bench.run(limit, seed, config)
    print(bench.render(result))


@bench_app.command("encoder")
def bench_encoder(
    encoder: str = typer.Option(None, "--encoder", help="Encoder (default e5-small)."),
    backend: list[str] = typer.Option(None, "--backend", help="Backends to compare with torch "
                                      "fp32 (repeatable; default onnx-int8 and onnx)."),
    limit: int = typer.Option(400, "--limit", "-n", help="Text+Berg sentences (half de, half fr)."),
) -> None:
    """Sentences/s of each backend vs torch fp32 on the same batches, and cosine to fp32."""
    from rich.console import Console

    from bitext.bench import encoder as bench
    with Console(stderr=True).status("encoding with every backend"):
        rows = bench.run(encoder, backend or ("onnx-int8", "onnx"), limit=limit)
    bench.print_result(rows)
