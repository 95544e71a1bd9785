"""Finished models are freed: Mesa 3.3.1's class-level agent counters let go of them."""

from __future__ import annotations

import gc
import weakref

import mesa
import pytest

from govsim.experiments.modelref import RunContext, RunSpec, execute_run
from govsim.model import memory
from govsim.model.memory import TESTED_MESA, release_model
from govsim.model.model import GovernanceModel
from govsim.model.runner import run
from govsim.testing.functions import CounterModel


class CrowdModel(CounterModel):
    """A Mesa model with agents (CounterModel has none, so Mesa never registers it)."""

    def __init__(self, n: int = 5, seed: int | None = None):
        super().__init__(seed=seed)
        mesa.Agent.create_agents(self, n)


def _collected(ref: weakref.ref) -> bool:
    gc.collect()
    return ref() is None


def test_the_helper_was_written_for_this_mesa():
    # A Mesa upgrade must be checked by hand: after mesa#3180 the table is gone
    # and the helper is a no-op; a different table would need a new helper.
    assert mesa.__version__ in TESTED_MESA or not hasattr(mesa.Agent, "_ids")


def test_a_model_is_kept_alive_until_released(small):
    model = GovernanceModel(small(residents=100, steps=2), seed=1)
    ref = weakref.ref(model)
    del model
    assert not _collected(ref)  # the Mesa 3.3.1 leak this module exists for
    assert release_model(ref())
    assert _collected(ref)


def _model_with_an_agent() -> mesa.Model:
    model = CounterModel(seed=1)
    mesa.Agent(model)  # numbering an agent is what registers the model in Agent._ids
    return model


def test_release_twice_or_on_a_stranger_does_nothing():
    model = _model_with_an_agent()
    assert release_model(model)
    assert not release_model(model)
    assert not release_model(object())
    assert not release_model([1])  # unhashable


def test_release_is_a_no_op_when_mesa_has_no_table(monkeypatch):
    monkeypatch.setattr(memory, "_ids_table", lambda: None)
    assert not release_model(_model_with_an_agent())


@pytest.mark.parametrize("table", [None, 7, ["not", "a", "mapping"]])
def test_an_unknown_table_is_left_alone(monkeypatch, table):
    monkeypatch.setattr(mesa.Agent, "_ids", table, raising=False)
    assert memory._ids_table() is None


def test_runs_of_the_govsim_model_are_freed(small):
    before = len(mesa.Agent._ids)
    for seed in range(3):
        run(small(residents=100, steps=2), seed=seed)
    gc.collect()
    assert len(mesa.Agent._ids) == before


def test_runs_of_a_mesa_model_in_an_experiment_are_freed():
    ctx = RunContext(f"{__name__}:CrowdModel", 3, None, False)
    before = len(mesa.Agent._ids)
    for seed in range(3):
        record = execute_run(ctx, RunSpec(f"k{seed}", "s", -1, seed, seed, {"n": 4}))
        assert record.status == "done", record.error
    assert len(mesa.Agent._ids) == before
