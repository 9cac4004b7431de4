"""Where bitext reads its data and where it keeps the user's files.

- **Package data** (glossary, labeling config, guidelines, divergence classifier) lives in
  ``bitext/data/`` and ships in the wheel; the repository's ``annotations/`` files are links to
  it, so there is one copy. Read-only: bitext never writes into the installed package.
- **User data** (Label Studio's data dir, learnt models): ``$BITEXT_DATA``, else the platform's
  user data dir (``~/.local/share/bitext`` on Linux).
- **Cache** (converted models): ``$BITEXT_CACHE``, else the platform's user cache dir
  (``~/.cache/bitext`` on Linux).
- **Annotation files** (pulled annotations, exports): ``$BITEXT_ANNOTATIONS``, else the
  checkout's ``annotations/`` when bitext runs from its source repository, else
  ``annotations/`` in the user data dir.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE / "data"
_APP = "bitext"


def data_file(name: str) -> Path:
    """A file shipped in the package (``bitext/data/NAME``)."""
    return DATA / name


def data_dir() -> Path:
    """The user data dir bitext keeps its state in."""
    if env := os.environ.get("BITEXT_DATA"):
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(_APP, appauthor=False))


def cache_dir() -> Path:
    """The user cache dir (converted models)."""
    if env := os.environ.get("BITEXT_CACHE"):
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def checkout() -> Path | None:
    """The source repository bitext runs from (``pyproject.toml`` beside the package), or None
    for an installed wheel."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "annotations").is_dir() else None


def annotations_dir() -> Path:
    """Where pulled annotations and their exports go (see the module docstring)."""
    if env := os.environ.get("BITEXT_ANNOTATIONS"):
        return Path(env).expanduser()
    root = checkout()
    return root / "annotations" if root else data_dir() / "annotations"
