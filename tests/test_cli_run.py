"""``govsim run``: input checks before running, the printed table, and --out files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bad_inputs import CASES, BadInput

import govsim
from govsim.cli.main import main
from govsim.config.scenario import load_scenario, scenario_hash
from govsim.experiments import provenance as prov
from govsim.model.metric_specs import METRICS, metric_label

SRC = Path(__file__).resolve().parents[1] / "src"


class FakeRunner:
    """Stands in for govsim.model.runner.run: records calls, returns seeded numbers or fails."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.error: BaseException | None = None

    def __call__(self, scenario, seed=0, steps=None, progress=False, **_ignored):
        """Return a RunResult-like object with the contract's fields."""
        self.calls.append({"scenario": scenario, "seed": seed, "progress": progress})
        if self.error is not None:
            raise self.error
        n = scenario.world.steps + 1
        rng = np.random.default_rng(seed)
        frame = pd.DataFrame({"step": np.arange(n), **{m: rng.random(n) for m in METRICS}})
        frame["active_organizations"] = 14.0
        final = {m: float(frame[m].iloc[-1]) for m in METRICS}
        return types.SimpleNamespace(
            timeseries=frame, final=final, scenario=scenario, snapshot=None
        )


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> FakeRunner:
    fake = FakeRunner()
    monkeypatch.setattr("govsim.model.runner.run", fake)
    return fake


def run_cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["run", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_bad_input_exits_2_before_running(
    case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    target = case.write(tmp_path / "in")
    out_dir = tmp_path / "results"
    code, _out, err = run_cli(capsys, target, "--out", out_dir)
    assert code == 2
    for fragment in case.fragments:
        assert fragment in err, f"{fragment!r} missing from:\n{err}"
    assert "Traceback" not in err
    assert fake_run.calls == []
    assert not out_dir.exists()


def test_all_problems_of_a_scenario_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[world]\nsteps = "12"\n[policies.trainng]\nenabled = true\n')
    code, _out, err = run_cli(capsys, bad, "--residents", "0")
    assert code == 2
    assert "command line: --residents (world.n_residents): expected a value >= 1" in err
    assert "bad.toml:2: world.steps: expected an integer, found the string '12'" in err
    assert "bad.toml:3: policies.trainng: expected a known key" in err
    assert "did you mean 'policies.training'?" in err
    assert fake_run.calls == []


@pytest.mark.parametrize(
    ("option", "value", "fragments"),
    [
        ("--steps", "0", ("command line", "--steps (world.steps)", "a value >= 1", "integer 0")),
        ("--residents", "-5", ("--residents (world.n_residents)", "a value >= 1", "integer -5")),
    ],
)
def test_option_values_out_of_range_exit_2(
    option: str,
    value: str,
    fragments: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    fake_run: FakeRunner,
) -> None:
    code, _out, err = run_cli(capsys, "baseline", option, value)
    assert code == 2
    assert all(f in err for f in fragments), err
    assert fake_run.calls == []


@pytest.mark.parametrize("args", [["--seed", "-1"], ["--seed", "x"], ["--steps", "twelve"]])
def test_malformed_options_exit_2_with_usage(
    args: list[str], capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "baseline", *args])
    assert info.value.code == 2
    assert "usage: govsim run" in capsys.readouterr().err
    assert fake_run.calls == []


def test_out_must_be_new_or_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    code, _out, err = run_cli(capsys, "baseline", "--out", full)
    assert code == 2 and "expected a new or empty directory" in err
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _out, err = run_cli(capsys, "baseline", "--out", a_file)
    assert code == 2 and "found an existing file" in err
    code, _out, err = run_cli(capsys, "baseline", "--out", a_file / "sub")
    assert code == 2 and "is a file" in err
    code, _out, err = run_cli(capsys, "baseline", "--steps", "0", "--out", full)
    assert code == 2
    assert "command line: --steps (world.steps): expected a value >= 1" in err
    assert f"command line: --out {full}: expected a new or empty directory" in err
    assert fake_run.calls == []
    assert (full / "keep.txt").read_text() == "mine"


# ------------------------------------------------------------------ failures leave nothing


def test_a_failing_run_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    fake_run.error = RuntimeError("model blew up")
    out_dir = tmp_path / "deep" / "er" / "results"
    with pytest.raises(RuntimeError, match="model blew up"):
        main(["run", "baseline", "--steps", "3", "--out", str(out_dir)])
    assert leftovers(tmp_path) == []


def test_an_interrupted_run_leaves_nothing_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    fake_run.error = KeyboardInterrupt()
    assert main(["run", "baseline", "--out", str(tmp_path / "results")]) == 130
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_removes_the_partial_folder(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fake_run: FakeRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object) -> str:
        raise OSError("disk full")

    # timeseries.csv is already written when scenario.toml fails
    monkeypatch.setattr("govsim.cli.run.scenario_to_toml", broken)
    code = main(["run", "baseline", "--steps", "3", "--out", str(tmp_path / "new" / "results")])
    assert code == 1  # the machine failed, not the input
    err = capsys.readouterr().err
    assert "error: disk full" in err and "Traceback" not in err
    assert leftovers(tmp_path) == []


def test_an_existing_empty_folder_is_kept_when_the_run_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    (tmp_path / "results").mkdir()
    fake_run.error = RuntimeError("boom")
    with pytest.raises(RuntimeError):
        main(["run", "baseline", "--out", str(tmp_path / "results")])
    assert leftovers(tmp_path) == ["results"]
    assert leftovers(tmp_path / "results") == []


# ------------------------------------------------------------------ successful runs


def test_run_prints_every_metric_with_its_label(
    capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    code, out, _err = run_cli(capsys, "training", "--seed", "7", "--steps", "5")
    assert code == 0
    (call,) = fake_run.calls
    assert call["seed"] == 7 and call["scenario"].world.steps == 5
    assert call["scenario"].policies.training.enabled
    assert call["progress"] is False, "no progress bar when stderr is not a terminal"
    for name in METRICS:
        label = metric_label(name, with_unit=False)
        line = next(line for line in out.splitlines() if line.startswith(label + " "))
        assert re.search(r"\d", line)
    assert "14 " in next(line for line in out.splitlines() if line.startswith("Active org"))


def test_progress_bar_is_requested_only_on_a_terminal(
    capsys: pytest.CaptureFixture[str], fake_run: FakeRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["run", "baseline", "--steps", "2"]) == 0
    assert fake_run.calls[-1]["progress"] is True


def test_out_writes_timeseries_scenario_and_provenance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    out_dir = tmp_path / "results"
    code, out, _err = run_cli(
        capsys, "baseline", "--seed", "3", "--steps", "12", "--residents", "200", "--out", out_dir
    )
    assert code == 0
    assert sorted(os.listdir(out_dir)) == ["provenance.json", "scenario.toml", "timeseries.csv"]
    assert leftovers(tmp_path) == ["results"], "no temporary folder left next to it"

    series = pd.read_csv(out_dir / "timeseries.csv")
    assert list(series.columns) == ["step", *METRICS]
    assert series["step"].tolist() == list(range(13))

    saved = load_scenario(out_dir / "scenario.toml")
    assert (saved.world.steps, saved.world.n_residents) == (12, 200)
    assert saved == fake_run.calls[0]["scenario"]

    record = json.loads((out_dir / "provenance.json").read_text())
    assert record["seed"] == 3
    assert record["scenario"] == "baseline"
    assert record["scenario_hash"] == scenario_hash(saved)
    assert record["versions"]["govsim"] == govsim.__version__
    assert record["versions"]["mesa"].startswith("3.")
    assert record["versions"]["numpy"] == np.__version__
    assert record["command"] == (
        f"govsim run baseline --seed 3 --steps 12 --residents 200 --out {out_dir}"
    )
    assert record["git_commit"] is None or re.fullmatch(r"[0-9a-f]{40}", record["git_commit"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record["timestamp"])
    assert f"wrote {out_dir}" in out


def test_out_may_be_an_existing_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_run: FakeRunner
) -> None:
    (tmp_path / "results").mkdir()
    code, _out, _err = run_cli(capsys, "baseline", "--steps", "2", "--out", tmp_path / "results")
    assert code == 0
    assert len(leftovers(tmp_path / "results")) == 3


# ------------------------------------------------------------------ provenance


def test_git_commit_is_read_from_a_repository_and_none_elsewhere(tmp_path: Path) -> None:
    if subprocess.run(["git", "--version"], capture_output=True, check=False).returncode:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    head = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert prov._rev_parse(repo) == head
    plain = tmp_path / "plain"
    plain.mkdir()
    assert prov._rev_parse(plain) is None


def test_provenance_keeps_standard_entries_and_adds_extras() -> None:
    scenario = load_scenario("baseline")
    record = prov.provenance(scenario, 5, command="govsim run baseline")
    assert record["command"] == "govsim run baseline"
    assert record["scenario_hash"] == scenario_hash(scenario)
    assert set(record["versions"]) >= {"govsim", "python", "mesa", "numpy"}
    json.dumps(record)  # JSON-ready
    with pytest.raises(ValueError, match="scenario_hash"):
        prov.provenance(scenario, 5, scenario_hash="mine")


# ------------------------------------------------------------------ the real console


def test_console_bad_scenario_exits_2_without_traceback_and_creates_nothing(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "baseline.toml"\n[policies.training]\nintensity = "high"\n')
    out_dir = tmp_path / "results"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "govsim.cli.main", "run", str(bad), "--out", str(out_dir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "bad.toml:3: policies.training.intensity: expected a number" in done.stderr
    assert "the string 'high'" in done.stderr
    assert not out_dir.exists()


# ------------------------------------------------------------------ the real model


def test_a_tiny_real_run_writes_files_that_reproduce_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "tiny"
    args = ["baseline", "--residents", "200", "--steps", "12", "--seed", "4", "--out", out_dir]
    code, out, _err = run_cli(capsys, *args)
    assert code == 0
    series = pd.read_csv(out_dir / "timeseries.csv")
    assert list(series.columns) == ["step", *METRICS]
    assert series["step"].tolist() == list(range(13))
    assert np.isfinite(series[list(METRICS)].to_numpy()).all()
    for name, spec in METRICS.items():
        if spec.is_rate:
            assert series[name].between(0.0, 1.0).all(), name
    record = json.loads((out_dir / "provenance.json").read_text())
    saved = load_scenario(out_dir / "scenario.toml")
    assert scenario_hash(saved) == record["scenario_hash"]
    assert (saved.world.n_residents, saved.world.steps) == (200, 12)
    participation = next(line for line in out.splitlines() if line.startswith("Participation "))
    assert f"{series['participation_rate'].iloc[-1]:.3f}" in participation

    again = tmp_path / "again"
    assert main(["run", str(out_dir / "scenario.toml"), "--seed", "4", "--out", str(again)]) == 0
    assert (again / "timeseries.csv").read_bytes() == (out_dir / "timeseries.csv").read_bytes()


def test_console_real_run_with_out(tmp_path: Path) -> None:
    out_dir = tmp_path / "console"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "govsim.cli.main",
            "run",
            "training",
            "--residents",
            "200",
            "--steps",
            "6",
            "--out",
            str(out_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "no progress bar when stderr is not a terminal"
    assert "Service quality" in done.stdout
    assert sorted(os.listdir(out_dir)) == ["provenance.json", "scenario.toml", "timeseries.csv"]
