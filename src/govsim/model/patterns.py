"""What a pattern check needs from one run: window means and organizations' survival.

:func:`pattern_run` is a plain-function model for the experiment engine
(``f(**params, seed) -> dict[str, float]``). It runs the bundled baseline with
key-path overrides, exactly as :func:`govsim.model.runner.run` does (runs
that differ only in policies share one warm-up), and
returns numbers that the final month alone cannot give:

* ``late.<metric>``: the mean of a metric over the last ``late_months`` months;
* ``review.<metric>``, ``dip.<metric>``: means over the months after the first
  review of the evaluation system (to the end of the run, and the twelve months
  right after it), for the evaluation trade-off;
* ``p4.<class>.n``, ``p4.<class>.alive.<k>`` and ``p4.<class>.months``:
  organizations alive at the
  start of ``census_month`` by their share of government income over the
  previous twelve months (class ``high`` >= ``high_share``, ``low`` <
  ``low_share``, ``mid`` between, ``none`` without income), and how many of
  them are still alive (not exited) ``k`` months later, every
  ``survival_step`` months up to ``follow_months``, and the months they lived
  in those ``follow_months`` (an exit in month ``m`` counts ``m - census_month``).

The model is not changed: the run is stepped as usual and its state is only
read. Every option is required, so the numbers come from the pattern file
(``experiments/patterns.toml``), never from defaults hidden here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from govsim.config.scenario import apply_overrides, load_scenario
from govsim.config.schema import Scenario
from govsim.model.memory import release_model
from govsim.model.model import GovernanceModel
from govsim.model.organizations import MONTHS, OrgStatus, SocialOrganization
from govsim.model.runner import WARMUPS

__all__ = [
    "DEPENDENCE_CLASSES",
    "WINDOW_METRICS",
    "dependence_class",
    "first_review_month",
    "pattern_outputs",
    "pattern_run",
]

#: Metrics averaged over the windows of a pattern run.
WINDOW_METRICS = (
    "participation_rate",
    "org_independence",
    "staff_turnover",
    "needs_match",
    "targeting",
    "service_quality",
    "service_coverage",
    "satisfaction",
    "active_organizations",
)

#: Classes of organizations by their share of government income, most dependent first.
DEPENDENCE_CLASSES = ("high", "mid", "low", "none")


def first_review_month(scenario: Scenario) -> int:
    """The month of the evaluation system's first review, whether or not it is enabled.

    Reviews fall at the end of each cycle counted from the policy's start
    (ODD section 3), so paired runs with and without evaluation share the window.
    """
    return scenario.policies.evaluation_system.start + scenario.evaluation.cycle_months - 1


def dependence_class(org: SocialOrganization, high_share: float, low_share: float) -> str:
    """An organization's class by its share of government income over the last twelve months."""
    by_source = org.income.sum(axis=1)
    total = float(by_source.sum())
    if total <= 0:
        return "none"
    share = float(by_source[0]) / total
    if share >= high_share:
        return "high"
    return "low" if share < low_share else "mid"


def _census(model: GovernanceModel, high_share: float, low_share: float) -> dict[int, str]:
    """The class of every organization alive now, by its Mesa id."""
    return {
        org.unique_id: dependence_class(org, high_share, low_share)
        for org in model.organizations
        if org.status is not OrgStatus.EXITED
    }


def _survival(
    model: GovernanceModel, census: dict[int, str], start: int, follow: int, step: int
) -> dict[str, float]:
    """Per class: at risk, alive ``k`` months after ``start``, and months alive in the follow-up.

    Exits within the follow-up are all observed (nothing is censored before it
    ends), so the share alive is the Kaplan-Meier estimate and months alive
    over the number at risk is the restricted mean survival time.
    """
    died = {org.unique_id: org.died for org in model.organizations}
    out: dict[str, float] = {}
    for name in DEPENDENCE_CLASSES:
        members = [died[i] for i, c in census.items() if c == name]
        out[f"p4.{name}.n"] = float(len(members))
        lived = [follow if d is None else min(d - start, follow) for d in members]
        out[f"p4.{name}.months"] = float(sum(lived))
        for k in range(0, follow + 1, step):
            alive = sum(d is None or d >= start + k for d in members)
            out[f"p4.{name}.alive.{k}"] = float(alive)
    return out


def _window(series: np.ndarray, first: int, last: int) -> float:
    """Mean of months ``first`` .. ``last`` (inclusive) of a recorded metric.

    Row 0 of a run's record is the end of the warm-up; row ``m + 1`` is month ``m``.
    """
    return float(series[first + 1 : last + 2].mean())


def pattern_outputs(
    records: Mapping[str, np.ndarray], steps: int, review: int, late_months: int
) -> dict[str, float]:
    """Window means of the recorded metrics (see the module docstring)."""
    out: dict[str, float] = {}
    for name in WINDOW_METRICS:
        series = records[name]
        out[f"late.{name}"] = _window(series, steps - late_months, steps - 1)
        out[f"review.{name}"] = _window(series, review + 1, steps - 1)
        out[f"dip.{name}"] = _window(series, review + 1, review + MONTHS)
    return out


def _check_windows(steps: int, review: int, late: int, census: int, follow: int) -> None:
    if not 0 < late <= steps:
        raise ValueError(f"late_months = {late} must lie in 1..{steps} (the run's months)")
    if review + MONTHS >= steps:
        raise ValueError(f"the first review (month {review}) leaves no 12 months after it")
    if census < 0 or census + follow > steps:
        raise ValueError(f"census month {census} + {follow} months of follow-up exceed {steps}")


def pattern_run(
    *,
    seed: int,
    late_months: int,
    census_month: int,
    follow_months: int,
    survival_step: int,
    high_share: float,
    low_share: float,
    **overrides: Any,
) -> dict[str, float]:
    """One run of the baseline with ``overrides``, summarised for the pattern checks.

    Args:
        seed: the run's seed.
        late_months: months at the end of the run averaged for ``late.*``.
        census_month: month at whose start organizations are classified (the
            month purchasing stops in the dependence check).
        follow_months: months organizations are followed after the census.
        survival_step: months between the survival counts.
        high_share: share of government income from which an organization is
            highly dependent.
        low_share: share of government income below which it is independent.
        **overrides: scenario values by key path (``"world.n_residents"``).

    Returns:
        Finite numbers by name (see the module docstring).

    Raises:
        ValueError: for windows that do not fit in the run.
    """
    scenario = apply_overrides(load_scenario("baseline"), overrides)
    steps, review = scenario.world.steps, first_review_month(scenario)
    _check_windows(steps, review, late_months, census_month, follow_months)
    model = WARMUPS.model(scenario, seed)  # the arms of a paired seed share one warm-up
    for _ in range(census_month):
        model.step()
    census = _census(model, high_share, low_share)
    for _ in range(census_month, steps):
        model.step()
    data = model.datacollector.model_vars
    records = {name: np.asarray(data[name], dtype=float) for name in WINDOW_METRICS}
    out = pattern_outputs(records, steps, review, late_months)
    out.update(_survival(model, census, census_month, follow_months, survival_step))
    release_model(model)
    return out
