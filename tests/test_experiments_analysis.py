"""Comparisons, factorials, failures and time series through the whole pipeline."""

from __future__ import annotations

import json
import sqlite3
import sys

import numpy as np
import pandas as pd
import pytest
from _experiments_support import run_cli, table, write

COMPARE = """
name = "linear"
design = "compare"
model = "govsim.testing.functions:noisy_linear"
root_seed = 1
replications = 8
overrides = {{ x = 0.0 }}
[compare]
scenarios = [{scenarios}]
"""


def test_paired_effects_cancel_the_noise_with_common_random_numbers(tmp_path, monkeypatch):
    scenarios = '{ name = "one", overrides = { x = 1.0 } }, { name = "z", overrides = { z = 0.5 } }'
    exp = write(tmp_path, "e.toml", COMPARE.format(scenarios=scenarios))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    effects = table(out, "paired_effects").set_index(["scenario", "output"])
    # Same seeds per replication: y(one) - y(base) = 2 exactly, whatever the noise.
    assert effects.loc[("one", "y"), "effect"] == pytest.approx(2.0)
    assert effects.loc[("one", "y"), "ci_high"] - effects.loc[("one", "y"), "ci_low"] < 1e-9
    assert effects.loc[("z", "y"), "effect"] == pytest.approx(0.5)
    assert (effects["base"] == "base").all() and (effects["n"] == 8).all()
    means = table(out, "scenario_means").set_index(["scenario", "output"])
    base = means.loc[("base", "y")]
    assert base["ci_low"] < base["mean"] < base["ci_high"]  # the noise is real (sd 0.5)
    share = table(out, "seed_variance").set_index("output")["seed_variance_share"]
    assert 0.0 < share["y"] < 1.0
    meta = json.loads((out / "tables" / "metadata.json").read_text())
    assert meta["n_runs"] == 24 and meta["n_failed"] == 0 and meta["design"] == "compare"
    assert meta["versions"]["SALib"] and "noisy_linear" in meta["experiment_file"]


def test_factorial_main_effects_and_interaction(tmp_path, monkeypatch):
    exp = write(
        tmp_path,
        "f.toml",
        """
name = "fact"
design = "factorial"
model = "govsim.testing.functions:noisy_linear"
replications = 5
[factorial.factors.x]
low = { x = 0.0 }
high = { x = 1.0 }
[factorial.factors.z]
off = { z = 0.0 }
on = { z = 3.0 }
""",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    effects = table(out, "factorial_effects")
    effects = effects[effects["output"] == "y"].set_index("term")["effect"]
    assert effects["x"] == pytest.approx(2.0)
    assert effects["z"] == pytest.approx(3.0)
    assert effects["x:z"] == pytest.approx(0.0, abs=1e-9)
    cells = table(out, "scenario_means")["scenario"].unique().tolist()
    assert cells == ["x=low,z=off", "x=low,z=on", "x=high,z=off", "x=high,z=on"]


SOBOL_FAILING = """
name = "failing"
design = "sobol"
model = "govsim.testing.functions:fails_above"
[parameters]
x = { low = 0.0, high = 1.0 }
[sobol]
n = 32
"""


def test_failed_runs_are_stored_with_traceback_and_the_sweep_goes_on(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", SOBOL_FAILING)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 3
    with sqlite3.connect(out / "store.sqlite") as conn:
        rows = conn.execute("SELECT status, error, params FROM runs").fetchall()
    failed = [r for r in rows if r[0] == "failed"]
    done = [r for r in rows if r[0] == "done"]
    assert len(rows) == 32 * 3 and failed and done
    assert all("ValueError: x = " in r[1] and "Traceback" in r[1] for r in failed)
    assert all(json.loads(r[2])["x"] > 0.7 for r in failed)
    assert all(json.loads(r[2])["x"] <= 0.7 for r in done)
    # Sobol refuses missing points (exit 2, no traceback) unless told to drop them.
    capsys.readouterr()
    assert run_cli(monkeypatch, "analyze", out) == 2
    err = capsys.readouterr().err
    assert "--drop-failed" in err and "Traceback" not in err
    assert run_cli(monkeypatch, "analyze", out, "--drop-failed") == 0
    assert f"{len(failed)} failed" in capsys.readouterr().out
    meta = json.loads((out / "tables" / "metadata.json").read_text())
    assert meta["n_failed"] == len(failed)
    runs = table(out, "runs")
    assert (runs["status"] == "failed").sum() == len(failed)
    assert runs.loc[runs["status"] == "failed", "error"].str.contains("ValueError").all()
    assert meta["versions"]["SALib"] and "git_commit" in meta["versions"]


def test_mesa_model_time_series_are_stored_and_summarised(tmp_path, monkeypatch):
    exp = write(
        tmp_path,
        "m.toml",
        """
name = "mesa"
design = "compare"
model = "govsim.testing.functions:CounterModel"
steps = 6
replications = 3
timeseries = true
overrides = { rate = 1.0 }
[compare]
scenarios = [{ name = "fast", overrides = { rate = 2.0 } }]
""",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    summary = table(out, "timeseries_summary")
    assert len(summary) == 2 * 7  # two scenarios, steps 0..6, one output
    last = summary[summary["step"] == 6].set_index("scenario")
    assert last.loc["base", "mean"] == pytest.approx(6.0, abs=0.5)
    assert last.loc["fast", "mean"] == pytest.approx(12.0, abs=0.5)
    assert (last["n"] == 3).all() and (last["ci_low"] <= last["mean"]).all()
    assert run_cli(monkeypatch, "export", out, "--format", "csv") == 0
    ts = (out / "export" / "timeseries.csv").read_text().splitlines()
    assert ts[0] == "run_key,output,step,value" and len(ts) == 1 + 6 * 7
    runs = (out / "export" / "runs.csv").read_text().splitlines()[0]
    assert "param:rate" in runs and runs.endswith("value")


def test_parquet_export_without_pyarrow_is_a_clear_error(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", COMPARE.format(scenarios='{ name = "a" }'))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    capsys.readouterr()
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes "import pyarrow" fail
    assert run_cli(monkeypatch, "export", out, "--format", "parquet") == 2
    assert "pyarrow" in capsys.readouterr().err


def test_parquet_export_holds_the_same_tables_as_csv(tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    exp = write(tmp_path, "e.toml", COMPARE.format(scenarios='{ name = "a" }'))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "export", out, "--format", "csv") == 0
    assert run_cli(monkeypatch, "export", out, "--format", "parquet") == 0
    csvs = sorted((out / "export").glob("*.csv"))
    assert csvs
    for path in csvs:
        from_csv = pd.read_csv(path)
        from_parquet = pd.read_parquet(path.with_suffix(".parquet"))
        pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)


def _runs(values: dict[str, list[float]]) -> pd.DataFrame:
    rows = [(s, -1, v) for s, vs in values.items() for v in vs]
    return pd.DataFrame(rows, columns=["scenario", "sample", "y"])


def test_seed_variance_is_the_within_share_of_the_sum_of_squares():
    from govsim.analysis.summaries import seed_variance

    share = seed_variance(_runs({"a": [0.0, 2.0], "b": [10.0, 12.0]}), ["y"])
    assert share["seed_variance_share"].iloc[0] == pytest.approx(4 / 104)
    # points that do not differ: all the variance is noise, and never more than all
    # (mean variance over total variance would say 1.5 here)
    same = seed_variance(_runs({"a": [0.0, 2.0], "b": [0.0, 2.0]}), ["y"])
    assert same["seed_variance_share"].iloc[0] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "values",
    [
        {"a": [3e7, 3e7 + 3e-8], "b": [3e7 - 3e-8, 3e7]},  # the same budget, up to rounding
        {"a": [1.0], "b": [2.0]},  # no replications
    ],
    ids=["no-spread", "no-replications"],
)
def test_seed_variance_is_empty_when_there_is_nothing_to_share(values):
    from govsim.analysis.summaries import seed_variance

    assert np.isnan(seed_variance(_runs(values), ["y"])["seed_variance_share"].iloc[0])
