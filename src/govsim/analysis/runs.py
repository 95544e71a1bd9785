"""Reading a result store: open it with a clear error, and its runs as one table.

A run counts as done only with a finite number for every output. Runs stored
as done without one (a store written before outputs were checked, or a model
that returned different outputs in different runs, with ``outputs`` unset) are
read as failed here, with the reason in ``error``, so no table is computed
from a NaN.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.errors import UserError
from govsim.experiments.store import STORE_NAME, Store

__all__ = ["RUN_COLUMNS", "load_runs", "open_store"]

#: Run columns that are labels rather than outputs, in table order.
RUN_COLUMNS = (
    "run_key",
    "scenario",
    "sample",
    "replication",
    "seed",
    "status",
    "duration",
    "params",
    "error",
)


def open_store(out_dir: str | Path) -> Store:
    """Open the store of an output directory for reading, or fail with a clear message."""
    db = Path(out_dir) / STORE_NAME
    if not db.is_file():
        raise UserError(f"{out_dir} holds no experiment results ({STORE_NAME} not found)")
    store = Store(db, readonly=True)
    meta = store.meta()
    missing = [k for k in ("design", "scenarios", "root_seed", "replications") if k not in meta]
    if missing:
        store.close()
        raise UserError(
            f"{db} holds no started experiment (its metadata lacks {', '.join(missing)}); "
            "run the experiment again with a new --out"
        )
    return store


def _incomplete(runs: pd.DataFrame, names: list[str]) -> None:
    """Read done runs that lack a finite value of some output as failed, saying which."""
    if not names:
        return
    values = runs[names].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    bad = (runs["status"] == "done").to_numpy() & ~np.isfinite(values).all(axis=1)
    for i in np.flatnonzero(bad):
        lacking = [n for n, v in zip(names, values[i], strict=True) if not np.isfinite(v)]
        runs.loc[runs.index[i], "error"] = (
            f"OutputError: no finite value of {', '.join(map(repr, lacking))}"
        )
    runs.loc[bad, "status"] = "failed"


def load_runs(store: Store, meta: dict[str, Any]) -> pd.DataFrame:
    """Runs in design order, one column per output (NaN for failed runs)."""
    runs = store.runs()
    outputs = pd.DataFrame([json.loads(o) for o in runs["outputs"]], index=runs.index)
    names = meta.get("outputs") or list(outputs.columns)
    runs = pd.concat([runs.drop(columns=["outputs"]), outputs.reindex(columns=names)], axis=1)
    _incomplete(runs, names)
    order = {s: i for i, s in enumerate(meta["scenarios"])}
    runs["_order"] = runs["scenario"].map(order)
    runs = runs.sort_values(["_order", "sample", "replication"], kind="stable")
    return runs.drop(columns="_order").reset_index(drop=True)
