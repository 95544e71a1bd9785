"""One seeded run of the model: the function experiments and the CLI call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.config.scenario import apply_overrides, load_scenario
from govsim.config.schema import Scenario
from govsim.model.memory import release_model
from govsim.model.metric_specs import METRICS
from govsim.model.model import GovernanceModel
from govsim.model.snapshot import NetworkSnapshot, network_snapshot
from govsim.model.warmup import WarmupCache

__all__ = ["WARMUPS", "RunResult", "run", "timeseries"]

#: This process's warmed-up states: paired runs (same seed and settings, other
#: policies) share one warm-up; the numbers are those of a fresh model.
WARMUPS = WarmupCache()


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run.

    Attributes:
        scenario: the resolved scenario that ran.
        seed: its seed.
        timeseries: a ``step`` column (0..steps) and one column per metric.
        snapshot: the final network snapshot, when asked for.
    """

    scenario: Scenario
    seed: int
    timeseries: pd.DataFrame
    snapshot: NetworkSnapshot | None = None

    @property
    def final(self) -> dict[str, float]:
        """Final value of every metric."""
        last = self.timeseries.iloc[-1]
        return {name: float(last[name]) for name in METRICS}


def timeseries(model: GovernanceModel) -> pd.DataFrame:
    """The model's collected metrics as a table with a ``step`` column."""
    data = model.datacollector.model_vars
    frame = pd.DataFrame({name: np.asarray(data[name], dtype=float) for name in METRICS})
    frame.insert(0, "step", np.arange(len(frame)))
    return frame


def run(
    scenario: Scenario | str | Path | Mapping[str, Any] | None = None,
    *,
    seed: int = 0,
    steps: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    progress: bool = False,
    snapshot: bool = False,
) -> RunResult:
    """Run one simulation.

    Args:
        scenario: a Scenario, a file path, a bundled name, a mapping, or None
            for the baseline.
        seed: the seed; the same scenario and seed give identical results.
        steps: months to run, overriding ``world.steps``.
        overrides: values by key path, e.g. ``{"policies.training.intensity": 0.6}``.
        progress: show a progress bar (on stderr).
        snapshot: keep a network snapshot of the final state.

    Returns:
        The run's result.
    """
    resolved = load_scenario(scenario)
    changes = dict(overrides or {})
    if steps is not None:
        changes["world.steps"] = steps
    if changes:
        resolved = apply_overrides(resolved, changes)
    model = WARMUPS.model(resolved, seed)
    _advance(model, resolved.world.steps, progress)
    snap = network_snapshot(model) if snapshot else None
    frame = timeseries(model)
    # Everything is read: let the model go, or a sweep keeps every model alive.
    release_model(model)
    return RunResult(resolved, seed, frame, snap)


def _advance(model: GovernanceModel, steps: int, progress: bool) -> None:
    if not progress:
        for _ in range(steps):
            model.step()
        return
    from tqdm import tqdm

    for _ in tqdm(range(steps), desc=model.scenario.name, unit="month", leave=False):
        model.step()
