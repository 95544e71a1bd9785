"""Two runs in lockstep: the countermeasures and a reference on the same seed.

A class should see the effect of a countermeasure, not the noise between two
random streets. :class:`ClassroomModel` builds two
:class:`~govsim.model.model.GovernanceModel` instances with the same scenario
and seed, differing only in the policies of the policy run, and steps them
together, so until a policy acts the two curves lie on top of each other.
Policies switched during the run go through ``GovernanceModel.set_policy`` and
so are recorded in ``policy_changes`` and in the scenario the run exports.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import mesa
import pandas as pd

from govsim.config.scenario import apply_overrides, load_scenario
from govsim.model.model import GovernanceModel
from govsim.model.runner import timeseries

__all__ = ["RUNS", "STATUSES", "ClassroomModel", "organizations_by_status"]

#: The two runs, in the order the page shows them.
RUNS = ("reference", "policy")

#: Life-cycle statuses of organizations, as ``OrgStatus`` values, in life order.
STATUSES = ("active", "restructuring", "suspended", "exited")


def organizations_by_status(model: GovernanceModel) -> dict[str, int]:
    """How many of a model's organizations are in each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for org in model.organizations:
        counts[org.status.value] += 1
    return counts


class ClassroomModel(mesa.Model):
    """A policy run and its reference, stepped together on one seed.

    Args:
        reference: parameters of both runs by key path, on top of the status quo
            (the baseline scenario); a lesson's street.
        policies: settings of the policy run's countermeasures,
            ``{name: {"enabled": .., "intensity": .., "start": ..}}``.
        overrides: other parameters of the policy run only, by key path (a lesson
            that doubles the budget, say).
        seed: the seed of both runs.
        n_residents: residents of the street (None: the scenario's).
        steps: months to run (None: the scenario's).
        name: the name the policy run's scenario is saved under.
    """

    def __init__(
        self,
        *,
        reference: Mapping[str, Any] | None = None,
        policies: Mapping[str, Mapping[str, Any]] | None = None,
        overrides: Mapping[str, Any] | None = None,
        seed: int = 0,
        n_residents: int | None = None,
        steps: int | None = None,
        name: str = "classroom",
    ):
        super().__init__(seed=seed)
        world = {"world.n_residents": n_residents, "world.steps": steps}
        base = apply_overrides(
            load_scenario(None),
            {**(reference or {}), **{k: v for k, v in world.items() if v is not None}},
        )
        changes = {
            f"policies.{policy}.{key}": value
            for policy, settings in (policies or {}).items()
            for key, value in settings.items()
        }
        policy = apply_overrides(base, {"name": name, **changes, **(overrides or {})})
        self.runs = {
            "reference": GovernanceModel(base, seed=seed),
            "policy": GovernanceModel(policy, seed=seed),
        }
        self.horizon = base.world.steps
        self._lock = threading.Lock()
        self._statuses = {run: [organizations_by_status(m)] for run, m in self.runs.items()}

    @property
    def policy(self) -> GovernanceModel:
        """The run with the countermeasures."""
        return self.runs["policy"]

    @property
    def reference(self) -> GovernanceModel:
        """The run to compare with (the status quo unless a lesson says otherwise)."""
        return self.runs["reference"]

    @property
    def month(self) -> int:
        """Months simulated so far."""
        return self.policy.steps

    def step(self) -> None:
        """Advance both runs by one month (nothing once the horizon is reached)."""
        with self._lock:
            if self.month >= self.horizon:
                self.running = False
                return
            for run, model in self.runs.items():
                model.step()
                self._statuses[run].append(organizations_by_status(model))
            self.running = self.month < self.horizon

    def set_policy(self, name: str, *, enabled: bool, intensity: float) -> None:
        """Switch a countermeasure of the policy run, from the next month on.

        Switching one on records the current month as its start, so the exported
        scenario reruns the same history for a policy switched on once.
        """
        with self._lock:
            start = self.month if enabled and not self._settings(name).enabled else None
            self.policy.set_policy(name, enabled=enabled, intensity=intensity, start=start)

    def _settings(self, name: str):
        return getattr(self.policy.scenario.policies, name)

    def timeseries(self) -> pd.DataFrame:
        """Both runs' metrics and organizations by status: ``run``, ``step``, then one column each.

        ``organizations_<status>`` columns count organizations by status.
        """
        with self._lock:
            frames = []
            for run, model in self.runs.items():
                frame = timeseries(model)
                statuses = pd.DataFrame(self._statuses[run]).add_prefix("organizations_")
                frame = pd.concat([frame, statuses], axis=1)
                frame.insert(0, "run", run)
                frames.append(frame)
        return pd.concat(frames, ignore_index=True)
