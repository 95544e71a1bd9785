"""Runs that differ only in their policies share one warm-up.

The warm-up (``world.warmup_months``) runs the status quo with every policy
off, so it depends on the scenario's other settings and the seed, never on the
policies or the horizon. A paired design (the same seed for the base and every
countermeasure) therefore repeats the same warm-up once per scenario. This
cache keeps the warmed-up state of recent (settings, seed) pairs as pickled
bytes and hands out fresh copies, which then adopt their own policies and
horizon. A copy continues exactly as a model built from scratch would: every
random generator travels in the pickle (tested number for number).

Unpickled arrays carry a fresh copy of their dtype rather than numpy's own
instance (``dtype.__reduce__`` asks for a copy; numpy/numpy#32298), and some
of numpy's fast paths check the instance: ``np.maximum.at`` on such an array
took 55 us instead of 2.9 us for 1,200 services at 2,000 residents. A copy's
arrays are therefore given numpy's own dtypes back (views, nothing copied).
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import OrderedDict

import numpy as np

from govsim.config.scenario import scenario_to_dict
from govsim.config.schema import Scenario
from govsim.model.model import GovernanceModel, build_policies

__all__ = ["WarmupCache", "own_dtypes", "warmup_key"]

#: Scenario entries a warm-up never reads (policies start at month 0 or later).
_NOT_IN_WARMUP = ("name", "description", "policies")


def warmup_key(scenario: Scenario, seed: int) -> str:
    """What a warm-up depends on: every setting but the policies, names and horizon."""
    data = {k: v for k, v in scenario_to_dict(scenario).items() if k not in _NOT_IN_WARMUP}
    data["world"] = {k: v for k, v in data["world"].items() if k != "steps"}
    text = json.dumps({"scenario": data, "seed": seed}, sort_keys=True, default=float)
    return hashlib.sha256(text.encode()).hexdigest()


class WarmupCache:
    """Warmed-up models of the last few (settings, seed) pairs, handed out as copies.

    Args:
        size: how many warmed-up states to keep (least recently used goes first).
        max_bytes: a state larger than this is not kept (a street of a million
            residents pickles to hundreds of megabytes).
    """

    def __init__(self, size: int = 4, max_bytes: int = 64 * 2**20):
        self.size = size
        self.max_bytes = max_bytes
        self._states: OrderedDict[str, bytes] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def model(self, scenario: Scenario, seed: int) -> GovernanceModel:
        """A model of ``scenario`` and ``seed`` at month 0, warmed up once per pair."""
        key = warmup_key(scenario, seed)
        state = self._states.get(key)
        if state is None:
            self.misses += 1
            model = GovernanceModel(scenario, seed=seed)
            if scenario.world.warmup_months:
                self._keep(key, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
            return model
        self.hits += 1
        self._states.move_to_end(key)
        model = pickle.loads(state)  # noqa: S301 - bytes this process pickled itself
        res = model.residents
        holders = (model, res, res.adjacency, model.government, model.incomes, *model.organizations)
        for holder in holders:
            own_dtypes(holder)
        model.scenario = scenario
        model.policies = build_policies(scenario)
        return model

    def _keep(self, key: str, state: bytes) -> None:
        if len(state) > self.max_bytes:
            return
        self._states[key] = state
        while len(self._states) > self.size:
            self._states.popitem(last=False)

    def clear(self) -> None:
        """Forget every kept state."""
        self._states.clear()


def own_dtypes(holder: object) -> None:
    """Give each array attribute of ``holder`` numpy's own instance of its dtype (a view)."""
    for name, value in list(vars(holder).items()):
        if isinstance(value, np.ndarray):
            own = np.dtype(value.dtype.str)
            if value.dtype is not own:
                setattr(holder, name, value.view(own))
