"""Sensitivity tables of sampled designs: Sobol, Morris, FAST and Latin hypercube.

The design matrix X and the SALib problem are read from the store (never
regenerated), Y is the mean over each sample point's successful replications.
Sobol and Morris refuse to run with missing points unless told to drop them;
dropping removes whole Saltelli blocks or Morris trajectories so that the
remaining sample keeps its structure.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import fast as fast_analyze
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from scipy import stats

from govsim.errors import UserError
from govsim.experiments import sampling

__all__ = ["partial_rank_correlations", "sample_means", "sensitivity_tables"]


def analyze_sobol(
    prob: dict[str, Any], y: np.ndarray, second_order: bool, seed: int, resamples: int = 200
) -> dict[str, Any]:
    """Sobol S1, ST (and S2) with bootstrap 95% confidence half-widths."""
    return sobol_analyze.analyze(
        dict(prob),
        y,
        calc_second_order=second_order,
        num_resamples=resamples,
        conf_level=0.95,
        seed=seed,
    )


def analyze_morris(
    prob: dict[str, Any], x: np.ndarray, y: np.ndarray, levels: int, seed: int
) -> dict[str, Any]:
    """Morris mu*, its bootstrap 95% confidence half-width, and sigma."""
    return morris_analyze.analyze(
        dict(prob), x, y, num_resamples=200, conf_level=0.95, num_levels=levels, seed=seed
    )


def analyze_fast(prob: dict[str, Any], y: np.ndarray, m: int, seed: int) -> dict[str, Any]:
    """Extended FAST first and total order indices with 95% confidence half-widths.

    SALib warns that its bootstrap intervals for FAST are only indicative
    (SALib issue 649); the warning is silenced here and the caveat is in
    docs/experiments.md.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="FAST confidence intervals", category=UserWarning)
        return fast_analyze.analyze(
            dict(prob), y, M=m, num_resamples=200, conf_level=0.95, seed=seed
        )


def sample_means(done: pd.DataFrame, outputs: list[str], n_samples: int) -> np.ndarray:
    """Y: one row per sample point (mean over its done replications; NaN if none)."""
    means = done.groupby("sample")[outputs].mean()
    return means.reindex(range(n_samples)).to_numpy(float)


def _keep_complete_blocks(y: np.ndarray, block: int, drop: bool, what: str) -> np.ndarray:
    """Boolean mask of rows in blocks with no missing point; refuses gaps unless ``drop``.

    A point is missing when any output lacks a finite value (no successful run):
    a NaN must never reach SALib, which turns it into indices of 0 +- 0.
    """
    missing = ~np.isfinite(y).all(axis=1)
    if not missing.any():
        return np.ones(len(y), dtype=bool)
    if not drop:
        raise UserError(
            f"{int(missing.sum())} of {len(y)} sample points have no successful run; "
            f"the {what} analysis needs every point (use --drop-failed to drop the "
            f"incomplete {'blocks' if what == 'Sobol' else 'trajectories'})"
        )
    bad = missing.reshape(-1, block).any(axis=1)
    if bad.all():
        raise UserError(f"no complete {what} block is left after dropping failed points")
    return np.repeat(~bad, block)


def _sobol(
    prob: dict[str, Any],
    y: np.ndarray,
    outputs: list[str],
    opts: dict[str, Any],
    seed: int,
    s2: bool,
    drop: bool,
) -> dict[str, pd.DataFrame]:
    names, d = prob["names"], prob["num_vars"]
    second = bool(opts["second_order"])
    if s2 and not second:
        raise UserError("--s2 needs a Sobol design with second_order = true")
    block = sampling.sobol_block_size(d, second)
    y = y[_keep_complete_blocks(y, block, drop, "Sobol")]
    n_base = len(y) // block
    sizes = sorted({n for n in (n_base >> k for k in range(5)) if n >= 8} | {n_base})
    first, conv, pairs = [], [], []
    for j, out in enumerate(outputs):
        for n in sizes:
            res = analyze_sobol(prob, y[: n * block, j], second, seed)
            for k, name in enumerate(names):
                conv.append((out, name, n, res["S1"][k], res["ST"][k]))
        for k, name in enumerate(names):
            first.append(
                (out, name, res["S1"][k], res["S1_conf"][k], res["ST"][k], res["ST_conf"][k])
            )
        if s2:
            for a, b in zip(*np.triu_indices(d, 1), strict=True):
                pairs.append((out, names[a], names[b], res["S2"][a, b], res["S2_conf"][a, b]))
    tables = {
        "sobol_indices": pd.DataFrame(
            first, columns=["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
        ),
        "sobol_convergence": pd.DataFrame(
            conv, columns=["output", "parameter", "n_samples", "S1", "ST"]
        ),
    }
    if s2:
        tables["sobol_s2"] = pd.DataFrame(
            pairs, columns=["output", "parameter_1", "parameter_2", "S2", "S2_conf"]
        )
    return tables


def _morris(
    prob: dict[str, Any],
    x: np.ndarray,
    y: np.ndarray,
    outputs: list[str],
    opts: dict[str, Any],
    seed: int,
    drop: bool,
) -> dict[str, pd.DataFrame]:
    keep = _keep_complete_blocks(y, prob["num_vars"] + 1, drop, "Morris")
    x, y = x[keep], y[keep]
    rows = []
    for j, out in enumerate(outputs):
        res = analyze_morris(prob, x, y[:, j], opts["levels"], seed)
        for k, name in enumerate(prob["names"]):
            rows.append((out, name, res["mu_star"][k], res["mu_star_conf"][k], res["sigma"][k]))
    return {
        "morris": pd.DataFrame(
            rows, columns=["output", "parameter", "mu_star", "mu_star_conf", "sigma"]
        )
    }


def _fast(
    prob: dict[str, Any], y: np.ndarray, outputs: list[str], opts: dict[str, Any], seed: int
) -> dict[str, pd.DataFrame]:
    if not np.isfinite(y).all():
        raise UserError("FAST needs every sample point; some have no successful run")
    rows = []
    for j, out in enumerate(outputs):
        res = analyze_fast(prob, y[:, j], opts["m"], seed)
        for k, name in enumerate(prob["names"]):
            rows.append(
                (out, name, res["S1"][k], res["S1_conf"][k], res["ST"][k], res["ST_conf"][k])
            )
    cols = ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    return {"fast_indices": pd.DataFrame(rows, columns=cols)}


def partial_rank_correlations(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PRCC of each column of ``x`` with ``y``, and the degrees of freedom of each.

    Ranks are taken, the other columns are regressed out of both the column and
    ``y`` (least squares with an intercept), and the residuals are correlated
    (Marino et al. 2008, J. Theor. Biol. 254:178).
    """
    n, k = x.shape
    rx = np.apply_along_axis(stats.rankdata, 0, x)
    ry = stats.rankdata(y)
    out = np.full(k, np.nan)
    for j in range(k):
        others = np.column_stack([np.ones(n), np.delete(rx, j, axis=1)])
        res_x = rx[:, j] - others @ np.linalg.lstsq(others, rx[:, j], rcond=None)[0]
        res_y = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        denom = np.sqrt((res_x @ res_x) * (res_y @ res_y))
        out[j] = float(res_x @ res_y / denom) if denom > 0 else np.nan
    return out, np.full(k, n - 3 - (k - 1))


def _fisher_ci(r: float, dof: int) -> tuple[float, float, float]:
    """95% interval of a (partial) correlation by Fisher's z, and its two-sided p-value."""
    if not np.isfinite(r) or dof < 1:
        return np.nan, np.nan, np.nan
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    half = stats.norm.ppf(0.975) / np.sqrt(dof)
    p = 2 * stats.norm.sf(abs(z) * np.sqrt(dof))
    return float(np.tanh(z - half)), float(np.tanh(z + half)), float(p)


def _rank_correlations(
    prob: dict[str, Any], x: np.ndarray, y: np.ndarray, outputs: list[str]
) -> dict[str, pd.DataFrame]:
    rows = []
    for j, out in enumerate(outputs):
        ok = np.isfinite(y[:, j])
        prcc, dof = partial_rank_correlations(x[ok], y[ok, j])
        for k, name in enumerate(prob["names"]):
            rho = float(stats.spearmanr(x[ok, k], y[ok, j])[0]) if ok.sum() > 2 else np.nan
            low, high, p = _fisher_ci(prcc[k], int(dof[k]))
            rows.append((out, name, rho, float(prcc[k]), low, high, p, int(ok.sum())))
    cols = ["output", "parameter", "spearman", "prcc", "prcc_low", "prcc_high", "p_value", "n"]
    return {"rank_correlations": pd.DataFrame(rows, columns=cols)}


def sensitivity_tables(
    meta: dict[str, Any],
    x: np.ndarray,
    done: pd.DataFrame,
    outputs: list[str],
    seed: int,
    s2: bool = False,
    drop_failed: bool = False,
) -> dict[str, pd.DataFrame]:
    """The tables of a sampled design.

    Args:
        meta: the store's metadata (design, problem, design options).
        x: the stored design matrix.
        done: successful runs with one column per output.
        outputs: output names.
        seed: bootstrap seed.
        s2: also write second-order Sobol indices.
        drop_failed: drop incomplete blocks/trajectories instead of refusing.

    Returns:
        Table name -> frame.
    """
    prob, opts, design = meta["problem"], meta["design_options"], meta["design"]
    y = sample_means(done, outputs, len(x))
    if design == "sobol":
        return _sobol(prob, y, outputs, opts, seed, s2, drop_failed)
    if s2:
        raise UserError("--s2 applies to Sobol designs only")
    if design == "morris":
        return _morris(prob, x, y, outputs, opts, seed, drop_failed)
    if design == "fast":
        return _fast(prob, y, outputs, opts, seed)
    return _rank_correlations(prob, x, y, outputs)
