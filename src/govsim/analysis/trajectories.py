"""Trajectory tables: per-scenario means with confidence intervals, or envelopes of a sample.

Both stream the stored series from SQLite and never hold every run in memory at
once: compared scenarios keep running sums per (scenario, output); sampled
designs read one output at a time to take quantiles across sample points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from govsim.experiments.store import Store

__all__ = ["in_design_order", "timeseries_envelope", "timeseries_summary"]


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


#: Quantiles of a sampled design's envelope, by column name.
ENVELOPE_QUANTILES = {"q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75, "q95": 0.95}


def timeseries_envelope(store: Store, outputs: list[str]) -> pd.DataFrame:
    """Quantiles of every output at every step over all done runs of a sampled design.

    A sampled design's runs differ in their parameters, so their mean has no
    confidence interval worth drawing; the quantiles show how far the sampled
    space spreads the trajectories. One output is held in memory at a time.
    """
    frames = []
    for output in outputs:
        series = store.output_series(output)
        if series.size == 0:
            continue
        with np.errstate(all="ignore"):
            qs = {name: np.nanquantile(series, q, axis=0) for name, q in ENVELOPE_QUANTILES.items()}
        frame = pd.DataFrame({"output": output, "step": np.arange(series.shape[1]), **qs})
        frame["n"] = (~np.isnan(series)).sum(axis=0)
        frames.append(frame)
    columns = ["output", "step", "median", "q05", "q25", "q75", "q95", "n"]
    return (
        pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    )


def in_design_order(frame: pd.DataFrame, scenarios: list[str], outputs: list[str]) -> pd.DataFrame:
    """Sort by scenario and output as the design lists them, then by step."""
    keys = frame.assign(
        _s=frame["scenario"].map({s: i for i, s in enumerate(scenarios)}),
        _o=frame["output"].map({o: i for i, o in enumerate(outputs)}),
    )
    keys = keys.sort_values(["_s", "_o", "step"], kind="stable")
    return keys.drop(columns=["_s", "_o"]).reset_index(drop=True)
