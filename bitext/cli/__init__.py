"""The ``bitext`` command: a thin typer app over the library. Each command group is a module."""
from __future__ import annotations

import sys

import typer

from bitext.errors import BitextError

app = typer.Typer(
    name="bitext",
    help="Turkish–English alignment, translation QA, annotation and corpus export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported for their side effect: each module adds its commands to ``app``.
    from bitext.cli import (  # noqa: F401
        align_cmd, bench_cmd, check_cmd, entities_cmd, models_cmd, run_cmd, studio_cmd,
    )


def main() -> None:
    """Entry point: BitextError becomes one line on stderr and exit code 2."""
    _register()
    try:
        code = app(standalone_mode=False)  # click returns typer.Exit's code here
        if isinstance(code, int) and code:
            sys.exit(code)
    except BitextError as err:
        print(f"bitext: error: {err}", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except SystemExit:
        raise
    except Exception as err:  # click usage errors and aborts
        import click
        if isinstance(err, click.ClickException):
            err.show()
            sys.exit(2)
        if isinstance(err, click.exceptions.Abort):
            print("bitext: aborted", file=sys.stderr)
            sys.exit(1)
        raise
