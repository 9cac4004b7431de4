"""Options several commands share, defined once (each command may add a word on its own values)."""
from __future__ import annotations

import typer

_ENCODER_HELP = ("Sentence encoder: a local model folder or a cached hub name (default: "
                 "$BITEXT_ENCODER, else the built-in multilingual e5-small)")


def encoder(also: str = "") -> typer.models.OptionInfo:
    """``--encoder``; ``also`` names the special values the command accepts."""
    return typer.Option(None, "--encoder", envvar="BITEXT_ENCODER",
                        help=f"{_ENCODER_HELP}{'; ' + also if also else ''}.")


def classifier() -> typer.models.OptionInfo:
    return typer.Option(None, "--classifier", help="Divergence classifier file (default: the one "
                        "packaged for the encoder; 'none': the rules and the encoder alone).")


def calibration() -> typer.models.OptionInfo:
    return typer.Option(None, "--calibration", help="Calibration file (default: the one packaged "
                        "for the encoder; `bitext models calibrate` writes one).")


def src_lang() -> typer.models.OptionInfo:
    return typer.Option("tr", "--src-lang", help="Source language code.")


def tgt_lang() -> typer.models.OptionInfo:
    return typer.Option("en", "--tgt-lang", help="Target language code.")


def encoder_backend() -> typer.models.OptionInfo:
    """``--encoder-backend`` for the commands that encode (see :func:`bitext.encoder.use_backend`)."""
    return typer.Option(None, "--encoder-backend", envvar="BITEXT_ENCODER_BACKEND",
                        help="auto | onnx-int8 | onnx | torch (default auto: onnx-int8 for the "
                             "default encoder, torch for your own model).")
