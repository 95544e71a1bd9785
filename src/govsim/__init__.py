"""govsim: agent-based simulation of collaborative community governance."""

from __future__ import annotations

__version__ = "0.1.0"

from govsim.metric_specs import METRICS, MetricSpec  # noqa: E402
from govsim.scenario import ScenarioError, load_scenario  # noqa: E402
from govsim.schema import Scenario  # noqa: E402

__all__ = [
    "METRICS",
    "MetricSpec",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load_scenario",
]
