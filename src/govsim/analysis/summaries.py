"""Summary tables of compared scenarios: means, paired effects, factorial effects, noise.

Each function takes the successful runs (one column per output) and returns a
table declared in :mod:`govsim.analysis.tables`. Every resampling is seeded, so
the same runs always give the same tables.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "factorial_effects",
    "paired_effects",
    "scenario_means",
    "seed_variance",
    "wilson_interval",
]

_BOOTSTRAP = 2000


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


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a share ``successes / n`` (NaN for ``n = 0``).

    Unlike the normal approximation it stays inside [0, 1] and keeps its
    coverage near a share of 0 or 1 (Wilson 1927; Brown, Cai & DasGupta 2001);
    computed by scipy's ``BinomTestResult.proportion_ci(method="wilson")``.
    """
    if n <= 0:
        return np.nan, np.nan
    ci = stats.binomtest(successes, n).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


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


#: Relative spread below which an output counts as not varying (float rounding).
_ROUNDING = 1e-9


def seed_variance(done: pd.DataFrame, outputs: list[str]) -> pd.DataFrame:
    """Share of each output's variance that is within-point seed noise.

    The share is the one-way analysis of variance's within-point sum of squares
    over the total sum of squares, so it lies in [0, 1]: a ratio of mean variances
    would exceed 1 when the points do not differ. It is NaN for an output that
    does not vary (spread below rounding: every scenario spending the same
    budget), where there is no variance to share, and without replications.
    """
    rows = []
    for out in outputs:
        values = done[["scenario", "sample", out]].dropna()
        x = values[out].to_numpy(dtype=float)
        points = values.groupby(["scenario", "sample"])[out]
        share = np.nan
        replicated = len(x) > 1 and bool((points.transform("size") > 1).any())
        if replicated and np.ptp(x) > _ROUNDING * max(1.0, float(np.abs(x).max())):
            point_mean = points.transform("mean")
            within = float(((x - point_mean.to_numpy()) ** 2).sum())
            total = float(((x - x.mean()) ** 2).sum())
            share = min(1.0, within / total)
        rows.append((out, share))
    return pd.DataFrame(rows, columns=["output", "seed_variance_share"])
