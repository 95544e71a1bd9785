"""The result store: one SQLite database per experiment output directory.

Runs are written as they finish, one transaction per batch, in WAL mode so a
crash (even SIGKILL) leaves every committed run intact and nothing half-written.
Besides the runs the store keeps what is needed to redo an analysis exactly: the
experiment file, the design matrix X, the SALib problem and the versions of
SALib, govsim and numpy.

Every SQLite failure leaves a :class:`Store` as a one-line error naming the
file and what to do: a damaged or foreign file, or a folder that cannot be
written, is a :class:`~govsim.errors.UserError`; a full disk or an I/O error an
:class:`~govsim.errors.EnvironmentFailure`.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.errors import EnvironmentFailure, UserError
from govsim.experiments.modelref import RunRecord, RunSpec

__all__ = ["STORE_NAME", "Store", "StoreError", "decode_series", "encode_series"]

#: File name of the database inside an output directory.
STORE_NAME = "store.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS design_x (sample INTEGER PRIMARY KEY, x TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS scenarios (label TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    scenario TEXT NOT NULL,
    sample INTEGER NOT NULL,
    replication INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL,
    duration REAL NOT NULL,
    outputs TEXT NOT NULL,
    error TEXT
);
CREATE TABLE IF NOT EXISTS timeseries (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    output TEXT NOT NULL,
    series BLOB NOT NULL,
    PRIMARY KEY (run_id, output)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS network_nodes (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    node INTEGER NOT NULL, kind TEXT NOT NULL, community INTEGER NOT NULL,
    participating INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS network_edges (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    source INTEGER NOT NULL, target INTEGER NOT NULL
);
"""


#: SQLite error names that mean the machine failed rather than the input.
_ENVIRONMENT = {"SQLITE_FULL", "SQLITE_IOERR", "SQLITE_NOMEM", "SQLITE_NOLFS"}
#: Error names that mean the file is damaged or is not a store.
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT"}


class StoreError(UserError):
    """A result store that cannot be used as it is (damaged, foreign, read-only)."""


def _describe(err: sqlite3.Error, path: Path) -> Exception:
    """The one-line error a user sees for a failure of SQLite on ``path``."""
    name = getattr(err, "sqlite_errorname", "") or ""
    text = str(err)
    if name.startswith(tuple(_ENVIRONMENT)) or "disk is full" in text or "I/O error" in text:
        return EnvironmentFailure(
            f"cannot write {path}: {text} (disk full or failing?); the runs stored so far "
            "are kept: free some space, then continue with --resume"
        )
    if name in _DAMAGED or "malformed" in text or "not a database" in text:
        return StoreError(
            f"{path} is damaged or is not a govsim result store ({text}); restore it from a "
            "copy, or start again with a new --out"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(
            f"cannot open {path} for writing ({text}): choose a writable --out folder"
        )
    return StoreError(f"{path}: {text}")


@contextlib.contextmanager
def _translated(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as err:
        raise _describe(err, path) from None


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a Store method with SQLite errors translated (generators too)."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(self: Store, *args: Any, **kwargs: Any) -> Iterator[Any]:
            with _translated(self.path):
                yield from method(self, *args, **kwargs)

        return generator

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        with _translated(self.path):
            return method(self, *args, **kwargs)

    return wrapper


def encode_series(values: Any) -> bytes:
    """A time series as little-endian float64 bytes (NaN kept; 8 bytes a step)."""
    return np.asarray(values, dtype="<f8").tobytes()


def decode_series(blob: bytes) -> np.ndarray:
    """The inverse of :func:`encode_series`."""
    return np.frombuffer(blob, dtype="<f8")


class Store:
    """An experiment's SQLite database.

    Args:
        path: the database file (created if missing, unless ``readonly``).
        readonly: open an existing store for reading only (analysis, export):
            nothing is created or changed, and a file that is not a govsim
            store is an error.

    Raises:
        StoreError: the file is damaged, not a store, or cannot be opened.
        EnvironmentFailure: the disk is full or failing.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        with _translated(self.path):
            if readonly:
                self.conn = self._connect_readonly()
            else:
                self.conn = sqlite3.connect(self.path, timeout=30.0)
                self.conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL is durable against process crashes in WAL mode (fsync at checkpoints).
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self.conn.executescript(_SCHEMA)
            self._check_tables()

    def _connect_readonly(self) -> sqlite3.Connection:
        uri = f"{self.path.absolute().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=30.0)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL store in a read-only folder: readable only as an immutable file
            conn.close()
            conn = sqlite3.connect(f"{uri}&immutable=1", uri=True)
        return conn

    def _check_tables(self) -> None:
        names = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        missing = {"meta", "runs", "design_x", "scenarios"} - names
        if missing:
            self.conn.close()
            raise StoreError(
                f"{self.path} is not a govsim result store (it lacks the tables "
                f"{', '.join(sorted(missing))})"
            )

    def guard(self) -> contextlib.AbstractContextManager[None]:
        """A context in which SQLite errors on this store become one-line errors."""
        return _translated(self.path)

    def close(self) -> None:
        """Close the connection."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ metadata

    @_guarded
    def set_meta(self, values: dict[str, Any]) -> None:
        """Store metadata values (JSON-encoded), replacing earlier ones."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in values.items()],
            )

    @_guarded
    def meta(self) -> dict[str, Any]:
        """All metadata values."""
        rows = self.conn.execute("SELECT key, value FROM meta").fetchall()
        return {k: json.loads(v) for k, v in rows}

    @_guarded
    def set_design(self, x: np.ndarray | None, scenarios: dict[str, Any]) -> None:
        """Store the design matrix and the scenario data the runs start from."""
        with self.conn:
            if x is not None:
                self.conn.executemany(
                    "INSERT OR REPLACE INTO design_x (sample, x) VALUES (?, ?)",
                    [(i, json.dumps([float(v) for v in row])) for i, row in enumerate(x)],
                )
            self.conn.executemany(
                "INSERT OR REPLACE INTO scenarios (label, data) VALUES (?, ?)",
                [(k, json.dumps(v, sort_keys=True)) for k, v in scenarios.items()],
            )

    @_guarded
    def design_x(self) -> np.ndarray | None:
        """The stored design matrix, or None."""
        rows = self.conn.execute("SELECT x FROM design_x ORDER BY sample").fetchall()
        return np.array([json.loads(r[0]) for r in rows]) if rows else None

    # ------------------------------------------------------------ runs

    @_guarded
    def scenarios(self) -> dict[str, Any]:
        """The stored resolved scenario data, by label."""
        rows = self.conn.execute("SELECT label, data FROM scenarios").fetchall()
        return {label: json.loads(data) for label, data in rows}

    @_guarded
    def keys(self) -> set[str]:
        """Keys of every stored run, done or failed."""
        return {r[0] for r in self.conn.execute("SELECT key FROM runs")}

    @_guarded
    def done_keys(self) -> set[str]:
        """Keys of runs stored as done (resume skips them)."""
        return {r[0] for r in self.conn.execute("SELECT key FROM runs WHERE status = 'done'")}

    @_guarded
    def write(self, items: Iterable[tuple[RunSpec, RunRecord]]) -> None:
        """Write a batch of finished runs in one transaction.

        A run already stored under the same key (a failed run retried on resume)
        is replaced together with its time series.
        """
        with self.conn:
            for spec, rec in items:
                self.conn.execute("DELETE FROM runs WHERE key = ?", (spec.key,))
                cur = self.conn.execute(
                    "INSERT INTO runs (key, scenario, sample, replication, seed, params, status,"
                    " duration, outputs, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        spec.key,
                        spec.scenario,
                        spec.sample,
                        spec.replication,
                        spec.seed,
                        json.dumps(spec.params, sort_keys=True),
                        rec.status,
                        rec.duration,
                        json.dumps(rec.outputs),
                        rec.error,
                    ),
                )
                self._write_extras(cur.lastrowid, rec)

    def _write_extras(self, run_id: int, rec: RunRecord) -> None:
        if rec.timeseries:
            self.conn.executemany(
                "INSERT INTO timeseries (run_id, output, series) VALUES (?, ?, ?)",
                [(run_id, name, encode_series(values)) for name, values in rec.timeseries.items()],
            )
        if rec.nodes is not None:
            nodes = rec.nodes[["node", "kind", "community", "participating"]]
            self.conn.executemany(
                "INSERT INTO network_nodes VALUES (?, ?, ?, ?, ?)",
                [
                    (run_id, int(n), str(k), int(c), int(bool(p)))
                    for n, k, c, p in nodes.itertuples(index=False)
                ],
            )
            self.conn.executemany(
                "INSERT INTO network_edges VALUES (?, ?, ?)",
                [
                    (run_id, int(s), int(t))
                    for s, t in rec.edges[["source", "target"]].itertuples(index=False)
                ],
            )

    @_guarded
    def runs(self) -> pd.DataFrame:
        """Every run (without time series), in storage order; see analysis.load_runs."""
        frame = pd.read_sql_query(
            "SELECT key AS run_key, scenario, sample, replication, seed, status, duration,"
            " params, outputs, error FROM runs",
            self.conn,
        )
        return frame

    @_guarded
    def iter_timeseries(self, batch: int = 1000) -> Iterator[tuple[str, str, str, np.ndarray]]:
        """Yield (run key, scenario, output, values by step) of done runs, in key order.

        Rows are fetched ``batch`` at a time, so memory stays bounded however
        many runs the store holds.
        """
        cur = self.conn.execute(
            "SELECT r.key, r.scenario, t.output, t.series FROM timeseries t"
            " JOIN runs r ON r.id = t.run_id WHERE r.status = 'done' ORDER BY r.key, t.output"
        )
        while rows := cur.fetchmany(batch):
            for key, scenario, output, blob in rows:
                yield key, scenario, output, decode_series(blob)

    @_guarded
    def output_series(self, output: str) -> np.ndarray:
        """One output's stored series of every done run, as rows (NaN-padded to the longest)."""
        rows = self.conn.execute(
            "SELECT t.series FROM timeseries t JOIN runs r ON r.id = t.run_id"
            " WHERE r.status = 'done' AND t.output = ? ORDER BY r.key",
            (output,),
        ).fetchall()
        series = [decode_series(blob) for (blob,) in rows]
        if not series:
            return np.empty((0, 0))
        out = np.full((len(series), max(len(s) for s in series)), np.nan)
        for i, values in enumerate(series):
            out[i, : len(values)] = values
        return out

    @_guarded
    def network(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The stored network snapshot (nodes, edges)."""
        nodes = pd.read_sql_query(
            "SELECT node, kind, community, participating FROM network_nodes ORDER BY node",
            self.conn,
        )
        nodes["participating"] = nodes["participating"].astype(bool)
        edges = pd.read_sql_query(
            "SELECT source, target FROM network_edges ORDER BY source, target", self.conn
        )
        return nodes, edges

    @_guarded
    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes."""
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
