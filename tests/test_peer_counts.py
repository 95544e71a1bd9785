"""The kept counts of neighbours taking part are the graph's product, always."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.config.scenario import apply_overrides, load_scenario
from govsim.model.model import GovernanceModel
from govsim.model.network import build_adjacency
from govsim.model.population import ResidentState, State
from govsim.model.runner import timeseries
from govsim.model.warmup import WarmupCache


def _product(res: ResidentState) -> np.ndarray:
    """The count as the product over the whole graph computes it."""
    return (res.adjacency @ res.participating().astype(float)).astype(np.int64)


def _assert_counts_are_the_product(res: ResidentState) -> None:
    np.testing.assert_array_equal(res.peers_taking_part(), _product(res))


@st.composite
def graphs(draw) -> ResidentState:
    """A small population on a random block graph (isolated residents included)."""
    n = draw(st.integers(1, 80))
    community = np.sort(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    community = np.asarray(community, dtype=np.int32)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    degree = draw(st.floats(0.0, 12.0))
    adjacency = build_adjacency(community, degree, draw(st.floats(0.0, 3.0)), rng)
    model = GovernanceModel("baseline", seed=0, n_residents=n, warmup_months=0)
    res = model.residents
    res.adjacency = adjacency
    res.peers_counted = np.zeros(n, dtype=adjacency.indptr.dtype)
    return res


@settings(max_examples=60, deadline=None)
@given(graphs(), st.lists(st.tuples(st.integers(0, 2**32 - 1), st.floats(0.0, 1.0)), max_size=6))
def test_kept_counts_equal_the_product_after_any_changes_of_state(res, changes):
    for seed, share in changes:
        rng = np.random.default_rng(seed)
        who = rng.random(res.n) < share
        codes = rng.integers(State.INACTIVE, State.VOLUNTEER + 1, res.n)
        res.state[who] = codes[who]
        _assert_counts_are_the_product(res)


def test_counts_written_behind_the_models_back_are_caught_up():
    model = GovernanceModel("baseline", seed=3, n_residents=700, warmup_months=0)
    model.step()
    res = model.residents
    res.state[:] = State.VOLUNTEER  # everyone at once, outside any kernel
    _assert_counts_are_the_product(res)
    res.state[::2] = State.USER
    _assert_counts_are_the_product(res)


def test_counts_survive_a_pickle_taken_between_updates():
    model = GovernanceModel("all_levels", seed=5, n_residents=900, warmup_months=12)
    model.step()  # the state changed since the counts were last brought up to date
    copy = pickle.loads(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301
    _assert_counts_are_the_product(copy.residents)
    for _ in range(3):
        model.step()
        copy.step()
    _assert_counts_are_the_product(copy.residents)
    np.testing.assert_array_equal(copy.residents.state, model.residents.state)


def test_a_shared_warm_up_keeps_the_counts_right():
    scenario = apply_overrides(
        load_scenario("all_levels"),
        {"world.n_residents": 500, "world.warmup_months": 24, "world.steps": 6},
    )
    cache = WarmupCache()
    cache.model(scenario, seed=1)
    shared = cache.model(scenario, seed=1)
    assert cache.hits == 1
    _assert_counts_are_the_product(shared.residents)


def _run(scenario, seed: int) -> pd.DataFrame:
    model = GovernanceModel(scenario, seed=seed)
    for _ in range(scenario.world.steps):
        model.step()
    return timeseries(model)


def test_the_model_gives_the_same_numbers_with_the_product_instead_of_kept_counts(monkeypatch):
    scenario = apply_overrides(
        load_scenario("all_levels"),
        {"world.n_residents": 1200, "world.warmup_months": 24, "world.steps": 24},
    )
    kept = _run(scenario, seed=4)

    def product(self, participating=None):
        p = self.participating() if participating is None else participating
        return self.adjacency @ p.astype(float)

    monkeypatch.setattr(ResidentState, "peers_taking_part", product)
    pd.testing.assert_frame_equal(_run(scenario, seed=4), kept, check_exact=True)
