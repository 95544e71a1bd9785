"""Shared fixtures: small, fast scenarios."""

from __future__ import annotations

import pytest

from govsim.scenario import apply_overrides, load_scenario


def small_scenario(name: str = "baseline", residents: int = 600, steps: int = 24, **overrides):
    """A bundled scenario shrunk for fast tests."""
    changes = {"world.n_residents": residents, "world.steps": steps, **overrides}
    return apply_overrides(load_scenario(name), changes)


@pytest.fixture
def small():
    """Factory for small scenarios."""
    return small_scenario
