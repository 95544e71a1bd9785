"""Per-point values of a robustness design: outcomes, paired effects, claims, plausibility.

At every sampled point of a robustness design every policy runs on the same
seeds. A replication counts at a point only when every policy has a done run
on it, so each policy's mean over the point's counted replications is paired
with the base's mean over the same replications, and their difference is the
paired effect at that point. Effects and claims are signed by the output's
goal (``max``: higher is better; ``min``: lower is better) where the design
states one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from govsim.experiments.criteria import Criterion

__all__ = ["P1_FILTER", "PointValues", "point_values"]

#: Relative size below which a claim's value is floating-point rounding, i.e. zero.
_ROUNDING = 1e-9

#: The P1 criteria a point's base policy is held to, and how each reads the outputs.
P1_FILTER = {
    "participation": ("participation_rate", lambda y: y["participation_rate"]),
    "government_share": ("1 - org_independence", lambda y: 1 - y["org_independence"]),
    "staff_turnover": ("staff_turnover", lambda y: y["staff_turnover"]),
}


@dataclass(frozen=True)
class PointValues:
    """The per-point means of every policy and output.

    Attributes:
        policies: policy labels, the base first.
        outputs: output names.
        values: shape (policies, points, outputs): each policy's mean over the
            point's complete replications; NaN where a point has none.
        goals: output -> ``"max"`` or ``"min"`` where the design states a goal.
    """

    policies: list[str]
    outputs: list[str]
    values: np.ndarray
    goals: dict[str, str]

    @property
    def base(self) -> str:
        """The base policy."""
        return self.policies[0]

    @property
    def n_points(self) -> int:
        """Sampled points (complete or not)."""
        return self.values.shape[1]

    def outcome(self, policy: str, output: str) -> np.ndarray:
        """A policy's per-point mean of an output."""
        return self.values[self.policies.index(policy), :, self.outputs.index(output)]

    def effect(self, policy: str, output: str) -> np.ndarray:
        """The paired effect of a policy against the base at every point."""
        return self.outcome(policy, output) - self.outcome(self.base, output)

    def sign(self, output: str) -> float:
        """+1 when higher is better (or no goal), -1 when lower is better."""
        return -1.0 if self.goals.get(output) == "min" else 1.0

    def claim(self, claim: dict[str, Any], output: str) -> np.ndarray:
        """A claim's value per point: positive where it holds (effects signed by the goal).

        A value within rounding of zero (relative to the outcomes it is computed
        from) is zero: exactly additive effects are not "super-additive" by a
        last bit of floating point.
        """
        s = self.sign(output)
        own = s * self.effect(claim["policy"], output)
        others = np.array([s * self.effect(p, output) for p in claim["against"]])
        rival = others.max(axis=0) if claim["rule"] == "best" else others.sum(axis=0)
        value = own - rival
        # NaN at an incomplete point, where the value is NaN too
        scale = np.abs(self.values[:, :, self.outputs.index(output)]).max(axis=0)
        with np.errstate(invalid="ignore"):
            return np.where(np.abs(value) <= _ROUNDING * scale, 0.0, value)

    def regret(self, output: str) -> np.ndarray:
        """Per policy and point: how far it falls short of the best policy there (>= 0)."""
        index = self.outputs.index(output)
        scored = self.sign(output) * self.values[:, :, index]
        return scored.max(axis=0, keepdims=True) - scored  # NaN at an incomplete point

    def plausible(self, criteria: dict[str, Any]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Which points' base policy shows P1 within tolerance, overall and per criterion.

        Args:
            criteria: the P1 table of a pattern file (criterion -> bound, tolerance, source).
        """
        base = {o: self.outcome(self.base, o) for o in self.outputs}
        passes = {}
        for key, (_, read) in P1_FILTER.items():
            crit = Criterion.model_validate(criteria[key])
            value = read(base)
            passes[key] = np.array([bool(np.isfinite(v) and crit.admits(v)) for v in value])
        return np.logical_and.reduce(list(passes.values())), passes


def point_values(
    done: pd.DataFrame,
    policies: list[str],
    outputs: list[str],
    n_points: int,
    goals: dict[str, str] | None = None,
) -> PointValues:
    """Each policy's mean over the complete replications of every point.

    Args:
        done: successful runs: ``scenario`` (the policy), ``sample``,
            ``replication`` and one column per output.
        policies: policy labels, the base first.
        outputs: output names.
        n_points: sampled points in the design.
        goals: output -> ``"max"`` or ``"min"``.

    Returns:
        The per-point means.
    """
    reps = int(done["replication"].max()) + 1 if len(done) else 1
    cube = np.full((len(policies), n_points, reps, len(outputs)), np.nan)
    for p, policy in enumerate(policies):
        runs = done[done["scenario"] == policy]
        i = runs["sample"].to_numpy(int)
        r = runs["replication"].to_numpy(int)
        cube[p, i, r, :] = runs[outputs].to_numpy(float)
    complete = np.isfinite(cube).all(axis=(0, 3))  # (points, reps): every policy done
    cube[:, ~complete, :] = np.nan
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Mean of empty slice", RuntimeWarning)
        values = np.nanmean(cube, axis=2)  # NaN at a point without a complete replication
    return PointValues(list(policies), list(outputs), values, dict(goals or {}))
