"""Invariants over random valid scenarios, tiny and extreme ones included."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsim.config.scenario import apply_overrides, load_scenario, parameters
from govsim.model.metric_specs import METRICS
from govsim.model.model import GovernanceModel
from govsim.model.runner import timeseries

#: Small sizes so each example runs in a fraction of a second.
SIZES = {
    "world.n_residents": st.integers(1, 300),
    "world.n_communities": st.integers(1, 8),
    "world.steps": st.integers(1, 30),
    "organizations.per_10k_residents": st.sampled_from([0.0, 10.0, 100.0, 500.0]),
    "organizations.max_per_10k": st.floats(0, 100),
    "evaluation.cycle_months": st.integers(1, 24),
    "policies.evaluation_system.start": st.integers(0, 30),
}


def _strategy(p):
    if p.path in SIZES:
        return SIZES[p.path]
    if p.kind == "bool":
        return st.booleans()
    if p.kind == "int":
        return st.integers(int(p.low), int(min(p.high, 60)))
    return st.one_of(st.just(p.low), st.just(p.high), st.floats(p.low, p.high))


@st.composite
def scenarios(draw):
    """A valid scenario: every parameter drawn from its declared range."""
    values = {p.path: draw(_strategy(p)) for p in parameters() if p.kind != "list"}
    return apply_overrides(load_scenario("baseline"), values)


def _check(model: GovernanceModel) -> None:
    frame = timeseries(model)
    assert np.isfinite(frame.to_numpy()).all(), "NaN or infinite metric"
    for name, spec in METRICS.items():
        col = frame[name]
        assert (col >= 0).all(), name
        if spec.is_rate:
            assert (col <= 1.0 + 1e-12).all(), name
    kinds = ("purchase", "inhouse", "allowance", "support", "incentive")
    spent = sum(model.ledger[k] for k in kinds)
    s = model.scenario
    months = s.world.warmup_months + model.steps
    years = -(-months // 12)
    assert spent <= s.government.budget_per_resident * model.residents.n * years * (1 + 1e-9) + 1e-6
    paid = model.government_paid()
    received = sum(o.total_income["government"] for o in model.organizations)
    assert math.isclose(paid, received, rel_tol=1e-9, abs_tol=1e-6)
    res = model.residents
    for arr in (res.trust, res.identity, res.awareness, res.satisfaction, res.efficacy):
        assert ((arr >= 0) & (arr <= 1)).all()
    for org in model.organizations:
        assert 0 <= org.professionals <= org.staff


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_random_scenarios_keep_every_invariant(scenario, seed):
    model = GovernanceModel(scenario, seed=seed)
    for _ in range(scenario.world.steps):
        model.step()
    _check(model)


def _extreme(all_on: bool, **changes):
    values = {"world.n_residents": 200, "world.steps": 40, **changes}
    for p in parameters():
        if p.path.endswith(".enabled"):
            values[p.path] = all_on
        if all_on and p.path.endswith(".intensity"):
            values[p.path] = 1.0
    return apply_overrides(load_scenario("baseline"), values)


def test_one_community_no_organizations_all_policies_off():
    scenario = _extreme(
        False,
        **{
            "world.n_communities": 1,
            "organizations.per_10k_residents": 0.0,
            "organizations.max_per_10k": 0.0,
        },
    )
    model = GovernanceModel(scenario, seed=3)
    for _ in range(40):
        model.step()
    _check(model)
    assert model.government_paid() == 0.0


def test_everything_on_at_full_intensity_with_one_resident():
    model = GovernanceModel(_extreme(True, **{"world.n_residents": 1}), seed=3)
    for _ in range(40):
        model.step()
    _check(model)
