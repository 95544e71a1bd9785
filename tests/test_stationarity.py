"""After the warm-up the status quo does not drift, and what runs does not depend on size.

Three claims of the model description (docs/odd.md), each judged on paired
seeds with a t interval:

- the baseline is stationary: participation and trust in years 6-10 are
  within noise of years 1-5 (and within 0.01 of them);
- organizations per 10,000 residents agree at 5,000 and 50,000 residents;
- one budget: every policy package spends what the baseline spends, and a
  larger budget spends exactly what was asked.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from govsim.model.runner import run

pytestmark = pytest.mark.slow


def _interval(diffs: np.ndarray) -> tuple[float, float, float]:
    mean = float(diffs.mean())
    half = float(stats.t.ppf(0.975, diffs.size - 1) * diffs.std(ddof=1) / np.sqrt(diffs.size))
    return mean, mean - half, mean + half


def test_the_baseline_is_stationary_after_the_default_warm_up():
    drifts = []
    for seed in range(12):
        ts = run("baseline", seed=seed, overrides={"world.n_residents": 2000}).timeseries
        first, last = ts.iloc[1:61], ts.iloc[61:121]
        drifts.append(
            [
                last[c].mean() - first[c].mean()
                for c in ("participation_rate", "trust_in_organizations")
            ]
        )
    for name, column in zip(("participation", "trust"), np.array(drifts).T, strict=True):
        mean, low, high = _interval(column)
        assert low <= 0.0 <= high, f"{name} drifts by {mean:+.4f} [{low:+.4f}, {high:+.4f}]"
        assert abs(mean) < 0.01, f"{name} drifts by {mean:+.4f}"


def _organizations_per_10k(scenario: str, residents: int, seed: int) -> float:
    size = {"world.n_residents": residents, "world.warmup_months": 60, "world.steps": 60}
    ts = run(scenario, seed=seed, overrides=size).timeseries
    return float(ts["organizations_per_10k"].iloc[1:].mean())


@pytest.mark.parametrize("scenario", ["baseline", "all_levels"])
def test_organizations_per_10k_do_not_depend_on_the_size_of_the_street(scenario):
    small = np.array([_organizations_per_10k(scenario, 5_000, s) for s in range(8)])
    large = np.array([_organizations_per_10k(scenario, 50_000, s) for s in range(8)])
    mean, low, high = _interval(large - small)
    assert low <= 0.0 <= high, f"{mean:+.2f} [{low:+.2f}, {high:+.2f}] per 10,000"
    assert abs(mean) < 0.3 * small.mean()


def _spent(scenario: str, seed: int, **changes) -> float:
    size = {"world.n_residents": 2000, "world.warmup_months": 24, **changes}
    return float(
        run(scenario, seed=seed, overrides=size).timeseries["government_spending"].iloc[1:].sum()
    )


def test_every_package_spends_the_baseline_budget_and_more_money_is_asked_for():
    for seed in range(3):
        baseline = _spent("baseline", seed)
        assert _spent("all_levels", seed) == pytest.approx(baseline, rel=0.01)
        assert _spent("organizations", seed) == pytest.approx(baseline, rel=0.01)
        richer = _spent("all_levels", seed, **{"government.budget_per_resident": 330.0})
        assert richer == pytest.approx(1.1 * baseline, rel=0.001)
