"""The result store: one SQLite database per experiment output directory.

Runs are written as they finish, one transaction per batch, in WAL mode so a
crash (even SIGKILL) leaves every committed run intact and nothing half-written.
Besides the runs the store keeps what is needed to redo an analysis exactly: the
experiment file, the design matrix X, the SALib problem and the versions of
SALib, govsim and numpy.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.modelref import RunRecord, RunSpec

__all__ = ["STORE_NAME", "Store", "decode_series", "encode_series"]

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


def encode_series(values: Any) -> bytes:
    """A time series as little-endian float64 bytes (NaN kept; 8 bytes a step)."""
    return np.asarray(values, dtype="<f8").tobytes()


def decode_series(blob: bytes) -> np.ndarray:
    """The inverse of :func:`encode_series`."""
    return np.frombuffer(blob, dtype="<f8")


class Store:
    """An experiment's SQLite database.

    Args:
        path: the database file (created if missing).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.conn = sqlite3.connect(self.path, timeout=30.0)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against process crashes in WAL mode (fsync at checkpoints).
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ metadata

    def set_meta(self, values: dict[str, Any]) -> None:
        """Store metadata values (JSON-encoded), replacing earlier ones."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in values.items()],
            )

    def meta(self) -> dict[str, Any]:
        """All metadata values."""
        rows = self.conn.execute("SELECT key, value FROM meta").fetchall()
        return {k: json.loads(v) for k, v in rows}

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

    def design_x(self) -> np.ndarray | None:
        """The stored design matrix, or None."""
        rows = self.conn.execute("SELECT x FROM design_x ORDER BY sample").fetchall()
        return np.array([json.loads(r[0]) for r in rows]) if rows else None

    # ------------------------------------------------------------ runs

    def done_keys(self) -> set[str]:
        """Keys of runs stored as done (resume skips them)."""
        return {r[0] for r in self.conn.execute("SELECT key FROM runs WHERE status = 'done'")}

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

    def runs(self) -> pd.DataFrame:
        """Every run (without time series), in storage order; see analysis.load_runs."""
        frame = pd.read_sql_query(
            "SELECT key AS run_key, scenario, sample, replication, seed, status, duration,"
            " params, outputs, error FROM runs",
            self.conn,
        )
        return frame

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

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check passes."""
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
