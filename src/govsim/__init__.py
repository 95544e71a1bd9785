"""govsim: agent-based simulation of collaborative community governance.

The public API::

    from govsim import GovernanceModel, load_scenario, run

    scenario = load_scenario("baseline")          # or a path to a TOML file
    result = run(scenario, seed=1)                # one seeded run
    result.timeseries                             # step + one column per metric

Heavy modules (Mesa, the model) load on first use, so ``import govsim`` and the
command line's help stay fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from govsim._version import __version__ as __version__

#: Public name -> module that defines it.
_EXPORTS = {
    "GovernanceModel": "govsim.model.model",
    "METRICS": "govsim.model.metric_specs",
    "MetricSpec": "govsim.model.metric_specs",
    "Policy": "govsim.policies",
    "RunResult": "govsim.model.runner",
    "Scenario": "govsim.config.schema",
    "ScenarioError": "govsim.errors",
    "apply_overrides": "govsim.config.scenario",
    "load_scenario": "govsim.config.scenario",
    "policy_names": "govsim.policies",
    "run": "govsim.model.runner",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'govsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
