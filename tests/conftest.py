"""Shared fixtures: small, fast scenarios and a fake finished experiment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fake_experiment import write_fake_experiment

from govsim.config.scenario import apply_overrides, load_scenario


def small_scenario(
    name: str = "baseline", residents: int = 600, steps: int = 24, warmup: int = 12, **overrides
):
    """A bundled scenario shrunk for fast tests (a short warm-up unless asked for more)."""
    changes = {
        "world.n_residents": residents,
        "world.steps": steps,
        "world.warmup_months": warmup,
        **overrides,
    }
    return apply_overrides(load_scenario(name), changes)


@pytest.fixture
def small():
    """Factory for small scenarios."""
    return small_scenario


@pytest.fixture
def experiment_dir(tmp_path: Path) -> Path:
    """A fake finished experiment directory with every analysis table."""
    return write_fake_experiment(tmp_path / "policy_levels")


@pytest.fixture
def tables(experiment_dir: Path) -> dict[str, pd.DataFrame]:
    """The fake experiment's tables, by file stem."""
    return {p.stem: pd.read_csv(p) for p in (experiment_dir / "tables").glob("*.csv")}
