"""Analyse a stored experiment: write the tables its design calls for to ``DIR/tables/``.

Only ``govsim analyze`` (or a caller of :func:`analyze`) runs this; reading
results never does. Every table written is declared in
:mod:`govsim.analysis.tables` and checked against its declaration. Every
resampling is seeded from the experiment's root seed, so analysing the same
store twice (or a resumed store and an uninterrupted one) gives identical tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from govsim.analysis import summaries, trajectories
from govsim.analysis.indices import sensitivity_tables
from govsim.analysis.patterns import pattern_tables
from govsim.analysis.robustness import robustness_tables
from govsim.analysis.runs import load_runs, open_store
from govsim.analysis.tables import METADATA_KEYS, SAMPLED, TABLES, check_columns
from govsim.errors import UserError
from govsim.experiments.seeds import analysis_seed
from govsim.experiments.store import Store

__all__ = ["AnalysisResult", "analyze"]


@dataclass(frozen=True)
class AnalysisResult:
    """What an analysis wrote."""

    tables_dir: Path
    tables: list[str]
    n_runs: int
    n_done: int
    n_failed: int
    n_missing: int
    experiment_path: str | None = None


def _clear(tables_dir: Path) -> None:
    """Remove earlier tables so a table the design no longer calls for does not linger.

    The answers of ``govsim discover`` stay: they are read from the same store.
    """
    kept = {f"{spec.name}.csv" for spec in TABLES if spec.writer != "analyze"}
    for old in [*tables_dir.glob("*.csv"), tables_dir / "metadata.json"]:
        if old.name not in kept:
            old.unlink(missing_ok=True)


def _metadata(meta: dict[str, Any], runs: pd.DataFrame) -> dict[str, Any]:
    out = {k: meta.get(k) for k in METADATA_KEYS}
    out["n_runs"] = int(meta.get("n_runs", len(runs)))
    out["n_failed"] = int((runs["status"] == "failed").sum())
    out["n_done"] = int((runs["status"] == "done").sum())
    return out


def _design_tables(
    store: Store,
    meta: dict[str, Any],
    runs: pd.DataFrame,
    outputs: list[str],
    seed: int,
    s2: bool,
    drop_failed: bool,
) -> dict[str, pd.DataFrame]:
    done = runs[runs["status"] == "done"]
    design, scenarios = meta["design"], meta["scenarios"]
    tables: dict[str, pd.DataFrame] = {}
    if design in ("compare", "factorial"):
        if s2:
            raise UserError("--s2 applies to Sobol designs only")
        tables["scenario_means"] = summaries.scenario_means(done, outputs, scenarios)
    if design in ("robustness", "patterns") and s2:
        raise UserError("--s2 applies to Sobol designs only")
    if design == "compare":
        tables["paired_effects"] = summaries.paired_effects(
            done, outputs, scenarios, meta["base"], seed
        )
    elif design == "robustness":
        tables.update(robustness_tables(meta, store.design_x(), done, outputs, seed))
    elif design == "patterns":
        return pattern_tables(done, meta, seed)  # seed noise is what its intervals are about
    elif design == "factorial":
        tables["factorial_effects"] = summaries.factorial_effects(
            done, outputs, meta["cells"], seed
        )
    else:
        x = store.design_x()
        tables.update(sensitivity_tables(meta, x, done, outputs, seed, s2, drop_failed))
    if meta["replications"] > 1:
        tables["seed_variance"] = summaries.seed_variance(done, outputs)
    return tables


def _trajectory_tables(
    store: Store, meta: dict[str, Any], outputs: list[str]
) -> dict[str, pd.DataFrame]:
    if not meta.get("timeseries"):
        return {}
    if meta["design"] in SAMPLED:
        return {"timeseries_envelope": trajectories.timeseries_envelope(store, outputs)}
    summary = trajectories.timeseries_summary(store)
    return {"timeseries_summary": trajectories.in_design_order(summary, meta["scenarios"], outputs)}


def _outputs(meta: dict[str, Any], runs: pd.DataFrame) -> list[str]:
    if meta.get("outputs"):
        return list(meta["outputs"])
    return list(runs.columns[list(runs.columns).index("error") + 1 :])


def _all_tables(
    store: Store, meta: dict[str, Any], runs: pd.DataFrame, s2: bool, drop_failed: bool
) -> dict[str, pd.DataFrame]:
    outputs = _outputs(meta, runs)
    seed = analysis_seed(int(meta["root_seed"]))
    # failed runs keep their traceback, last, so a reader sees why they failed
    error = runs["error"]
    tables = {"runs": runs.drop(columns=["params", "error"]).assign(error=error)}
    tables.update(_design_tables(store, meta, runs, outputs, seed, s2, drop_failed))
    tables.update(_trajectory_tables(store, meta, outputs))
    nodes, edges = store.network()
    if len(nodes):
        tables["network_nodes"], tables["network_edges"] = nodes, edges
    return tables


def analyze(out_dir: str | Path, *, s2: bool = False, drop_failed: bool = False) -> AnalysisResult:
    """Write the analysis tables of a stored experiment to ``out_dir/tables/``.

    Args:
        out_dir: the experiment's output directory.
        s2: also write second-order Sobol indices (Sobol designs with second_order).
        drop_failed: analyse a Sobol or Morris design with failed points by
            dropping their blocks or trajectories (otherwise an error).

    Returns:
        What was written.

    Raises:
        UserError: no store, or an analysis the stored design cannot support.
    """
    out_dir = Path(out_dir)
    with open_store(out_dir) as store:
        meta = store.meta()
        runs = load_runs(store, meta)
        tables = _all_tables(store, meta, runs, s2, drop_failed)
        for name, frame in tables.items():
            check_columns(name, list(frame.columns))
        tables_dir = out_dir / "tables"
        tables_dir.mkdir(exist_ok=True)
        _clear(tables_dir)
        for name, frame in tables.items():
            frame.to_csv(tables_dir / f"{name}.csv", index=False)
        info = _metadata(meta, runs)
        (tables_dir / "metadata.json").write_text(json.dumps(info, indent=2) + "\n")
    n_done, n_failed = info["n_done"], info["n_failed"]
    return AnalysisResult(
        tables_dir,
        [f"{n}.csv" for n in tables],
        info["n_runs"],
        n_done,
        n_failed,
        info["n_runs"] - n_done - n_failed,
        meta.get("experiment_path"),
    )
