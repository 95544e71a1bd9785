"""The pattern checks: each criterion's estimate, its 95% interval and its verdict.

A pattern experiment (design ``patterns``, ``experiments/patterns.toml``) runs
the scenarios of :data:`~govsim.experiments.criteria.PATTERN_SCENARIOS` on the
same seeds; each run returns window means and survival counts
(:mod:`govsim.model.patterns`). Here every criterion is an estimator of those
per-seed numbers. Its interval is a percentile bootstrap over *seeds*: a
resample draws whole replications, so the scenarios stay paired and the
organizations of one run stay together (for P4's pooled survival). The
verdict compares the interval with the criterion's bound in the pattern file
(:meth:`~govsim.experiments.criteria.Criterion.verdict`).

What each criterion estimates:

* P1 on the baseline, means of the last ``late_months`` months: participation;
  government share of organizations' income (1 - ``org_independence``); staff
  turnover; and the paired gain in ``targeting`` and in ``needs_match`` that
  resident communication brings (needs match "clearly below what communication
  reaches").
* P2 super-additivity per seed: [all levels - baseline] - the sum over the
  three levels of [level - baseline], on participation and service quality.
  Context (not judged): all levels against the best single level.
* P3 per seed: the relative gain in coverage minus the relative gain in
  satisfaction when the budget is multiplied; and the paired change in needs match.
* P4 after purchasing stops: restricted mean survival (months alive out of
  ``follow_months``) of organizations with a government share of income of at
  least ``high_share`` minus that of those below ``low_share``, pooled over
  seeds. Context: the same gap in the baseline, where purchasing goes on.
* P5 transfer of functions with against without evaluation: service quality
  after the first review; coverage over the twelve months after it (the dip);
  coverage over the last ``late_months`` months (the recovery).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from govsim.errors import UserError
from govsim.experiments.criteria import Criterion, PatternsOptions

__all__ = ["NOT_JUDGED", "pattern_tables"]

#: The verdict of a context row: reported next to a criterion, never judged.
NOT_JUDGED = "not judged"

_BOOTSTRAP = 2000
_LEVELS = ("government", "organizations", "residents")
_CLASSES = ("high", "mid", "low", "none")

Estimator = Callable[["_Columns"], np.ndarray]


class _Columns:
    """Per-seed values by (scenario, output), for the seeds of ``index`` (one row per resample)."""

    def __init__(self, data: dict[tuple[str, str], np.ndarray], index: np.ndarray):
        self.data = data
        self.index = index

    def __call__(self, scenario: str, output: str) -> np.ndarray:
        return self.data[scenario, output][self.index]


@dataclass(frozen=True)
class _Row:
    """One row of the patterns table: what it estimates and how."""

    pattern: str
    key: str
    text: str
    estimate: Estimator
    judged: bool = True


def _mean(scenario: str, output: str) -> Estimator:
    return lambda c: c(scenario, output).mean(axis=-1)


def _effect(scenario: str, base: str, output: str) -> Estimator:
    return lambda c: (c(scenario, output) - c(base, output)).mean(axis=-1)


def _super_additivity(output: str) -> Estimator:
    def estimate(c: _Columns) -> np.ndarray:
        base = c("baseline", output)
        levels = sum(c(level, output) - base for level in _LEVELS)
        return (c("all_levels", output) - base - levels).mean(axis=-1)

    return estimate


def _relative_gain_gap(c: _Columns) -> np.ndarray:
    cov, sat = "late.service_coverage", "late.satisfaction"
    with np.errstate(divide="ignore", invalid="ignore"):
        gain_cov = c("more_budget", cov) / c("baseline", cov) - 1
        gain_sat = c("more_budget", sat) / c("baseline", sat) - 1
    return (gain_cov - gain_sat).mean(axis=-1)


def _rmst(c: _Columns, scenario: str, cls: str) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        months = c(scenario, f"p4.{cls}.months").sum(axis=-1)
        return months / c(scenario, f"p4.{cls}.n").sum(axis=-1)


def _survival_gap(scenario: str) -> Estimator:
    return lambda c: _rmst(c, scenario, "high") - _rmst(c, scenario, "low")


def _best_level(data: dict[tuple[str, str], np.ndarray], output: str) -> str:
    """The level with the largest mean effect on ``output`` (on every seed, fixed in resamples)."""
    effects = {lv: float((data[lv, output] - data["baseline", output]).mean()) for lv in _LEVELS}
    return max(effects, key=lambda lv: effects[lv])


def _rows(options: PatternsOptions, data: dict[tuple[str, str], np.ndarray]) -> list[_Row]:
    late, base = f"last {options.late_months} months", "baseline"
    best = {o: _best_level(data, f"late.{o}") for o in ("participation_rate", "service_quality")}
    return [
        _Row("P1", "participation", f"participation, baseline, {late}",
             _mean(base, "late.participation_rate")),
        _Row("P1", "government_share", f"government share of organizations' income, {late}",
             lambda c: 1 - c(base, "late.org_independence").mean(axis=-1)),
        _Row("P1", "staff_turnover", f"yearly staff turnover, baseline, {late}",
             _mean(base, "late.staff_turnover")),
        _Row("P1", "targeting_gain", f"targeting: resident communication - baseline, {late}",
             _effect("resident_communication", base, "late.targeting")),
        _Row("P1", "needs_match_gain", f"needs match: resident communication - baseline, {late}",
             _effect("resident_communication", base, "late.needs_match")),
        _Row("P2", "participation", "participation: all levels - sum of the three level effects",
             _super_additivity("late.participation_rate")),
        _Row("P2", "service_quality", "service quality: all levels - sum of the level effects",
             _super_additivity("late.service_quality")),
        _Row("P2", "all_vs_best_participation",
             f"context: participation, all levels - best level ({best['participation_rate']})",
             _effect("all_levels", best["participation_rate"], "late.participation_rate"), False),
        _Row("P2", "all_vs_best_service_quality",
             f"context: service quality, all levels - best level ({best['service_quality']})",
             _effect("all_levels", best["service_quality"], "late.service_quality"), False),
        _Row("P3", "coverage_over_satisfaction",
             f"budget x{options.budget_factor:g}: relative gain in coverage - in satisfaction",
             _relative_gain_gap),
        _Row("P3", "needs_match", f"budget x{options.budget_factor:g}: change in needs match",
             _effect("more_budget", base, "late.needs_match")),
        _Row("P4", "survival_gap",
             f"purchasing stops: months alive of {options.follow_months}, dependent - independent",
             _survival_gap("stop_purchasing")),
        _Row("P4", "survival_gap_baseline",
             "context: the same gap in the baseline (purchasing goes on)",
             _survival_gap(base), False),
        _Row("P5", "quality", "evaluation: service quality after the first review",
             _effect("transfer_evaluation", "transfer_functions", "review.service_quality")),
        _Row("P5", "coverage_dip", "evaluation: coverage, 12 months after the first review",
             _effect("transfer_evaluation", "transfer_functions", "dip.service_coverage")),
        _Row("P5", "coverage_recovery", f"evaluation: coverage, {late}",
             _effect("transfer_evaluation", "transfer_functions", "late.service_coverage")),
    ]  # fmt: skip


def _paired_data(done: pd.DataFrame, scenarios: list[str]) -> dict[tuple[str, str], np.ndarray]:
    """Per-seed values of every output, on the replications every scenario completed."""
    outputs = [c for c in done.columns if c.startswith(("late.", "review.", "dip.", "p4."))]
    wide = {s: done[done["scenario"] == s].set_index("replication") for s in scenarios}
    reps = sorted(set.intersection(*(set(w.index) for w in wide.values())))
    return {(s, o): wide[s].loc[reps, o].to_numpy(float) for s in scenarios for o in outputs}


def _interval(estimate: Estimator, data: dict, n: int, rng: np.random.Generator) -> tuple:
    """Estimate on every seed, and its 95% percentile interval over seed resamples."""
    point = float(estimate(_Columns(data, np.arange(n))))
    if n < 2:
        return point, np.nan, np.nan
    draws = estimate(_Columns(data, rng.integers(0, n, size=(_BOOTSTRAP, n))))
    finite = draws[np.isfinite(draws)]
    if finite.size < 0.9 * _BOOTSTRAP:  # too many resamples without a value (empty class)
        return point, np.nan, np.nan
    low, high = np.percentile(finite, [2.5, 97.5])
    return point, float(low), float(high)


def _criteria_table(options: PatternsOptions, data: dict, n: int, seed: int) -> pd.DataFrame:
    rows = []
    for i, row in enumerate(_rows(options, data)):
        estimate, low, high = _interval(row.estimate, data, n, np.random.default_rng([seed, 9, i]))
        crit: Criterion | None = options.criterion(row.pattern, row.key) if row.judged else None
        verdict = crit.verdict(low, high) if crit else NOT_JUDGED
        target = crit.target() if crit else "-"
        source = crit.source if crit else "-"
        rows.append(
            (row.pattern, row.key, row.text, estimate, low, high, target, verdict, n, source)
        )
    columns = ["pattern", "criterion", "description", "estimate", "ci_low", "ci_high", "target"]
    return pd.DataFrame(rows, columns=[*columns, "verdict", "n", "source"])


def _survival_table(options: PatternsOptions, data: dict, n: int, seed: int) -> pd.DataFrame:
    """Share of organizations alive after the census month, by class, pooled over seeds."""
    rows = []
    months = range(0, options.follow_months + 1, options.survival_step)
    for i, (scenario, cls) in enumerate(
        (s, c) for s in ("stop_purchasing", "baseline") for c in _CLASSES
    ):
        at_risk = data[scenario, f"p4.{cls}.n"]
        for k in months:

            def share(c: _Columns, s: str = scenario, cl: str = cls, m: int = k) -> np.ndarray:
                with np.errstate(divide="ignore", invalid="ignore"):
                    return c(s, f"p4.{cl}.alive.{m}").sum(axis=-1) / c(s, f"p4.{cl}.n").sum(axis=-1)

            rng = np.random.default_rng([seed, 10, i, k])
            value, low, high = _interval(share, data, n, rng)
            alive = int(data[scenario, f"p4.{cls}.alive.{k}"].sum())
            rows.append((scenario, cls, k, int(at_risk.sum()), alive, value, low, high, n))
    columns = ["scenario", "class", "month", "at_risk", "alive", "share", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=[*columns, "n"])


def pattern_tables(done: pd.DataFrame, meta: dict[str, Any], seed: int) -> dict[str, pd.DataFrame]:
    """The ``patterns`` and ``pattern_survival`` tables of a pattern experiment.

    Args:
        done: the successful runs, one column per output of the pattern model.
        meta: the store's metadata (its ``design_options`` are the ``[patterns]`` table).
        seed: the analysis seed (bootstrap resampling).

    Returns:
        Table name -> frame.

    Raises:
        UserError: when no seed has a done run of every scenario.
    """
    options = PatternsOptions.model_validate(meta["design_options"])
    data = _paired_data(done, list(meta["scenarios"]))
    n = len(next(iter(data.values()))) if data else 0
    if n == 0:
        raise UserError("no seed has a done run of every pattern scenario: nothing to judge")
    return {
        "patterns": _criteria_table(options, data, n, seed),
        "pattern_survival": _survival_table(options, data, n, seed),
    }
