"""The collector's one-pass metrics are the reporters' numbers, bit for bit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govsim.model.metrics import REPORTERS, measure, median_of_ints
from govsim.model.model import GovernanceModel
from govsim.model.organizations import OrgStatus

#: Frequent, noisy reviews with short clocks: every status an organization can have.
STRICT = {
    "evaluation.cycle_months": 6,
    "evaluation.judge_noise": 0.3,
    "evaluation.restructuring_months": 3,
    "evaluation.suspension_months": 2,
}


@pytest.mark.parametrize(
    ("scenario", "residents", "communities"),
    [("baseline", 1200, 7), ("all_levels", 1500, 7), ("all_levels", 300, 12)],
)
def test_measure_equals_every_reporter(scenario, residents, communities):
    model = GovernanceModel(
        scenario,
        seed=3,
        n_residents=residents,
        n_communities=communities,
        warmup_months=24,
        **(STRICT if scenario == "all_levels" else {}),
    )
    statuses = set()
    for _ in range(48):
        model.step()
        statuses |= {o.status for o in model.organizations}
        values = measure(model)
        assert list(values) == list(REPORTERS)
        for name, reporter in REPORTERS.items():
            expected = float(reporter(model))
            assert values[name] == expected or (math.isnan(expected) and math.isnan(values[name]))
    if scenario == "all_levels" and residents > 1000:  # the organization branches were taken
        assert statuses == set(OrgStatus)


def test_collector_records_what_measure_gives():
    model = GovernanceModel("baseline", seed=1, n_residents=400, warmup_months=0, steps=3)
    for _ in range(3):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame.iloc[-1].to_dict() == measure(model)


def test_median_of_ints_is_numpys_median():
    rng = np.random.default_rng(0)
    for n in range(1, 60):
        values = rng.integers(0, 2_000, n).tolist()
        assert median_of_ints(values) == float(np.median(values))
