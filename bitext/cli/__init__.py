"""The ``bitext`` command: a thin typer app over the library. Each command group is a module."""
from __future__ import annotations

import os
import re
import signal
import sys
from typing import NoReturn

import typer

from bitext.errors import BitextError

app = typer.Typer(
    name="bitext",
    help="Turkish–English alignment, translation QA, annotation and corpus export.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from bitext import __version__
        print(f"bitext {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Turkish–English alignment, translation QA, annotation and corpus export."""


def _register() -> None:
    # Imported for their side effect: each module adds its commands to ``app``.
    from bitext.cli import (  # noqa: F401
        align_cmd, bench_cmd, check_cmd, entities_cmd, models_cmd, run_cmd, studio_cmd,
    )


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so temp files are removed and state recorded."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame) -> None:
    raise Terminated(signum)


def main() -> None:
    """Entry point: bad input or usage becomes one line on stderr and exit code 2; an interrupt
    (Ctrl-C, SIGTERM) one line and 128 + the signal number (130 for Ctrl-C)."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _terminate)
    try:
        _register()
        code = app(prog_name="bitext", standalone_mode=False)  # click returns typer.Exit's code here
        if code == 130:  # typer turns Ctrl-C (KeyboardInterrupt) into a returned 130
            _interrupted(signal.SIGINT)
        if isinstance(code, int) and code:
            sys.exit(code)
    except BitextError as err:
        _fail(str(err))
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _interrupted(signal.SIGINT)
    except Terminated as sig:
        _interrupted(sig.signum)
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
    except Exception as err:
        if not _lost_server(err):
            raise
        _fail(f"Label Studio stopped answering ({type(err).__name__})", fix="check `bitext studio "
              "status`, then re-run: what was sent is kept, a re-run completes the rest")
    finally:  # the work is done or its failure reported: a late signal must not change the exit
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)


def _lost_server(err: Exception) -> bool:
    """A connection to Label Studio that broke mid-request (httpx, under label-studio-sdk)."""
    try:
        import httpx
    except ImportError:
        return False
    return isinstance(err, httpx.TransportError)


def _interrupted(signum: int) -> NoReturn:
    print(f"bitext: interrupted ({signal.Signals(signum).name}); finished outputs are complete, "
          "unfinished ones were not written", file=sys.stderr)
    sys.exit(128 + signum)


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
