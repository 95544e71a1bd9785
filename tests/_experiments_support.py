"""Helpers shared by the experiment tests: writing files and calling the CLI."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd

from govsim.cli import main as cli

SRC = Path(__file__).resolve().parents[1] / "src"
COMMANDS = ("experiment", "analyze", "export")

# The child process runs the real CLI entry point with only the experiment
# commands registered, so these tests do not depend on the other subcommands.
CHILD = (
    f"import sys, govsim.cli.main as c; c.COMMANDS = {COMMANDS!r}; sys.exit(c.main(sys.argv[1:]))"
)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a file and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(monkeypatch, *args: str) -> int:
    """Call ``govsim`` in-process (``monkeypatch`` kept for call-site symmetry)."""
    return cli.main([str(a) for a in args])


def child_env() -> dict[str, str]:
    """Environment for a child ``govsim`` process that imports this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def spawn_cli(*args: str, **kwargs) -> subprocess.Popen:
    """Start ``govsim`` as a child process."""
    return subprocess.Popen(
        [sys.executable, "-m", "govsim.cli.main", *map(str, args)], env=child_env(), **kwargs
    )


def stored_runs(out: Path) -> pd.DataFrame:
    """The stored runs without their durations (which differ between executions)."""
    with sqlite3.connect(out / "store.sqlite") as conn:
        frame = pd.read_sql_query(
            "SELECT key, scenario, sample, replication, seed, params, status, outputs"
            " FROM runs ORDER BY key",
            conn,
        )
    return frame


def table(out: Path, name: str) -> pd.DataFrame:
    """An analysis table, without the run-time column of runs.csv."""
    frame = pd.read_csv(out / "tables" / f"{name}.csv")
    return frame.drop(columns=["duration"], errors="ignore")
