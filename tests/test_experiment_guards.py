"""Bad experiment files and misbehaving models: a message and a meaningful exit, never a mess.

Each test pins a defect of issue 12 that gave a wrong number, a traceback, a
hang or files outside the output folder before it was fixed.
"""

from __future__ import annotations

import json
import sqlite3
import time

import pandas as pd
import pytest
from _experiments_support import run_cli, stored_runs, write

pytestmark = pytest.mark.timeout(120)

LHS = """
name = "lhs"
design = "lhs"
model = "{model}"
replications = {reps}
[parameters]
x = {{ low = 0.0, high = 1.0 }}
[lhs]
samples = {samples}
"""


def lhs(model: str, samples: int = 20, reps: int = 1) -> str:
    return LHS.format(model=model, samples=samples, reps=reps)


def errors(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


# ---------------------------------------------------------------- names and paths


@pytest.mark.parametrize("name", ["../../escaped", "/elsewhere/x", "a/b", ".hidden", ""])
def test_an_experiment_name_is_a_name_not_a_path(tmp_path, monkeypatch, capsys, name):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    text = lhs("misbehaving_models:slow", samples=2).replace('name = "lhs"', f'name = "{name}"')
    exp = write(work, "e.toml", text)
    assert run_cli(monkeypatch, "experiment", exp, "--workers", "1") == 2
    assert "e.toml:2: name: expected a" in errors(capsys)
    assert sorted(p.name for p in work.iterdir()) == ["e.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_duplicate_outputs_are_refused(tmp_path, monkeypatch, capsys):
    text = 'outputs = ["y", "y"]\n' + lhs("govsim.testing.functions:noisy_linear")
    exp = write(tmp_path, "e.toml", text)
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o") == 2
    assert "outputs.1: expected each output once, found 'y' again" in errors(capsys)


def test_an_empty_compare_label_is_refused(tmp_path, monkeypatch, capsys):
    exp = write(
        tmp_path,
        "e.toml",
        'name = "c"\ndesign = "compare"\n[compare]\nscenarios = [{ name = "", overrides = {} }]\n',
    )
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o") == 2
    assert "compare.scenarios.0.name: expected a non-empty text" in errors(capsys)


def test_every_problem_is_reported_at_once_and_once(tmp_path, monkeypatch, capsys):
    exp = write(
        tmp_path,
        "e.toml",
        'name = "c"\ndesign = "compare"\nreplications = "two"\nbase = "nowhere"\n'
        '[overrides]\n"world.n_resident" = 5\n[compare]\nscenarios = ["government"]\n',
    )
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o") == 2
    lines = errors(capsys).splitlines()
    assert len(lines) == len(set(lines)) == 3, lines
    assert any("replications: expected an integer" in line for line in lines)
    assert any("base: expected an existing scenario" in line for line in lines)
    assert any("did you mean 'world.n_residents'" in line for line in lines)


# ---------------------------------------------------------------- size


@pytest.mark.parametrize(
    "text",
    [
        'name = "s"\ndesign = "sobol"\nmodel = "govsim.testing.functions:ishigami"\n'
        "[parameters]\nx1 = {low = 0.0, high = 1.0}\nx2 = {low = 0.0, high = 1.0}\n"
        "x3 = {low = 0.0, high = 1.0}\n[sobol]\nn = 8388608\n",
        lhs("govsim.testing.functions:noisy_linear", samples=10_000_000),
        lhs("govsim.testing.functions:noisy_linear", samples=200, reps=100_000),
        'name = "f"\ndesign = "factorial"\nmodel = "govsim.testing.functions:noisy_linear"\n'
        + "".join(
            f"[factorial.factors.f{i}]\n" + "".join(f"l{j} = {{ x = {j}.0 }}\n" for j in range(4))
            for i in range(12)
        ),
    ],
    ids=["sobol-2^23", "lhs-10M", "100k-replications", "factorial-4^12"],
)
def test_absurd_designs_are_refused_before_anything_is_built(tmp_path, monkeypatch, capsys, text):
    exp = write(tmp_path, "e.toml", text)
    start = time.monotonic()
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o") == 2
    assert time.monotonic() - start < 20
    err = errors(capsys)
    assert "more than the limit of 1,000,000" in err and "--max-runs" in err
    assert not (tmp_path / "o").exists()


def test_the_run_limit_can_be_raised_or_lowered(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", lhs("govsim.testing.functions:noisy_linear", samples=20))
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o", "--max-runs", "10") == 2
    assert "20 runs, more than the limit of 10" in errors(capsys)
    args = ("--out", tmp_path / "p", "--max-runs", "20", "--workers", "1")
    assert run_cli(monkeypatch, "experiment", exp, *args) == 0


def test_a_design_error_leaves_no_folder_so_the_next_attempt_shows_it_again(
    tmp_path, monkeypatch, capsys
):
    exp = write(
        tmp_path,
        "e.toml",
        'name = "d"\ndesign = "compare"\n[overrides]\n"world.n_residents" = 100\n'
        '[compare]\nscenarios = ["government", "government"]\n',
    )
    for _ in range(2):
        assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o") == 2
        assert "a scenario label used once" in errors(capsys)
        assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- misbehaving models


def test_a_model_calling_sys_exit_fails_its_run_and_the_sweep_goes_on(
    tmp_path, monkeypatch, capsys
):
    exp = write(tmp_path, "e.toml", lhs("misbehaving_models:exits"))
    out = tmp_path / "o"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 3
    runs = stored_runs(out)
    assert len(runs) == 20 and set(runs["status"]) == {"done", "failed"}
    assert "of 20 runs failed" in capsys.readouterr().err


def test_non_finite_or_missing_outputs_fail_the_run_and_say_which(tmp_path, monkeypatch):
    exp = write(tmp_path, "e.toml", lhs("misbehaving_models:partly_nan", samples=40))
    out = tmp_path / "o"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 3
    with sqlite3.connect(out / "store.sqlite") as conn:
        rows = conn.execute("SELECT status, params, outputs, error FROM runs").fetchall()
    for status, params, outputs, error in rows:
        x = json.loads(params)["x"]
        if 0.1 <= x <= 0.8:
            assert status == "done" and json.loads(outputs)["z"] == pytest.approx(x * x)
        else:
            assert status == "failed" and "output 'z' is" in error and json.loads(outputs) == {}


SOBOL_NAN = """
name = "sn"
design = "sobol"
model = "misbehaving_models:partly_nan"
[parameters]
x = { low = 0.0, high = 1.0 }
[sobol]
n = 16
"""


def test_sobol_never_computes_indices_from_nan(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", SOBOL_NAN)
    out = tmp_path / "o"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 3
    capsys.readouterr()
    assert run_cli(monkeypatch, "analyze", out) == 2  # it was 0, with z's indices 0 +- 0
    assert "have no successful run" in errors(capsys)
    assert run_cli(monkeypatch, "analyze", out, "--drop-failed") == 0
    indices = pd.read_csv(out / "tables" / "sobol_indices.csv")
    assert indices[["S1", "ST"]].notna().all().all()


def test_morris_with_nan_outputs_refuses_then_drops_trajectories(tmp_path, monkeypatch, capsys):
    text = SOBOL_NAN.replace('"sobol"', '"morris"').replace("[sobol]\nn = 16", "[morris]\n")
    # levels 4: x moves between 0 and 2/3 or between 1/3 and 1; z is NaN at x = 1 only
    text = text.replace("[parameters]", "[overrides]\nhigh = 0.99\nlow = -1.0\n[parameters]")
    exp = write(tmp_path, "e.toml", text + "trajectories = 30\n")
    out = tmp_path / "o"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 3
    capsys.readouterr()
    assert run_cli(monkeypatch, "analyze", out) == 2
    assert run_cli(monkeypatch, "analyze", out, "--drop-failed") == 0
    morris = pd.read_csv(out / "tables" / "morris.csv")
    assert pd.api.types.is_float_dtype(morris["mu_star"]) and morris["mu_star"].notna().all()


def test_outputs_a_run_does_not_return_are_read_as_failed(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", lhs("misbehaving_models:drops_output", samples=30))
    out = tmp_path / "o"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    runs = pd.read_csv(out / "tables" / "runs.csv")
    lacking = runs["x"] > 0.5 if "x" in runs else runs["y"] > 0.5
    assert (runs.loc[lacking, "status"] == "failed").all()
    assert runs.loc[lacking, "error"].str.contains("no finite value of 'z'").all()
    assert (runs.loc[~lacking, "status"] == "done").all()


@pytest.mark.parametrize("busy", [False, True], ids=["sleeping", "spinning"])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_hanging_model_is_stopped_by_the_time_limit(tmp_path, monkeypatch, capsys, busy, workers):
    text = lhs("misbehaving_models:hangs", samples=6) + f"[overrides]\nbusy = {str(busy).lower()}\n"
    text = text.replace("[parameters]", "")
    text = text.replace("[overrides]", "[parameters]\nx = { low = 0.0, high = 1.0 }\n[overrides]")
    text = text.replace("x = { low = 0.0, high = 1.0 }\n[lhs]", "[lhs]", 1)
    exp = write(tmp_path, "e.toml", text)
    out = tmp_path / "o"
    start = time.monotonic()
    args = ("--out", out, "--workers", workers, "--time-limit", "0.5")
    assert run_cli(monkeypatch, "experiment", exp, *args) == 3
    assert time.monotonic() - start < 30
    runs = stored_runs(out)
    assert len(runs) == 6 and (runs["status"] == "failed").any()
    with sqlite3.connect(out / "store.sqlite") as conn:
        errs = [e for (e,) in conn.execute("SELECT error FROM runs WHERE status = 'failed'")]
    assert all("time limit of 0.5 s" in e for e in errs)


@pytest.mark.parametrize(
    "option", [("--worker-max-runs", "2"), ("--worker-max-memory", "1")], ids=["runs", "memory"]
)
def test_workers_are_recycled_and_results_do_not_change(tmp_path, monkeypatch, option):
    exp = write(tmp_path, "e.toml", lhs("misbehaving_models:which_worker", samples=40))
    args = ("--workers", "2", *option)
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "r", *args) == 0
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "p", "--workers", "2") == 0
    recycled, plain = stored_runs(tmp_path / "r"), stored_runs(tmp_path / "p")
    pids = {json.loads(o)["pid"] for o in recycled["outputs"]}
    assert len(pids) > 2  # fresh workers took over
    assert len({json.loads(o)["pid"] for o in plain["outputs"]}) == 2
    x = [json.loads(o)["x"] for o in recycled["outputs"]]
    assert x == [json.loads(o)["x"] for o in plain["outputs"]]


# ---------------------------------------------------------------- one writer


def test_a_folder_in_use_is_refused_naming_the_holder(tmp_path, monkeypatch, capsys):
    from govsim.experiments.lock import folder_lock

    exp = write(tmp_path, "e.toml", lhs("misbehaving_models:slow", samples=4))
    out = tmp_path / "o"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    with folder_lock(out):
        assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 2
        err = errors(capsys)
    assert "is being written by govsim (pid" in err and "--out" in err
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 0


def test_dask_workers_are_recycled_through_their_nannies(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from govsim.experiments.executors import DaskExecutor

    recycled = []
    restart = DaskExecutor._recycle
    monkeypatch.setattr(
        DaskExecutor, "_recycle", lambda self, w: (recycled.append(w), restart(self, w))
    )
    exp = write(tmp_path, "e.toml", lhs("govsim.testing.functions:noisy_linear", samples=40))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        args = ("--scheduler", cluster.scheduler_address, "--worker-max-runs", "8")
        assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "d", *args) == 0
    assert recycled  # workers were restarted, and runs lost with them were redone
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "s", "--workers", "1") == 0
    pd.testing.assert_frame_equal(stored_runs(tmp_path / "d"), stored_runs(tmp_path / "s"))
