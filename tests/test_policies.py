"""Each policy moves the outcome it targets, in the expected direction.

Runs use common random numbers (the same seeds with and without the policy)
and average the second half of each run over several seeds, so the
comparison is a deterministic, paired estimate rather than a coin toss.
"""

import functools

import numpy as np
import pytest

from govsim.model.runner import run
from govsim.policies import policy_names

SEEDS = range(8)
SIZE = {"world.n_residents": 4000, "world.steps": 96}

#: The outcome each policy is meant to move (case study section IV), upward.
TARGETS = {
    "transfer_functions": "service_coverage",
    "legal_framework": "service_coverage",
    "lower_registration_threshold": "active_organizations",
    "evaluation_system": "service_quality",
    "information_disclosure": "trust_in_organizations",
    "internal_governance": "service_quality",
    "independence": "org_independence",
    "training": "service_quality",
    "professional_recruitment": "professional_share",
    "community_identity": "community_identity",
    "resident_communication": "needs_match",
    "participation_innovation": "participation_rate",
}


@functools.cache
def _late_means(overrides: tuple, seed: int):
    ts = run("baseline", seed=seed, overrides={**SIZE, **dict(overrides)}).timeseries
    return ts.iloc[-48:].mean()


def _late_mean(overrides: dict, metric: str, seed: int) -> float:
    return float(_late_means(tuple(sorted(overrides.items())), seed)[metric])


def test_every_policy_has_a_target():
    assert set(TARGETS) == set(policy_names())


@pytest.mark.parametrize("policy", policy_names())
def test_policy_moves_its_target_upward(policy):
    metric = TARGETS[policy]
    treated = {f"policies.{policy}.enabled": True}
    diffs = np.array([_late_mean(treated, metric, s) - _late_mean({}, metric, s) for s in SEEDS])
    assert diffs.mean() > 0, f"{policy} lowered {metric}: {diffs.round(4)}"
