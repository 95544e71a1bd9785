"""Reading a result store: open it with a clear error, and its runs as one table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    """Open the store of an output directory, or fail with a clear message."""
    db = Path(out_dir) / STORE_NAME
    if not db.is_file():
        raise UserError(f"{out_dir} holds no experiment results ({STORE_NAME} not found)")
    return Store(db)


def load_runs(store: Store, meta: dict[str, Any]) -> pd.DataFrame:
    """Runs in design order, one column per output (NaN for failed runs)."""
    runs = store.runs()
    outputs = pd.DataFrame([json.loads(o) for o in runs["outputs"]], index=runs.index)
    names = meta.get("outputs") or list(outputs.columns)
    runs = pd.concat([runs.drop(columns=["outputs"]), outputs.reindex(columns=names)], axis=1)
    order = {s: i for i, s in enumerate(meta["scenarios"])}
    runs["_order"] = runs["scenario"].map(order)
    runs = runs.sort_values(["_order", "sample", "replication"], kind="stable")
    return runs.drop(columns="_order").reset_index(drop=True)
