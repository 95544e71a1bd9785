"""Analysis of a stored experiment: the tables named in docs/architecture.md.

``analyze(out_dir)`` reads the store and writes CSV tables to ``out_dir/tables/``:
only the tables the design calls for. Every resampling is seeded from the
experiment's root seed, so analysing the same store twice (or a resumed store
and an uninterrupted one) gives identical tables. Time series are aggregated
inside SQLite, never loaded whole.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from govsim.errors import UserError
from govsim.experiments.seeds import analysis_seed
from govsim.experiments.store import STORE_NAME, Store
from govsim.results import METADATA_KEYS

__all__ = ["AnalysisResult", "analyze", "load_runs"]

_BOOTSTRAP = 2000


@dataclass(frozen=True)
class AnalysisResult:
    """What an analysis wrote."""

    tables_dir: Path
    tables: list[str]
    n_runs: int
    n_done: int
    n_failed: int
    n_missing: int


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


def _t_ci(values: np.ndarray) -> tuple[float, float, float]:
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return np.nan, np.nan, np.nan
    mean = float(values.mean())
    if n < 2:
        return mean, np.nan, np.nan
    half = float(stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def _bootstrap_ci(values: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    if len(values) < 2:
        return np.nan, np.nan
    idx = rng.integers(0, len(values), size=(_BOOTSTRAP, len(values)))
    means = values[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)


# ---------------------------------------------------------------- tables


def scenario_means(done: pd.DataFrame, outputs: list[str], scenarios: list[str]) -> pd.DataFrame:
    """Mean of each output per scenario with a t-based 95% CI."""
    rows = []
    for scen in scenarios:
        sub = done[done["scenario"] == scen]
        for out in outputs:
            mean, low, high = _t_ci(sub[out].to_numpy(float))
            rows.append((scen, out, mean, low, high, int(sub[out].notna().sum())))
    return pd.DataFrame(rows, columns=["scenario", "output", "mean", "ci_low", "ci_high", "n"])


def paired_effects(
    done: pd.DataFrame, outputs: list[str], scenarios: list[str], base: str, seed: int
) -> pd.DataFrame:
    """Scenario minus base, paired by replication (common seeds), bootstrap 95% CI."""
    rows = []
    base_runs = done[done["scenario"] == base].set_index("replication")
    for i, scen in enumerate(s for s in scenarios if s != base):
        other = done[done["scenario"] == scen].set_index("replication")
        reps = base_runs.index.intersection(other.index)
        for j, out in enumerate(outputs):
            diff = (other.loc[reps, out] - base_runs.loc[reps, out]).dropna().to_numpy(float)
            rng = np.random.default_rng([seed, 1, i, j])
            low, high = _bootstrap_ci(diff, rng)
            effect = float(diff.mean()) if len(diff) else np.nan
            rows.append((scen, base, out, effect, low, high, len(diff)))
    return pd.DataFrame(
        rows, columns=["scenario", "base", "output", "effect", "ci_low", "ci_high", "n"]
    )


def _contrasts(cells: dict[str, dict[str, str]]) -> dict[str, np.ndarray]:
    """Contrast vectors over factorial cells.

    Two-level factors get main effects and every interaction (the effect is
    mean(y | +) - mean(y | -)); a factor with more levels gets one main-effect
    contrast per non-first level against the first.
    """
    labels = list(cells)
    factors = list(next(iter(cells.values())))
    levels = {f: list(dict.fromkeys(cells[c][f] for c in labels)) for f in factors}
    n = len(labels)
    out: dict[str, np.ndarray] = {}
    two = [f for f in factors if len(levels[f]) == 2]
    sign = {
        f: np.array([1.0 if cells[c][f] == levels[f][1] else -1.0 for c in labels]) for f in two
    }
    for k in range(1, len(two) + 1):
        for term in itertools.combinations(two, k):
            s = np.prod([sign[f] for f in term], axis=0)
            out[":".join(term)] = s / (n / 2)  # mean(y | +) - mean(y | -)
    for f in factors:
        if len(levels[f]) > 2:
            share = n / len(levels[f])
            first = np.array([cells[c][f] == levels[f][0] for c in labels], dtype=float)
            for lvl in levels[f][1:]:
                this = np.array([cells[c][f] == lvl for c in labels], dtype=float)
                out[f"{f}[{lvl}]"] = (this - first) / share
    return out


def factorial_effects(
    done: pd.DataFrame, outputs: list[str], cells: dict[str, dict[str, str]], seed: int
) -> pd.DataFrame:
    """Main effects and interactions, bootstrapped over complete replications."""
    labels = list(cells)
    contrasts = _contrasts(cells)
    rows = []
    for j, out in enumerate(outputs):
        table = (
            done.pivot_table(index="replication", columns="scenario", values=out, aggfunc="first")
            .reindex(columns=labels)
            .dropna()
        )
        y = table.to_numpy(float)
        for i, (term, c) in enumerate(contrasts.items()):
            per_rep = y @ c
            rng = np.random.default_rng([seed, 2, i, j])
            low, high = _bootstrap_ci(per_rep, rng)
            effect = float(per_rep.mean()) if len(per_rep) else np.nan
            rows.append((out, term, effect, low, high))
    return pd.DataFrame(rows, columns=["output", "term", "effect", "ci_low", "ci_high"])


def seed_variance(done: pd.DataFrame, outputs: list[str]) -> pd.DataFrame:
    """Share of each output's variance that is within-point seed noise."""
    rows = []
    groups = done.groupby(["scenario", "sample"])
    for out in outputs:
        within = groups[out].var(ddof=1).dropna()
        total = done[out].var(ddof=1)
        share = float(within.mean() / total) if len(within) and total > 0 else np.nan
        rows.append((out, share))
    return pd.DataFrame(rows, columns=["output", "seed_variance_share"])


def timeseries_summary(store: Store) -> pd.DataFrame:
    """Mean and t-based 95% CI of every output at every step, per scenario.

    Streams the stored series and keeps only running sums per (scenario,
    output), so memory does not grow with the number of runs.
    """
    sums: dict[tuple[str, str], list[np.ndarray]] = {}
    for _key, scenario, output, values in store.iter_timeseries():
        acc = sums.get((scenario, output))
        if acc is None or len(acc[0]) < len(values):
            acc = _grow(acc, len(values))
            sums[scenario, output] = acc
        ok = ~np.isnan(values)
        acc[0][: len(values)] += ok
        acc[1][: len(values)] += np.where(ok, values, 0.0)
        acc[2][: len(values)] += np.where(ok, values * values, 0.0)
    frames = [_moments_frame(scenario, output, *acc) for (scenario, output), acc in sums.items()]
    columns = ["scenario", "output", "step", "mean", "ci_low", "ci_high", "n"]
    return (
        pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    )


def _grow(acc: list[np.ndarray] | None, length: int) -> list[np.ndarray]:
    out = [np.zeros(length) for _ in range(3)]
    if acc is not None:
        for new, old in zip(out, acc, strict=True):
            new[: len(old)] = old
    return out


def _moments_frame(
    scenario: str, output: str, n: np.ndarray, total: np.ndarray, sumsq: np.ndarray
) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
        var = np.clip((sumsq - n * mean**2) / (n - 1), 0, None)
        half = stats.t.ppf(0.975, n - 1) * np.sqrt(var / n)
    return pd.DataFrame(
        {
            "scenario": scenario,
            "output": output,
            "step": np.arange(len(n)),
            "mean": mean,
            "ci_low": mean - half,
            "ci_high": mean + half,
            "n": n.astype(int),
        }
    )


# ---------------------------------------------------------------- the whole analysis


def _in_design_order(frame: pd.DataFrame, scenarios: list[str], outputs: list[str]) -> pd.DataFrame:
    """Sort by scenario and output as the design lists them, then by step."""
    keys = frame.assign(
        _s=frame["scenario"].map({s: i for i, s in enumerate(scenarios)}),
        _o=frame["output"].map({o: i for i, o in enumerate(outputs)}),
    )
    keys = keys.sort_values(["_s", "_o", "step"], kind="stable")
    return keys.drop(columns=["_s", "_o"]).reset_index(drop=True)


def _clear(tables_dir: Path) -> None:
    """Remove earlier tables so a table the design no longer calls for does not linger."""
    for old in [*tables_dir.glob("*.csv"), tables_dir / "metadata.json"]:
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
    from govsim.experiments.indices import sensitivity_tables  # noqa: PLC0415

    done = runs[runs["status"] == "done"]
    design, scenarios = meta["design"], meta["scenarios"]
    tables: dict[str, pd.DataFrame] = {}
    if design in ("compare", "factorial"):
        if s2:
            raise UserError("--s2 applies to Sobol designs only")
        tables["scenario_means"] = scenario_means(done, outputs, scenarios)
    if design == "compare":
        tables["paired_effects"] = paired_effects(done, outputs, scenarios, meta["base"], seed)
    elif design == "factorial":
        tables["factorial_effects"] = factorial_effects(done, outputs, meta["cells"], seed)
    else:
        x = store.design_x()
        tables.update(sensitivity_tables(meta, x, done, outputs, seed, s2, drop_failed))
    if meta["replications"] > 1:
        tables["seed_variance"] = seed_variance(done, outputs)
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
        outputs = meta.get("outputs") or [
            c for c in runs.columns[list(runs.columns).index("error") + 1 :]
        ]
        seed = analysis_seed(int(meta["root_seed"]))
        # failed runs keep their traceback, last, so a reader sees why they failed
        error = runs["error"]
        tables = {"runs": runs.drop(columns=["params", "error"]).assign(error=error)}
        tables.update(_design_tables(store, meta, runs, outputs, seed, s2, drop_failed))
        if meta.get("timeseries"):
            tables["timeseries_summary"] = _in_design_order(
                timeseries_summary(store), meta["scenarios"], outputs
            )
        nodes, edges = store.network()
        if len(nodes):
            tables["network_nodes"], tables["network_edges"] = nodes, edges
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
    )
