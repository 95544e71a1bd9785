"""Two helpers for the classroom notebooks: run a small study, and compare runs seed by seed.

They only call govsim's public API (the experiment engine, the analysis, the
tables), so a student can read them in a minute and a teacher can change the
classroom sizes in one place. Results go to ``results/lab/``; a study already
run (by the lab or by its answer key) is read back instead of run again.
"""

from __future__ import annotations

import hashlib
import textwrap
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w
from scipy import stats

from govsim.analysis.analyze import analyze
from govsim.analysis.export import export
from govsim.analysis.results import Results, load_results
from govsim.experiments.engine import run_experiment
from govsim.outputs.formatting import format_estimate

__all__ = [
    "CLASSROOM",
    "REPLICATIONS",
    "by_replication",
    "estimates",
    "mean_ci",
    "study",
    "trajectories_by_replication",
]

#: Classroom sizes: a street of 2,000 residents and a ten-year warm-up before the
#: ten years recorded. A study for a paper uses the defaults (10,000 residents, a
#: warm-up long enough for the status quo to settle) and more replications.
CLASSROOM: dict[str, Any] = {"world.n_residents": 2000, "world.warmup_months": 120}

#: Replications of every scenario: enough for a 95% interval, few enough for a class.
REPLICATIONS = 10

#: Where the studies are written.
RESULTS = Path("results") / "lab"


def study(name: str, design: str, *, overrides: Mapping[str, Any] | None = None) -> Results:
    """Run a small experiment (or read it back) and return its analysis tables.

    Args:
        name: a short name (the folder under ``results/lab/``).
        design: the experiment file's design, in TOML: ``design``, ``base``,
            ``outputs``, ``timeseries`` and the design's table, as in
            ``experiments/*.toml``. The name, the root seed, the replications
            and the ``[overrides]`` table are added here.
        overrides: scenario values of every run by key path, on top of the
            classroom sizes (:data:`CLASSROOM`).

    Returns:
        The tables of :func:`govsim.analysis.results.load_results`.
    """
    head = {"name": name, "root_seed": 20240601, "replications": REPLICATIONS}
    tail = {"overrides": {**CLASSROOM, **(overrides or {})}}
    # The design's text is kept as written: the order of a factor's levels
    # says which is its low level.
    text = f"{tomli_w.dumps(head)}{textwrap.dedent(design).strip()}\n\n{tomli_w.dumps(tail)}"
    tomllib.loads(text)  # a mistake in the design is reported here, with its line
    # The folder is named by the file's content: a changed design is a new study,
    # the same design (in the lab and in its answer key) is run once.
    out = RESULTS / f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"
    out.mkdir(parents=True, exist_ok=True)
    path = out.with_suffix(".toml")
    path.write_text(text, encoding="utf-8")
    run_experiment(path, out=out, resume=True, progress=False)
    analyze(out)
    return load_results(out)


def by_replication(results: Results, output: str) -> pd.DataFrame:
    """One row per replication, one column per scenario: an output's final values.

    With common random numbers, replication ``r`` of every scenario runs on the
    same seed, so a difference of two columns, row by row, is the effect of
    the change on one and the same street.
    """
    runs = results.table("runs")
    runs = runs[runs["status"] == "done"]
    return runs.pivot(index="replication", columns="scenario", values=output)


def trajectories_by_replication(results: Results, output: str) -> pd.DataFrame:
    """An output's stored monthly series: one row per (scenario, replication), one column per step.

    The study must keep its time series (``timeseries = true``).
    """
    export(results.path)  # tidy tables of the store, under export/
    series = pd.read_csv(results.path / "export" / "timeseries.csv")
    series = series[series["output"] == output]
    runs = results.table("runs")[["run_key", "scenario", "replication"]]
    series = series.merge(runs, on="run_key")
    return series.pivot_table(index=["scenario", "replication"], columns="step", values="value")


def estimates(table: pd.DataFrame, value: str = "mean", rows: str = "scenario") -> pd.DataFrame:
    """A table of estimates as text, ``value [ci_low, ci_high]``, one column per output.

    Each estimate is rounded to the precision its interval supports.
    """
    text = table.assign(
        estimate=[
            format_estimate(v, lo, hi)
            for v, lo, hi in zip(table[value], table["ci_low"], table["ci_high"], strict=True)
        ]
    )
    shown = text.pivot(index=rows, columns="output", values="estimate")
    return shown.reindex(index=table[rows].unique(), columns=table["output"].unique())


def mean_ci(values: pd.Series | np.ndarray, level: float = 0.95) -> pd.Series:
    """The mean of ``values`` and its t-based confidence interval."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    half = stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
    return pd.Series({"mean": x.mean(), "ci_low": x.mean() - half, "ci_high": x.mean() + half})
