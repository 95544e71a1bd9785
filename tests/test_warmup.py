"""Paired runs share one warm-up, and a shared warm-up changes no number."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govsim.config.scenario import apply_overrides, load_scenario
from govsim.model.model import GovernanceModel
from govsim.model.runner import timeseries
from govsim.model.warmup import WarmupCache, warmup_key

SIZE = {"world.n_residents": 400, "world.warmup_months": 30, "world.steps": 18}


def _scenario(name: str, **changes):
    return apply_overrides(load_scenario(name), {**SIZE, **changes})


def _run(model: GovernanceModel) -> pd.DataFrame:
    for _ in range(model.scenario.world.steps):
        model.step()
    return timeseries(model)


def test_a_shared_warm_up_gives_the_numbers_of_a_fresh_model():
    cache = WarmupCache()
    for name in ("baseline", "all_levels", "training", "baseline"):
        scenario = _scenario(name)
        shared = _run(cache.model(scenario, seed=7))
        fresh = _run(GovernanceModel(scenario, seed=7))
        pd.testing.assert_frame_equal(shared, fresh, check_exact=True)
    assert (cache.misses, cache.hits) == (1, 3)


def test_the_warm_up_key_ignores_policies_and_horizon_but_not_settings_or_seed():
    base = _scenario("baseline")
    assert warmup_key(base, 1) == warmup_key(_scenario("all_levels"), 1)
    assert warmup_key(base, 1) == warmup_key(_scenario("baseline", **{"world.steps": 99}), 1)
    assert warmup_key(base, 1) != warmup_key(base, 2)
    other = _scenario("baseline", **{"residents.cost": 1.2})
    assert warmup_key(base, 1) != warmup_key(other, 1)


def test_the_cache_keeps_only_the_most_recent_states():
    cache = WarmupCache(size=2)
    for seed in (1, 2, 3, 1):
        cache.model(_scenario("baseline"), seed)
    assert (cache.misses, cache.hits) == (4, 0)
    cache.model(_scenario("training"), 1)
    assert cache.hits == 1


def _arrays(model):
    res = model.residents
    for holder in (model, res, res.adjacency, model.government, *model.organizations):
        for name, value in vars(holder).items():
            if isinstance(value, np.ndarray):
                yield f"{type(holder).__name__}.{name}", value


def test_a_shared_warm_up_hands_out_arrays_with_numpys_own_dtypes():
    # unpickled arrays carry a copy of their dtype (numpy/numpy#32298), which
    # takes ufunc.at off its fast path; copies get numpy's own instances back
    scenario = _scenario("all_levels", **{"world.warmup_months": 24})
    cache = WarmupCache()
    cache.model(scenario, seed=3)
    copy = cache.model(scenario, seed=3)
    assert cache.hits == 1
    foreign = [name for name, a in _arrays(copy) if a.dtype is not np.dtype(a.dtype.str)]
    assert foreign == []
