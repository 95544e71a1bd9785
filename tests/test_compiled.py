"""The compiled resident kernels give the numbers of their numpy definitions, bit for bit.

The references below are the whole-array numpy code the compiled loops replaced
(tests/test_kernels.py and tests/test_selection.py hold delivery and the search
for whom to serve); a month of each, from the same state and the same draws,
must leave every resident array equal.
"""

from __future__ import annotations

import copy
import subprocess
import sys

import numpy as np
import pytest

from govsim.model import compiled, kernels
from govsim.model.model import GovernanceModel
from govsim.model.population import NEVER_SERVED, State


def _reference_month(res, p, m, levers, *, step, reputation, responsiveness, rng):
    """One month of resident dynamics as whole-array numpy (the code before compiling)."""
    lr, s = p.learning, m.satisfaction
    weight = np.where(res.served, lr, np.where(res.needy, s.unmet_learning * lr, 0.0))
    pull = np.where(res.served, res.experience, s.unmet_level)
    res.satisfaction += (pull - res.satisfaction) * weight
    res.trust += (res.org_experience - res.trust) * (lr * (res.org_experience >= 0.0))
    participating = res.participating()
    trust_around = (res.adjacency @ res.trust) * res.inv_degree
    awareness_around = (res.adjacency @ res.awareness) * res.inv_degree
    w = p.word_of_mouth * (res.inv_degree > 0)
    res.trust += w * (trust_around - res.trust)
    res.awareness += w * np.maximum(awareness_around - res.awareness, 0.0)
    res.awareness *= 1.0 - m.awareness.forgetting
    if levers.disclosure > 0.0:
        d = levers.disclosure
        res.awareness += m.awareness.disclosure_rate * d * (1.0 - res.awareness)
        res.trust += m.disclosure.trust_rate * d * (reputation - res.trust)
    i = m.identity
    res.identity += p.identity_decay * (res.identity_base - res.identity)
    gains = [
        i.participation_gain * taking_part + i.activity_gain * (levers.identity_building * reach)
        for taking_part, reach in ((1.0, i.reach_participants), (0.0, i.reach_others))
    ]
    res.identity += np.where(participating, *gains) * (1.0 - res.identity)
    e = m.efficacy
    target = np.minimum(
        e.base + e.decision_weight * levers.innovation + e.responsiveness_weight * responsiveness,
        1.0,
    )
    res.efficacy += (np.repeat(target, res.sizes()) - res.efficacy) * e.rate
    # participation: exact integer months (int64), the peer signal as a product
    recent = step - res.last_served.astype(np.int64) < m.participation.user_window
    who = np.flatnonzero(rng.random(res.n) < p.revision_rate)
    cost = p.cost * (1.0 - m.participation.decision_cost_cut * levers.innovation)
    peer = (res.adjacency @ participating.astype(float)) * res.inv_degree
    utility = (
        p.base_utility
        - cost
        + p.identity_weight * res.identity[who]
        + p.trust_weight * res.trust[who]
        + p.peer_weight * peer[who]
        + p.efficacy_weight * res.efficacy[who]
        + m.awareness.weight * res.awareness[who]
    )
    draws = rng.random((2, who.size))
    joins = draws[0] < 1.0 / (1.0 + np.exp(-utility))
    volunteers = draws[1] < p.volunteer_share * res.identity[who]
    user = np.where(recent, State.USER, State.INACTIVE).astype(res.state.dtype)
    np.copyto(res.state, user, where=res.state <= State.USER)
    res.state[who] = np.where(
        joins, np.where(volunteers, State.VOLUNTEER, State.PARTICIPANT), user[who]
    )
    np.clip(res.trust, 0.0, 1.0, out=res.trust)
    np.clip(res.awareness, 0.0, 1.0, out=res.awareness)


ARRAYS = ("satisfaction", "trust", "awareness", "identity", "efficacy", "state")


@pytest.mark.parametrize(("scenario", "warmup"), [("baseline", 0), ("all_levels", 24)])
def test_a_month_of_residents_is_the_numpy_month(scenario, warmup):
    model = GovernanceModel(scenario, seed=5, n_residents=1200, warmup_months=warmup)
    for _ in range(3):
        model.step()
    assert model.levers.disclosure > 0.0 or scenario == "baseline"
    for month in range(3, 7):
        compiled, reference = model.residents, copy.deepcopy(model.residents)
        args = {
            "step": month,
            "reputation": 0.37,
            "responsiveness": np.linspace(0.1, 0.9, compiled.bounds.size - 1),
        }
        settings = (model.scenario.residents, model.scenario.mechanisms, model.levers)
        kernels.monthly_update(compiled, *settings, rng=np.random.default_rng(month), **args)
        _reference_month(reference, *settings, rng=np.random.default_rng(month), **args)
        for name in ARRAYS:
            np.testing.assert_array_equal(getattr(compiled, name), getattr(reference, name), name)
        model.step()


def test_residents_never_served_are_inactive_not_service_users():
    # step - NEVER_SERVED wrapped around in int32 and made every never-served
    # resident a service user from month 0 on
    model = GovernanceModel("baseline", seed=3, n_residents=800, warmup_months=0)
    for _ in range(3):
        model.step()
    res = model.residents
    never = res.last_served == NEVER_SERVED
    assert never.any()
    assert not np.any(res.state[never] == State.USER)
    window = model.scenario.mechanisms.participation.user_window
    recent = model.month_index - res.last_served.astype(np.int64) < window
    np.testing.assert_array_equal(res.state == State.USER, recent & (res.state <= State.USER))


def test_a_loop_that_cannot_be_cached_is_compiled_in_the_process():
    # numba refuses cache=True where no folder can hold the machine code (here: a
    # function without a source file); the loop is then compiled per process
    namespace: dict = {}
    exec("def double(x):\n    return 2 * x\n", namespace)
    double = compiled._jit(namespace["double"])
    assert double(21) == 42
    assert double.py_func is namespace["double"]


def test_compiled_loops_run_when_loaded_from_numba_cache():
    # the second process loads what the first compiled and cached: a recursive
    # loop once compiled fine and crashed the process when loaded from the cache
    probe = (
        "from govsim.model.runner import run\n"
        "r = run('all_levels', seed=3, overrides={'world.n_residents': 300, 'world.steps': 3,"
        " 'world.warmup_months': 0})\n"
        "print(r.timeseries.to_csv(index=False))\n"
    )
    outputs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
