"""``govsim validate``: exit codes and complete, precise messages for every bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import CASES, BadInput

from govsim.cli.main import main
from govsim.config.scenario import BUNDLED_DIR, bundled_scenarios
from govsim.policies import policy_names

SRC = Path(__file__).resolve().parents[1] / "src"


def validate(capsys: pytest.CaptureFixture[str], *files: object) -> tuple[int, str, str]:
    code = main(["validate", *map(str, files)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_bad_input_exits_2_with_file_key_expected_and_found(
    case: BadInput, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = validate(capsys, case.write(tmp_path))
    assert code == 2
    for fragment in case.fragments:
        assert fragment in err, f"{fragment!r} missing from:\n{err}"
    assert "Traceback" not in err
    assert out == ""


def test_valid_files_exit_0_with_one_ok_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('extends = "baseline.toml"\n[policies.training]\nenabled = true\n')
    code, out, err = validate(capsys, mine, BUNDLED_DIR / "baseline.toml")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"ok: {mine}") and "'baseline'" in lines[1]


def test_unknown_key_and_wrong_type_in_different_tables_are_both_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.toml"
    path.write_text(
        "[network]\ndegree_withn = 3.0\n\n[policies.training]\nenabled = 1\nintensity = -0.1\n"
    )
    code, _out, err = validate(capsys, path)
    assert code == 2
    assert "two.toml:2: network.degree_withn: expected a known key" in err
    assert "did you mean 'network.degree_within'?" in err
    assert "two.toml:5: policies.training.enabled: expected true or false, found the integer 1" in (
        err
    )
    assert "two.toml:6: policies.training.intensity: expected a value >= 0" in err
    assert "3 problems in 1 of 1 files" in err


def test_problems_in_a_file_and_the_file_it_extends_are_each_reported_in_their_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "parent.toml").write_text('[world]\nstepz = 5\n[residents]\ntrust = "high"\n')
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n\n[world]\nn_communities = 0\n')
    code, _out, err = validate(capsys, child)
    assert code == 2
    assert "parent.toml:2: world.stepz: expected a known key" in err
    assert "parent.toml:4: residents.trust: expected a number, found the string 'high'" in err
    assert "child.toml:4: world.n_communities: expected a value >= 1, found the integer 0" in err


def test_a_child_overriding_a_bad_parent_value_is_not_blamed_for_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "parent.toml").write_text("[world]\nsteps = 0\n")
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n[world]\nsteps = 12\n')
    code, out, _err = validate(capsys, child)
    assert code == 0, "the merged scenario is valid: the child fixes the parent's value"
    assert out.startswith("ok:")


def test_a_broken_parent_does_not_hide_the_childs_own_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "parent.toml").write_text("[world\n")
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n[policies.training]\nintensity = "max"\n')
    code, _out, err = validate(capsys, child)
    assert code == 2
    assert "parent.toml:1: <file>: expected valid TOML" in err
    assert "child.toml:3: policies.training.intensity: expected a number" in err


def test_every_problem_of_every_file_is_listed_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [case.write(tmp_path / case.id) for case in CASES]
    good = BUNDLED_DIR / "training.toml"
    code, out, err = validate(capsys, *paths, good)
    assert code == 2
    for case in CASES:
        assert any(all(f in line for f in case.fragments) for line in err.splitlines()), (
            f"{case.id} not reported on one line:\n{err}"
        )
    assert f"in {len(CASES)} of {len(CASES) + 1} files" in err
    assert out.startswith("ok:") and "training" in out


def test_a_shared_broken_parent_is_reported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "base.toml").write_text("[world]\nsteps = -1\n")
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text('extends = "base.toml"\n')
    code, _out, err = validate(capsys, tmp_path / "a.toml", tmp_path / "b.toml")
    assert code == 2
    assert err.count("world.steps") == 1


def test_a_misspelled_bundled_name_suggests_the_bundled_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = validate(capsys, "baselin")
    assert code == 2
    assert "baselin: <file>: expected an existing file or a bundled scenario name" in err
    assert "did you mean the bundled scenario 'baseline'?" in err


def test_a_bundled_name_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = validate(capsys, "baseline")
    assert code == 0 and out.startswith("ok: baseline")


def test_every_bundled_scenario_validates(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(BUNDLED_DIR.glob("*.toml"))
    code, out, err = validate(capsys, *files)
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == len(files)


def test_bundled_scenarios_cover_baseline_each_policy_each_level_and_all() -> None:
    names = set(bundled_scenarios())
    expected = {"baseline", "government", "organizations", "residents", "all_levels"}
    expected |= set(policy_names())
    assert expected <= names


def test_console_reports_all_problems_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[world]\nsteps = "12"\n[policies.trainng]\nenabled = true\n')
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "govsim.cli.main",
            "validate",
            str(bad),
            str(tmp_path / "gone.toml"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "bad.toml:2: world.steps: expected an integer, found the string '12'" in done.stderr
    assert "did you mean 'policies.training'?" in done.stderr
    assert "gone.toml: <file>: expected an existing file, found no such file" in done.stderr
    assert "3 problems in 2 of 2 files" in done.stderr
