"""The one place bitext reads input bytes and writes output files.

Reading (:func:`read_bytes`): ``-`` is standard input; regular files, pipes and FIFOs are read
up to :data:`MAX_INPUT_BYTES` (a FIFO nobody writes to reads as empty instead of waiting);
devices, sockets and folders are refused. Writing (:func:`atomic_open`, :func:`commit`):
``-`` is standard output; a special file (a pipe, ``/dev/stdout``, ``/dev/null``) is written
directly, never replaced; a regular file is written to a temp file beside it and renamed, so a
failure (a full disk, an interrupt) leaves the old file or nothing, never a part. Files get the
mode the umask gives (``0644`` typically), secrets ``0600``.
"""
from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bitext.errors import InputError, OutputError

STDIO = "-"
MAX_INPUT_BYTES = int(os.environ.get("BITEXT_MAX_INPUT_BYTES", 512 * 1024 * 1024))
TMP_SUFFIX = ".tmp"
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


# ---------------------------------------------------------------- input

def is_stdio(path: str | os.PathLike | None) -> bool:
    return path is not None and os.fspath(path) == STDIO


def display_name(path: str | os.PathLike) -> str:
    return "<stdin>" if is_stdio(path) else os.fspath(path)


def read_bytes(path: str | os.PathLike, *, limit: int | None = None) -> bytes:
    """The bytes of ``path`` (``-``: stdin), at most ``limit`` (default :data:`MAX_INPUT_BYTES`);
    :class:`InputError` naming the file for anything that is not readable input."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    name = display_name(path)
    if is_stdio(path):
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            return _bounded(sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape"), name, limit)
        return _bounded(_read_stream(stream, limit), name, limit)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file", path=name, fix="check the path") from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=name,
                         fix="pass an existing, readable file") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory (folder), not a file", path=name, fix="give a file inside it")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise InputError("is a device or socket, not a file", path=name,
                         fix="give a regular file, a pipe or '-' for standard input")
    if st.st_size > limit:
        _too_big(name, limit)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO without a writer: no wait
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read() if stat.S_ISREG(st.st_mode) else _read_stream(fh, limit)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=name,
                         fix="pass an existing, readable file") from None
    return _bounded(data, name, limit)


def _read_stream(stream, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a pipe, in chunks (no buffer of ``limit`` up front)."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _too_big(name: str, limit: int):
    raise InputError(f"larger than {limit:,} bytes: not a text or corpus file", path=name,
                     fix="split it, or raise BITEXT_MAX_INPUT_BYTES")


def _bounded(data: bytes, name: str, limit: int) -> bytes:
    if len(data) > limit:
        _too_big(name, limit)
    return data


# ---------------------------------------------------------------- output

def file_mode(secret: bool = False) -> int:
    """``0600`` for secrets, else what the umask leaves of ``0666``."""
    if secret:
        return 0o600
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _special(target: Path) -> bool:
    """A path that exists and is not a regular file after symlinks (a pipe, a device), or one
    under /dev or /proc (``/dev/stdout`` redirected to a file): written in place."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    real = os.path.realpath(target)
    return not stat.S_ISDIR(mode) and (not stat.S_ISREG(mode) or real.startswith(("/dev/", "/proc/")))


class _Staged:
    """One output being written: a temp file to rename, or a special file written in place."""

    def __init__(self, path: str | os.PathLike, mode: str, encoding: str | None,
                 newline: str | None, secret: bool, perms: int | None = None):
        self.binary = "b" in mode
        self.opts = {} if self.binary else {"encoding": encoding, "newline": newline}
        self.perms = perms
        self.secret = secret
        self.stdio = is_stdio(path)
        self.target = Path(path)
        self.tmp: str | None = None
        self.done = False
        if self.stdio:
            self.fh = sys.stdout.buffer if self.binary else sys.stdout
            return
        if self.target.is_dir():
            raise OutputError("is a folder, not a file", path=str(self.target),
                              fix="give a file name (e.g. inside that folder)")
        if _special(self.target):
            try:
                self.fh = open(self.target, mode, **self.opts)
            except OSError as err:
                raise _unwritable(self.target, err) from None
            return
        if self.target.is_symlink():  # write where the link points, keep the link
            self.target = Path(os.path.realpath(self.target))
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.",
                                            suffix=TMP_SUFFIX)
        except OSError as err:
            raise _unwritable(self.target, err) from None
        self.fh = os.fdopen(fd, mode, **self.opts)

    def finish(self) -> None:
        """Flush and sync; the data is on disk (or raised as OutputError). Once."""
        if self.done:
            return
        self.done = True
        try:
            self.fh.flush()
            if self.tmp is not None:
                os.fsync(self.fh.fileno())
                self.fh.close()
                os.chmod(self.tmp, self.perms if self.perms is not None else file_mode(self.secret))
            elif not self.stdio:
                self.fh.close()
        except OSError as err:
            raise _unwritable(self.target, err) from None

    def rename(self) -> None:
        if self.tmp is not None:
            os.replace(self.tmp, self.target)
            self.tmp = None

    def discard(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.fh.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp)
            self.tmp = None


class Outputs:
    """Several outputs that appear together or not at all (:func:`commit`)."""

    def __init__(self) -> None:
        self.staged: list[_Staged] = []

    def open(self, path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
             newline: str | None = "\n", secret: bool = False, perms: int | None = None) -> IO:
        target = os.fspath(path)
        if not is_stdio(target) and any(not s.stdio and os.path.abspath(s.target) ==
                                        os.path.abspath(target) for s in self.staged):
            raise OutputError("written twice by one command", path=target,
                              fix="give the outputs different names")
        staged = _Staged(path, mode, encoding, newline, secret, perms)
        self.staged.append(staged)
        return staged.fh

    def write_text(self, path: str | os.PathLike, text: str, *, secret: bool = False) -> None:
        fh = self.open(path, secret=secret)
        try:
            fh.write(text)
        except OSError as err:
            raise _unwritable(Path(path), err) from None

    def finish(self) -> None:
        """Sync every output, then rename them all (signals held meanwhile)."""
        for s in self.staged:
            s.finish()
        with deferred_signals():  # all renamed or none: an interrupt waits for the renames
            for s in self.staged:
                try:
                    s.rename()
                except OSError as err:
                    raise _unwritable(s.target, err) from None

    def discard(self) -> None:
        """Remove every temp file; the old outputs stay."""
        for s in self.staged:
            s.discard()


@contextlib.contextmanager
def commit() -> Iterator[Outputs]:
    """``with commit() as out: out.write_text(a, ...); out.write_text(b, ...)``: a and b replace
    their old versions together when the block succeeds; on any failure neither is touched."""
    outs = Outputs()
    try:
        yield outs
        outs.finish()
    except OSError as err:
        outs.discard()
        if err.filename is None and err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
            target = outs.staged[-1].target if outs.staged else Path(".")
            raise _unwritable(target, err) from None
        raise
    except BaseException:
        outs.discard()
        raise


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = "\n", secret: bool = False,
                perms: int | None = None) -> Iterator[IO]:
    """Open ``path`` for writing (see the module doc); a failed block leaves the old file.
    ``perms`` sets the mode explicitly (default: :func:`file_mode`)."""
    with commit() as outs:
        yield outs.open(path, mode, encoding=encoding, newline=newline, secret=secret, perms=perms)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM/SIGHUP until the block is done (they are delivered after it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def check_writable(path: str | os.PathLike, *, folder: bool = False) -> None:
    """Raise :class:`~bitext.errors.OutputError` now, before long work, when ``path`` (a file,
    or a folder with ``folder=True``) could not be written; creates nothing."""
    if is_stdio(path):
        if folder:
            raise OutputError("'-' (standard output) cannot hold a folder of outputs", path=STDIO,
                              fix="give a folder (for Moses: a file prefix)")
        return
    target = Path(path)
    if not folder and target.is_dir():
        raise OutputError("is a folder, not a file", path=str(target),
                          fix="give a file name (e.g. inside that folder)")
    if folder and target.exists() and not target.is_dir():
        raise OutputError("is a file, not a folder", path=str(target),
                          fix="give a folder for the outputs")
    if not folder and _special(target):
        return
    blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write here: {blocker} is a file, not a folder",
                          path=str(target), fix="choose an output path in a folder you can write to")
    existing = next(p for p in (target, *target.parents) if p.exists())
    if not os.access(existing if existing.is_dir() else existing.parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write here: no permission to write in {existing}",
                          path=str(target), fix="choose an output path in a folder you can write to")


def remove_stale_temps(folder: str | os.PathLike) -> list[Path]:
    """Delete temp files a killed bitext left in ``folder`` (``.NAME.XXXXXXXX.tmp``)."""
    removed = []
    for p in Path(folder).glob(f".*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            p.unlink()
            removed.append(p)
    return removed


def _unwritable(target: Path, err: OSError) -> OutputError:
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError("no space left on the device; nothing was written", path=str(target),
                           fix="free some space or write to another disk")
    blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    reason = f"{blocker} is a file, not a folder" if blocker else err.strerror or str(err)
    return OutputError(f"cannot write here: {reason}", path=str(target),
                       fix="choose an output path in a folder you can write to")


def write_text(path: str | os.PathLike, text: str, *, secret: bool = False) -> None:
    with commit() as outs:
        outs.write_text(path, text, secret=secret)


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)
