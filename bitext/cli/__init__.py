"""The ``bitext`` command: a thin typer app over the library. Each command group is a module."""
from __future__ import annotations

import os
import re
import sys
from typing import NoReturn

import typer

from bitext.errors import BitextError

app = typer.Typer(
    name="bitext",
    help="Turkish–English alignment, translation QA, annotation and corpus export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def encoder_backend_option():
    """``--encoder-backend`` for the commands that encode (see :func:`bitext.encoder.use_backend`)."""
    return typer.Option(None, "--encoder-backend", envvar="BITEXT_ENCODER_BACKEND",
                        help="auto | onnx-int8 | onnx | torch (default auto: onnx-int8 for the "
                             "default encoder, torch for your own model).")


def _register() -> None:
    # Imported for their side effect: each module adds its commands to ``app``.
    from bitext.cli import (  # noqa: F401
        align_cmd, bench_cmd, check_cmd, entities_cmd, models_cmd, run_cmd, studio_cmd,
    )


def main() -> None:
    """Entry point: bad input or usage becomes one line on stderr and exit code 2."""
    _register()
    try:
        code = app(standalone_mode=False)  # click returns typer.Exit's code here
        if isinstance(code, int) and code:
            sys.exit(code)
    except BitextError as err:
        _fail(str(err))
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("bitext: aborted", file=sys.stderr)
        sys.exit(1)
    except BrokenPipeError:  # the reader of stdout went away (`bitext align ... | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except typer.TyperException as err:  # click's usage errors: unknown option, missing argument ...
        _usage_error(err)
    except OSError as err:  # a file the library did not expect to fail (permissions, full disk)
        if err.filename is None:
            raise
        _fail(f"{err.filename}: {err.strerror or err}", fix="check the path, its permissions "
              "and the free space")


def _fail(message: str, fix: str | None = None) -> NoReturn:
    """Print ``message`` as one line on stderr and exit 2."""
    text = f"{message} (fix: {fix})" if fix else message
    print(f"bitext: error: {_one_line(text)}", file=sys.stderr)
    sys.exit(2)


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text.strip())


def _usage_error(err: Exception) -> NoReturn:
    ctx = getattr(err, "ctx", None)
    code = getattr(err, "exit_code", 2)
    if type(err).__name__ == "NoArgsIsHelpError":  # the help is already printed (on stdout)
        sys.exit(code)
    message = err.format_message() if hasattr(err, "format_message") else str(err)
    command = ctx.command_path if ctx is not None else "bitext"
    print(f"bitext: error: {_one_line(message)} (fix: see '{command} --help')", file=sys.stderr)
    sys.exit(code)
