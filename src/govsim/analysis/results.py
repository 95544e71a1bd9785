"""Read an experiment's analysis tables, with clear errors for bad directories.

Figures and reports read only ``DIR/tables/`` (the CSV tables and
``metadata.json`` that ``govsim analyze`` writes; columns in docs/architecture.md),
never the result store or a live model. :func:`load_results` checks that ``DIR``
is a finished, analysed experiment and raises :class:`~govsim.errors.UserError`
otherwise, saying what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from govsim.analysis.tables import METADATA_KEYS, TABLES
from govsim.errors import UserError, command_hint

__all__ = ["Results", "has_store", "has_tables", "load_results"]

#: Store files the experiment engine may leave in an experiment directory.
_STORE_PATTERNS = ("*.sqlite", "*.sqlite3", "*.db")


@dataclass
class Results:
    """A finished experiment's analysis tables.

    Attributes:
        path: the experiment directory.
        metadata: the parsed ``tables/metadata.json``.
    """

    path: Path
    metadata: dict[str, Any]
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def tables_dir(self) -> Path:
        """``DIR/tables``."""
        return self.path / "tables"

    @property
    def outputs(self) -> list[str]:
        """The outputs the experiment kept, in its order."""
        return [str(o) for o in self.metadata.get("outputs") or []]

    @property
    def base(self) -> str | None:
        """The base scenario, if the design has one."""
        base = self.metadata.get("base")
        return str(base) if base else None

    def has(self, name: str) -> bool:
        """Whether table ``name`` (a file stem such as ``"morris"``) was written."""
        return (self.tables_dir / f"{name}.csv").is_file()

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a DataFrame (read once, then cached).

        Raises:
            UserError: if the table is missing or is not valid CSV.
        """
        if name not in self._cache:
            path = self.tables_dir / f"{name}.csv"
            if not path.is_file():
                raise UserError(f"{path} is missing")
            try:
                self._cache[name] = pd.read_csv(path)
            except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
                raise UserError(f"{path} is not a readable CSV table: {err}") from None
        return self._cache[name]

    def available(self) -> list[str]:
        """Stems of the tables present, in :data:`TABLES` order."""
        return [spec.name for spec in TABLES if self.has(spec.name)]


def _has_store(path: Path) -> bool:
    return any(next(path.glob(pattern), None) for pattern in _STORE_PATTERNS)


def _read_metadata(path: Path) -> dict[str, Any]:
    meta_path = path / "tables" / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(f"{meta_path} is not valid JSON: {err}") from None
    if not isinstance(meta, dict):
        raise UserError(f"{meta_path} must hold a JSON object")
    missing = [key for key in METADATA_KEYS if key not in meta]
    if missing:
        raise UserError(f"{meta_path} lacks {', '.join(missing)}: was it written by govsim?")
    return meta


def _runs_done(meta: dict[str, Any]) -> tuple[int, int] | None:
    """(runs finished, runs planned) if the metadata says, else None.

    The analysis writes ``n_runs`` (the design's size) with ``n_done`` and
    ``n_failed``; a failed run counts as finished (it is reported, not redone).
    """
    total, done, failed = meta.get("n_runs"), meta.get("n_done"), meta.get("n_failed") or 0
    if isinstance(total, int) and isinstance(done, int):
        return done + int(failed), total
    planned = meta.get("n_planned")
    if isinstance(planned, int) and isinstance(total, int):
        return total, planned
    return None


def _check_finished(path: Path, meta: dict[str, Any]) -> None:
    counts = _runs_done(meta)
    if meta.get("finished") and (counts is None or counts[0] >= counts[1]):
        return
    count = f" ({counts[0]} of {counts[1]} runs done)" if counts else ""
    exp = meta.get("experiment_path") or "FILE"
    raise UserError(
        f"the experiment in {path} is unfinished{count}; complete it with "
        f"`{command_hint('experiment', exp, '--out', path, '--resume')}`, then "
        f"`{command_hint('analyze', path)}`"
    )


def has_tables(path: str | Path) -> bool:
    """Whether ``path`` holds analysis tables (``tables/metadata.json``)."""
    return (Path(path) / "tables" / "metadata.json").is_file()


def has_store(path: str | Path) -> bool:
    """Whether ``path`` holds a result store that could be analysed."""
    return Path(path).is_dir() and _has_store(Path(path))


def load_results(path: str | Path) -> Results:
    """Open the analysis tables of a finished experiment directory.

    Reading never analyses: a directory without tables is an error that says
    to run ``govsim analyze`` (the figure and report commands do that for you).

    Args:
        path: the experiment directory (the one ``govsim experiment`` wrote).

    Raises:
        UserError: if ``path`` is not an experiment directory, the experiment is
            unfinished, or it has no analysis tables.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"no such directory: {path}")
    if not path.is_dir():
        raise UserError(f"{path} is not a directory (give an experiment's output directory)")
    if not (path / "tables" / "metadata.json").is_file():
        if not _has_store(path):
            raise UserError(
                f"{path} is not a govsim experiment directory: it has neither analysis "
                f"tables (tables/metadata.json) nor a result store; run "
                f"`{command_hint('experiment', 'FILE', '--out', path)}` first"
            )
        raise UserError(
            f"{path} has no analysis tables; run `{command_hint('analyze', path)}` first"
        )
    meta = _read_metadata(path)
    _check_finished(path, meta)
    results = Results(path, meta)
    if not results.available():
        hint = command_hint("analyze", path)
        raise UserError(f"{path / 'tables'} holds no analysis table; run `{hint}`")
    return results
