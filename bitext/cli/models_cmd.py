"""``bitext models``: which encoder and stanza models this machine has (nothing is downloaded)."""
from __future__ import annotations

from pathlib import Path

import typer

from bitext.cli import app, options

models_app = typer.Typer(help="Show and prepare the models bitext uses (offline).",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")


def _stanza_models() -> tuple[Path | None, dict[str, list[str]]]:
    """Stanza's resources folder and, per language, the processors with a model on disk."""
    try:
        from bitext.nlp.stanza_backend import stanza_dir
    except ImportError:
        return None, {}
    root = stanza_dir()
    found: dict[str, list[str]] = {}
    if root.is_dir():
        for lang in sorted(p for p in root.iterdir() if p.is_dir()):
            procs = sorted(p.name for p in lang.iterdir() if p.is_dir() and any(p.glob("*.pt")))
            if procs:
                found[lang.name] = procs
    return root, found


@models_app.command("fit-confidence")
def fit_confidence(
    encoder: str = typer.Option(None, "--encoder", help="Encoder to fit for (default e5-small; "
                                "'length' for the Gale–Church method)."),
    dataset: list[str] = typer.Option(None, "--dataset", "-d", help="Benchmark sets to fit on "
                                      "(default: textberg-dev, ntrex, flores)."),
    limit_docs: int = typer.Option(None, "--limit-docs", help="First N documents per set."),
) -> None:
    """Refit the calibrated bead confidence on benchmark data (bitext/data/align-confidence.json)."""
    from bitext.bench import align as bench
    from bitext.confidence import FILE
    entry = bench.fit_confidence(dataset or bench.CALIBRATION_SETS, encoder=encoder,
                                 limit_docs=limit_docs)
    typer.echo(f"fitted on {entry['beads']} beads ({entry['right']} right) of "
               f"{', '.join(entry['fitted_on'])}: coef {entry['coef']}, intercept "
               f"{entry['intercept']} -> {FILE}")


@models_app.command("list")
def list_models(
    encoder: str = options.encoder(),
) -> None:
    """The resolved sentence encoder, its cache path, and the stanza models found."""
    from bitext.encoder import describe
    info = describe(encoder)
    typer.echo(f"encoder  {info['name']}")
    typer.echo(f"  path     {info['path'] or '-'}")
    typer.echo(f"  status   {info['status']}")
    if info["pooling"]:
        typer.echo(f"  pooling  {info['pooling']}, prefix {info['prefix']!r}")
    typer.echo(f"  backend  {info['backend']} (--encoder-backend, BITEXT_ENCODER_BACKEND)")
    from bitext.divergence.model import packaged, read_meta
    clf = packaged(info["name"])
    if clf.is_file():
        meta = read_meta(clf)
        typer.echo(f"classifier {clf}")
        typer.echo(f"  trained  {meta.get('examples')} synthetic examples of {meta.get('pairs')} "
                   f"{meta.get('src_lang')}-{meta.get('tgt_lang')} pairs, layer {meta['layer']}, "
                   f"held-out AUC {meta.get('dev_auc')}")
    else:
        typer.echo("classifier none packaged for this encoder (bitext models train-divergence)")
    root, found = _stanza_models()
    typer.echo(f"stanza   {root if root else '(backend not available)'}")
    if not found:
        typer.echo("  none found (the offline sentence splitter is used)")
    for lang, procs in found.items():
        typer.echo(f"  {lang}: {', '.join(procs)}")


fetch_app = typer.Typer(help="Download models (needs network; everything else runs offline).",
                        no_args_is_help=True)
models_app.add_typer(fetch_app, name="fetch")

STANZA_PROCESSORS = {"tr": "tokenize,mwt,ner", "en": "tokenize,ner"}


@fetch_app.command("stanza")
def fetch_stanza(
    lang: list[str] = typer.Option(["tr", "en"], "--lang", help="Languages to fetch."),
) -> None:
    """Download stanza's tokenizer and NER models for Turkish and English into the stanza dir."""
    from bitext.entities.stanza_fetch import fetch
    for line in fetch(lang, STANZA_PROCESSORS):
        typer.echo(line)


@models_app.command("train-divergence")
def train_divergence(
    out: Path = typer.Option(..., "--out", help="Where to write the classifier (.safetensors)."),
    pairs: Path = typer.Option(None, "--pairs", help="TSV of faithful pairs, source<TAB>target "
                               "(default: WMT newstest 2017+2018 from $BITEXT_BENCH_DIR)."),
    encoder: str = options.encoder(),
    src_lang: str = options.src_lang(),
    tgt_lang: str = options.tgt_lang(),
    epochs: int = typer.Option(12, "--epochs"),
    per_pair: int = typer.Option(2, "--per-pair", help="Synthetic divergences made of each pair."),
    seed: int = typer.Option(1, "--seed"),
) -> None:
    """Train the divergence classifier `bitext check` uses on synthetic divergences of a corpus."""
    from bitext.bench.check import training_pairs
    from bitext.check.inputs import read_tsv
    from bitext.divergence.train import train
    from bitext.encoder import load_encoder
    from bitext.fileio import check_writable
    check_writable(out)
    data = read_tsv(pairs, src_lang=src_lang) if pairs else training_pairs()
    name = out.name.removesuffix(".safetensors").removeprefix("divergence-")
    result = train(data, load_encoder(encoder), per_pair=per_pair, seed=seed, epochs=epochs,
                   name=name, src_lang=src_lang, tgt_lang=tgt_lang,
                   log=lambda line: typer.echo(line, err=True))
    result.classifier.save(out)
    typer.echo(f"wrote {out}: epoch {result.epochs}, held-out AUC {result.dev_auc:.3f}, "
               f"accuracy {result.dev_accuracy:.3f} ({result.seconds:.0f} s)")


@models_app.command("calibrate")
def calibrate(
    out: Path = typer.Option(..., "--out", help="Where to write the calibration file (.json)."),
    encoder: str = options.encoder(),
    limit: int = typer.Option(300, "--limit", help="Faithful pairs per calibration corpus."),
    seed: int = typer.Option(7, "--seed"),
    keep_weights: Path = typer.Option(None, "--keep-weights", help="A calibration file whose "
                                      "weights and flag scores are kept and measured, not refitted."),
) -> None:
    """Fit the semantic score and the pair score (with and without the encoder's classifier) on
    FLORES-200 dev and WMT newstest2016 ($BITEXT_BENCH_DIR) and write them as a calibration file."""
    from bitext.bench.calibrate import fit
    from bitext.check import CheckConfig
    from bitext.check.calibration import load_calibration, raw, write
    from bitext.fileio import check_writable
    check_writable(out)
    config = CheckConfig(encoder=encoder)
    keep = None
    if keep_weights is not None:
        load_calibration(str(keep_weights), None, None)  # one clear line if it is damaged
        keep = raw(keep_weights)
    data = fit(config, limit=limit, semantic_limit=min(200, limit), seed=seed,
               log=lambda line: typer.echo(line, err=True), keep=keep)
    write(out, data)
    typer.echo(f"wrote {out}: {len(data['fits'])} pair-score fits for {data['encoder']}")
