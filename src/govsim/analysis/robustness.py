"""Tables of a robustness design: how a conclusion holds over the sampled space.

For every policy and output: the distribution of paired effects over the
sampled points (quantiles) and the share of points where the effect is
positive, with Wilson's 95% interval; regret against the best policy at each
point (outputs with a goal); derived claims ("all levels beat the best single
level"); which points' status quo shows pattern P1 (with a pattern file), and
every summary again over those plausible points alone. With a Sobol or Morris
sampler, the indices of each *effect* say which uncertain parameters a
conclusion depends on.

The share of positive points is a statement about the sampled space under the
sampling distribution (uniform over the ranges): its interval is the
uncertainty from having sampled finitely many points, and with one
replication per point the seed's noise is part of each point's effect.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from govsim.analysis.indices import analyze_morris, analyze_sobol
from govsim.analysis.points import P1_FILTER, PointValues, point_values
from govsim.analysis.summaries import wilson_interval
from govsim.experiments import sampling

__all__ = ["SUBSETS", "robustness_tables"]

#: The subsets of points every summary is given for: all, and those that show P1.
SUBSETS = ("all", "plausible")

_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def _summary(values: np.ndarray) -> tuple[Any, ...]:
    """n, mean, quantiles, share positive and its Wilson interval of the finite values."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        return (0, *[np.nan] * 9)
    q05, q25, q50, q75, q95 = np.quantile(v, _QUANTILES)
    positive = int((v > 0).sum())
    low, high = wilson_interval(positive, v.size)
    return (v.size, float(v.mean()), q50, q05, q25, q75, q95, positive / v.size, low, high)


_SUMMARY = [
    "n",
    "mean",
    "median",
    "q05",
    "q25",
    "q75",
    "q95",
    "share_positive",
    "share_ci_low",
    "share_ci_high",
]


def _subsets(kept: np.ndarray | None) -> dict[str, np.ndarray | slice]:
    return {"all": slice(None)} if kept is None else {"all": slice(None), "plausible": kept}


def _effects_table(pv: PointValues, subsets: dict[str, Any]) -> pd.DataFrame:
    rows = [
        (subset, policy, pv.base, out, *_summary(pv.effect(policy, out)[mask]))
        for subset, mask in subsets.items()
        for policy in pv.policies[1:]
        for out in pv.outputs
    ]
    return pd.DataFrame(rows, columns=["subset", "policy", "base", "output", *_SUMMARY])


def _claims_table(pv: PointValues, claims: list[dict], subsets: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for subset, mask in subsets.items():
        for claim in claims:
            for out in pv.goals:
                summary = _summary(pv.claim(claim, out)[mask])
                rows.append((subset, claim["name"], out, pv.goals[out], *summary))
    columns = ["subset", "claim", "output", "goal", *_SUMMARY]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(
        columns={
            "share_positive": "share_holds",
            "share_ci_low": "ci_low",
            "share_ci_high": "ci_high",
        }
    )


def _regret_rows(pv: PointValues, out: str, subset: str, mask: Any) -> list[tuple]:
    regret = pv.regret(out)[:, mask]
    ok = np.isfinite(regret).all(axis=0)
    rows = []
    for p, policy in enumerate(pv.policies):
        r = regret[p, ok]
        if r.size == 0:
            rows.append((subset, policy, out, pv.goals[out], 0, *[np.nan] * 5))
            continue
        best = float((r == 0).mean())  # ties: every policy that reaches the best counts
        summary = (float(r.mean()), float(np.median(r)), float(np.quantile(r, 0.95)), r.max(), best)
        rows.append((subset, policy, out, pv.goals[out], r.size, *summary))
    return rows


def _regret_table(pv: PointValues, subsets: dict[str, Any]) -> pd.DataFrame:
    rows = [
        row
        for subset, mask in subsets.items()
        for out in pv.goals
        for row in _regret_rows(pv, out, subset, mask)
    ]
    columns = ["subset", "policy", "output", "goal", "n", "mean", "median", "q95", "max"]
    return pd.DataFrame(rows, columns=[*columns, "share_best"])


def _long(pv: PointValues, kept: np.ndarray, claims: list[dict]) -> dict[str, pd.DataFrame]:
    """Every point's effects and claim values, for figures and for reading by hand."""
    samples = np.arange(pv.n_points)
    effects = [
        pd.DataFrame(
            {"sample": samples, "kept": kept, "policy": policy, "output": out,
             "effect": pv.effect(policy, out)}
        )
        for policy in pv.policies[1:]
        for out in pv.outputs
    ]  # fmt: skip
    values = [
        pd.DataFrame(
            {"sample": samples, "kept": kept, "claim": claim["name"], "output": out,
             "value": pv.claim(claim, out)}
        )
        for claim in claims
        for out in pv.goals
    ]  # fmt: skip
    tables = {"robustness_point_effects": pd.concat(effects, ignore_index=True).dropna()}
    if values:
        tables["robustness_point_claims"] = pd.concat(values, ignore_index=True).dropna()
    return tables


def _filter_table(pv: PointValues, criteria: dict[str, Any]) -> tuple[pd.DataFrame, np.ndarray]:
    kept, passes = pv.plausible(criteria)
    complete = np.isfinite(pv.values).all(axis=(0, 2))
    rows = []
    for key, (reads, _) in P1_FILTER.items():
        c = criteria[key]
        bound = next(f"{op} {c[k]:g}" for k, op in _OPS.items() if c.get(k) is not None)
        target = f"{bound} (tolerance {c['tolerance']:g})"
        rows.append((key, reads, target, int(complete.sum()), int(passes[key][complete].sum())))
    rows.append(("all", "all three", "every criterion", int(complete.sum()), int(kept.sum())))
    columns = ["criterion", "reads", "target", "n", "n_kept"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["share_kept"] = frame["n_kept"] / frame["n"].where(frame["n"] > 0)
    return frame, kept


_OPS = {"at_most": "<=", "at_least": ">=", "above": ">", "below": "<"}


def _targets(pv: PointValues, claims: list[dict]) -> list[tuple[str, str, np.ndarray]]:
    """(effect or claim name, output, values per point) for the indices of an effect."""
    out = [(p, o, pv.effect(p, o)) for p in pv.policies[1:] for o in pv.outputs]
    return out + [(c["name"], o, pv.claim(c, o)) for c in claims for o in pv.goals]


def _index_tables(
    meta: dict[str, Any], x: np.ndarray, pv: PointValues, claims: list[dict], seed: int
) -> dict[str, pd.DataFrame]:
    """Sobol or Morris indices of every effect and claim (samplers that allow them)."""
    opts, prob = meta["design_options"], meta["problem"]
    sampler, d = opts["sampler"], prob["num_vars"]
    if sampler == "lhs":
        return {}
    block = sampling.sobol_block_size(d, False) if sampler == "sobol" else d + 1
    rows = []
    for target, out, y in _targets(pv, claims):
        keep = np.repeat(np.isfinite(y).reshape(-1, block).all(axis=1), block)
        if not keep.any() or np.ptp(y[keep]) == 0:
            continue  # no complete block, or a constant: nothing varies to apportion
        if sampler == "sobol":
            res = analyze_sobol(prob, y[keep], False, seed)
            cols = ("S1", "S1_conf", "ST", "ST_conf")
        else:
            res = analyze_morris(prob, x[keep], y[keep], opts["levels"], seed)
            cols = ("mu_star", "mu_star_conf", "sigma")
        for k, name in enumerate(prob["names"]):
            rows.append((target, out, name, *(float(res[c][k]) for c in cols)))
    table = "effect_sobol" if sampler == "sobol" else "effect_morris"
    return {table: pd.DataFrame(rows, columns=["target", "output", "parameter", *cols])}


def robustness_tables(
    meta: dict[str, Any], x: np.ndarray, done: pd.DataFrame, outputs: list[str], seed: int
) -> dict[str, pd.DataFrame]:
    """The tables of a robustness design.

    Args:
        meta: the store's metadata (policies, design options, problem, P1 criteria).
        x: the stored design matrix.
        done: the successful runs.
        outputs: output names.
        seed: the analysis seed (Sobol and Morris bootstraps).

    Returns:
        Table name -> frame.
    """
    opts = meta["design_options"]
    claims = list(opts.get("claims") or [])
    pv = point_values(done, list(meta["scenarios"]), outputs, len(x), opts.get("goals"))
    tables: dict[str, pd.DataFrame] = {}
    kept = None
    criteria = (meta.get("plausible") or {}).get("P1")
    if criteria:
        tables["robustness_filter"], kept = _filter_table(pv, criteria)
    subsets = _subsets(kept)
    tables["robustness_effects"] = _effects_table(pv, subsets)
    if pv.goals:
        tables["robustness_regret"] = _regret_table(pv, subsets)
    if claims:
        tables["robustness_claims"] = _claims_table(pv, claims, subsets)
    all_kept = np.ones(pv.n_points, dtype=bool) if kept is None else kept
    tables.update(_long(pv, all_kept, claims))
    tables.update(_index_tables(meta, x, pv, claims, seed))
    return tables
