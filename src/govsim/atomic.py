"""Write a directory of results all at once, or not at all.

Files are written into a hidden temporary folder next to the target and the
folder is renamed into place only when everything is written, so a failure or
an interrupt never leaves a half-written result behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govsim.errors import Problem, ScenarioError

__all__ = ["check_new_dir", "staged_dir"]


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path


def _problem(path: Path, option: str, expected: str, found: str, hint: str = "") -> ScenarioError:
    return ScenarioError([Problem("command line", f"{option} {path}", expected, found, hint)])


def check_new_dir(path: Path, option: str = "--out") -> None:
    """Check, before any work, that ``path`` can become a new result directory.

    Args:
        path: the directory to create; it may exist only as an empty directory.
        option: how to name it in the error message.

    Raises:
        ScenarioError: (a :class:`~govsim.errors.UserError`) if ``path`` is a
            file, a non-empty directory, or lies under a file or a folder that
            cannot be written.
    """
    if path.exists() and not path.is_dir():
        raise _problem(path, option, "a directory", "an existing file")
    if path.is_dir() and any(path.iterdir()):
        raise _problem(
            path,
            option,
            "a new or empty directory",
            "a non-empty directory",
            "choose another name or remove it",
        )
    base = _nearest_existing(path.parent)
    if not base.is_dir():
        raise _problem(path, option, "a folder path", f"{base} is a file")
    if not os.access(base, os.W_OK | os.X_OK):
        raise _problem(path, option, "a writable location", f"{base} is read-only")


def _created_parents(path: Path) -> list[Path]:
    """Create the missing parents of ``path``; return them, deepest first."""
    missing = []
    parent = path.absolute().parent
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    path.absolute().parent.mkdir(parents=True, exist_ok=True)
    return missing


@contextmanager
def staged_dir(path: Path) -> Iterator[Path]:
    """Yield a temporary folder that becomes ``path`` when the block succeeds.

    Args:
        path: the final directory (checked with :func:`check_new_dir` first).

    Yields:
        The temporary folder to write into.
    """
    created = _created_parents(path)
    stage = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent))
    try:
        yield stage
        if path.is_dir():
            path.rmdir()  # an empty target is allowed; rmdir fails loudly if it filled meanwhile
        stage.rename(path)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        for folder in created:
            try:
                folder.rmdir()
            except OSError:
                break  # someone else put something there: keep it
        raise
