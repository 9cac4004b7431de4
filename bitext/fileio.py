"""Atomic file output: write to a temp file in the same folder, then rename."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bitext.errors import OutputError


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = "\n", perms: int | None = None) -> Iterator[IO]:
    """Open a temp file beside ``path``; it replaces ``path`` only if the block succeeds.

    A path that cannot be written (a folder, no rights, a file where a folder should be) raises
    :class:`~bitext.errors.OutputError` before anything is written.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputError("is a folder, not a file", path=str(target),
                          fix="give a file name (e.g. inside that folder)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise _unwritable(target, err) from None
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": encoding, "newline": newline})) as fh:
            yield fh
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as err:
                raise _unwritable(target, err) from err
        try:
            if perms is not None:
                os.chmod(tmp, perms)
            os.replace(tmp, target)
        except OSError as err:
            raise _unwritable(target, err) from err
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def check_writable(path: str | os.PathLike, *, folder: bool = False) -> None:
    """Raise :class:`~bitext.errors.OutputError` now, before long work, when ``path`` (a file,
    or a folder with ``folder=True``) could not be written; creates nothing."""
    target = Path(path)
    if not folder and target.is_dir():
        raise OutputError("is a folder, not a file", path=str(target),
                          fix="give a file name (e.g. inside that folder)")
    if folder and target.exists() and not target.is_dir():
        raise OutputError("is a file, not a folder", path=str(target),
                          fix="give a folder for the outputs")
    blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write here: {blocker} is a file, not a folder",
                          path=str(target), fix="choose an output path in a folder you can write to")
    existing = next(p for p in (target, *target.parents) if p.exists())
    if not os.access(existing if existing.is_dir() else existing.parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write here: no permission to write in {existing}",
                          path=str(target), fix="choose an output path in a folder you can write to")


def _unwritable(target: Path, err: OSError) -> OutputError:
    blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    reason = f"{blocker} is a file, not a folder" if blocker else err.strerror or str(err)
    return OutputError(f"cannot write here: {reason}", path=str(target),
                       fix="choose an output path in a folder you can write to")


def write_text(path: str | os.PathLike, text: str, *, perms: int | None = None) -> None:
    with atomic_open(path, perms=perms) as fh:
        fh.write(text)


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)
