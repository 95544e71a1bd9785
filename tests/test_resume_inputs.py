"""Resume refuses changed inputs, naming what changed; hints are runnable shell commands."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pandas as pd
import pytest
from _experiments_support import child_env, run_cli, stored_runs, write

from govsim.experiments.store import Store

pytestmark = pytest.mark.timeout(120)

EXP = """
name = "mine"
design = "compare"
base = "base.toml"
replications = 2
steps = 2
[compare]
scenarios = ["mine.toml"]
"""

BASE = 'extends = "baseline.toml"\n[world]\nn_residents = 100\n'
MINE = 'extends = "base.toml"\n[policies.training]\nenabled = true\n'


@pytest.fixture
def started(tmp_path, monkeypatch):
    """An experiment whose scenarios are local files, run once."""
    write(tmp_path, "base.toml", BASE)
    write(tmp_path, "mine.toml", MINE)
    exp = write(tmp_path, "e.toml", EXP)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    return exp, out


def test_a_changed_scenario_file_is_refused_naming_the_key(started, tmp_path, monkeypatch, capsys):
    exp, out = started
    before = stored_runs(out)
    write(tmp_path, "mine.toml", MINE + "intensity = 0.3\n")
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 2
    err = capsys.readouterr().err
    assert "inputs changed" in err
    assert "scenario 'mine' (policies.training.intensity 0.8 -> 0.3)" in err
    assert "scenario 'base'" not in err  # only what changed is named
    pd.testing.assert_frame_equal(stored_runs(out), before)  # no runs added beside the old


def test_a_changed_parent_of_every_scenario_is_refused(started, tmp_path, monkeypatch, capsys):
    exp, out = started
    write(tmp_path, "base.toml", BASE.replace("100", "120"))
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 2
    err = capsys.readouterr().err
    assert "scenario 'base' (world.n_residents 100 -> 120)" in err
    assert "scenario 'mine' (world.n_residents 100 -> 120)" in err


def test_a_new_govsim_version_is_refused(started, monkeypatch, capsys):
    exp, out = started
    with Store(out / "store.sqlite") as store:
        inputs = store.meta()["inputs"]
        store.set_meta({"inputs": {**inputs, "govsim": "0.0.1"}})
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 2
    assert "govsim 0.0.1 -> " in capsys.readouterr().err


def test_an_unchanged_resume_is_accepted(started, monkeypatch, capsys):
    exp, out = started
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 0
    assert "0 done now, 4 already stored" in capsys.readouterr().out


def test_a_store_from_before_inputs_were_kept_must_hold_only_this_designs_runs(
    started, tmp_path, monkeypatch, capsys
):
    exp, out = started
    with Store(out / "store.sqlite") as store:
        store.conn.execute("DELETE FROM meta WHERE key = 'inputs'")
        store.conn.commit()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 0
    write(tmp_path, "mine.toml", MINE + "intensity = 0.3\n")
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 2
    assert "2 stored runs that this design does not have" in capsys.readouterr().err


# ---------------------------------------------------------------- hints


def _env_without_govsim_on_path() -> dict[str, str]:
    env = child_env()
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != bindir)
    return env


def test_the_next_hint_is_quoted_and_runs_from_a_non_activated_environment(tmp_path):
    folder = tmp_path / "with space"
    folder.mkdir()
    exp = write(
        folder,
        "it's.toml",
        'name = "h"\ndesign = "lhs"\nmodel = "govsim.testing.functions:noisy_linear"\n'
        "[parameters]\nx = { low = 0.0, high = 1.0 }\n[lhs]\nsamples = 4\n",
    )
    out = folder / "out dir"
    env = _env_without_govsim_on_path()
    cmd = [sys.executable, "-m", "govsim", "experiment", str(exp), "--out", str(out)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    hint = next(line for line in done.stdout.splitlines() if line.startswith("next: "))
    first = hint[len("next: ") :].split(" && ")[0]
    assert shlex.split(first)[:4] == [sys.executable, "-m", "govsim", "figures"]
    assert shlex.split(first)[4] == str(out)


def test_analyze_of_an_unfinished_experiment_suggests_a_runnable_resume(
    tmp_path, monkeypatch, capsys
):
    exp = write(
        tmp_path,
        "e.toml",
        'name = "u"\ndesign = "lhs"\nmodel = "govsim.testing.functions:noisy_linear"\n'
        "[parameters]\nx = { low = 0.0, high = 1.0 }\n[lhs]\nsamples = 6\n",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    with Store(out / "store.sqlite") as store:
        store.conn.execute("DELETE FROM runs WHERE rowid IN (SELECT rowid FROM runs LIMIT 2)")
        store.conn.commit()
    capsys.readouterr()
    assert run_cli(monkeypatch, "analyze", out) == 0
    hint = capsys.readouterr().out.splitlines()[-1]
    assert hint.startswith("next: ") and hint.endswith("to run 2 runs not run")
    words = shlex.split(hint[len("next: ") :].rsplit(" to run", 1)[0])
    assert words[-5:] == ["experiment", str(exp), "--out", str(out), "--resume"]
    assert run_cli(monkeypatch, *words[-5:]) == 0
