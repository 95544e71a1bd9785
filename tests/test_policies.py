"""Each policy acts through its lever: only levers change, and the lever reaches its mechanism.

A policy may only move levers; the mechanism that reads the lever decides what
happens. These tests check the first link of that chain: switching a policy on
moves the quantity its mechanism acts on first (purchases, registrations,
awareness, skill, identity...), in the expected direction. Whether the
case study's patterns follow is not asserted here: ``govsim patterns`` judges
them with criteria that can fail.

Runs use common random numbers (the same seeds with and without the policy)
and average the last four years over several seeds, so the comparison is a
deterministic, paired estimate rather than a coin toss.
"""

import ast
import functools
from pathlib import Path

import numpy as np
import pytest

from govsim.model.runner import run
from govsim.policies import Levers, PolicySettings, policy_names, registered

SEEDS = range(8)
SIZE = {"world.n_residents": 4000, "world.steps": 96, "world.warmup_months": 36}

#: The quantity each policy's mechanism acts on first, which must rise.
TARGETS = {
    "transfer_functions": "purchase_spending",
    "legal_framework": "purchase_spending",
    "lower_registration_threshold": "org_births",
    "evaluation_system": "sanctioned_share",
    "information_disclosure": "awareness",
    "internal_governance": "service_quality",
    "independence": "org_independence",
    "training": "service_quality",
    "professional_recruitment": "professional_share",
    "community_identity": "community_identity",
    "resident_communication": "targeting",
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


@pytest.mark.parametrize("name", policy_names())
def test_a_policy_moves_only_its_own_levers(name):
    before = Levers()
    after = Levers()
    registered()[name](PolicySettings(enabled=True)).apply(after, 0.7)
    changed = {f for f in vars(before) if getattr(after, f) != getattr(before, f)}
    assert changed, f"{name} moves no lever"
    assert all(getattr(after, f) == 0.7 for f in changed), changed


def test_policy_code_holds_no_numbers_and_does_not_reach_the_model():
    root = Path(registered()["training"].__module__.replace(".", "/")).parent
    source_dir = Path(__file__).resolve().parents[1] / "src" / root
    # base.py declares the settings (their defaults and ranges); the policies are the rest
    for path in (p for p in source_dir.glob("*.py") if p.name != "base.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
                assert node.value in (0, 1, 0.0, 1.0), f"{path.name}:{node.lineno}: {node.value}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = getattr(node, "module", None) or node.names[0].name
                assert not module.startswith("govsim.model"), f"{path.name} imports {module}"


@pytest.mark.parametrize("policy", policy_names())
def test_policy_moves_its_target_upward(policy):
    metric = TARGETS[policy]
    treated = {f"policies.{policy}.enabled": True}
    diffs = np.array([_late_mean(treated, metric, s) - _late_mean({}, metric, s) for s in SEEDS])
    assert diffs.mean() > 0, f"{policy} lowered {metric}: {diffs.round(4)}"
