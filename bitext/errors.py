"""Errors a user can cause. The CLI prints ``str(err)`` as one line and exits 2."""
from __future__ import annotations


class BitextError(Exception):
    """Bad input or usage. The message names the file, the place and the fix."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 fix: str | None = None):
        self.path, self.line, self.fix = path, line, fix
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        text = f"{where}: {message}" if where else message
        if fix:
            text = f"{text} (fix: {fix})"
        super().__init__(text)


class InputError(BitextError):
    """A file that cannot be read as the format it claims (empty, binary, undecodable, malformed)."""


class OutputError(BitextError):
    """An output file or folder that cannot be written (missing rights, a file in the way)."""


class LanguageError(BitextError):
    """A document or side whose language is not what was asked for."""


class ModelError(BitextError):
    """A model that cannot be found or loaded offline."""


class StudioError(BitextError):
    """Label Studio unreachable, unauthorised, or a task/prediction it would reject."""
