"""Light commands start fast: they import neither plotting, Mesa, pandas nor the engine.

Each command runs in a fresh interpreter with ``-X importtime``, which lists
every module imported; heavy libraries in that list fail the test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Libraries a light command must not import (each costs 0.1-0.5 s at start-up).
HEAVY = (
    "matplotlib", "mesa", "numba", "llvmlite", "pandas", "scipy", "SALib", "dask", "distributed",
    "sklearn",
)  # fmt: skip


def imported_modules(*args: str) -> set[str]:
    """Top-level names of every module ``govsim ARGS`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "govsim.cli.main", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "govsim" in names  # the listing really is there
    return names


@pytest.mark.parametrize(
    "args",
    [("--help",), ("validate", "scenarios/baseline.toml"), ("policies",), ("experiment", "-h")],
    ids=["help", "validate", "policies", "experiment-help"],
)
def test_light_commands_import_no_heavy_library(args):
    heavy = sorted(set(HEAVY) & imported_modules(*args))
    assert heavy == [], f"govsim {' '.join(args)} imports {heavy}"


def test_a_command_that_draws_does_import_its_libraries():
    # the check above can fail: a command that needs Matplotlib shows it
    assert "matplotlib" in imported_modules("figures", "--help")
