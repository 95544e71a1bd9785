"""Scenario overrides, writing back to TOML, hashing, and key line lookup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from govsim.config.scenario import (
    apply_overrides,
    bundled_scenarios,
    load_scenario,
    scenario_hash,
    scenario_to_toml,
)
from govsim.config.tomlfile import key_lines
from govsim.errors import ScenarioError, UserError

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def test_overrides_set_values_by_key_path_and_leave_the_original_alone(baseline) -> None:
    new = apply_overrides(baseline, {"policies.training.intensity": 0.6, "world.n_residents": 500})
    assert new.policies.training.intensity == 0.6
    assert new.world.n_residents == 500
    assert baseline.policies.training.intensity == 0.8
    assert baseline.world.n_residents == 10_000


def test_overrides_accept_whole_floats_and_numpy_scalars_for_integers(baseline) -> None:
    new = apply_overrides(
        baseline,
        {
            "world.steps": 24.0,
            "world.n_communities": np.int64(3),
            "network.degree_across": np.float64(2.5),
        },
    )
    assert (new.world.steps, new.world.n_communities) == (24, 3)
    assert type(new.world.steps) is int and type(new.world.n_communities) is int
    assert new.network.degree_across == 2.5
    switched = apply_overrides(baseline, {"policies.training.enabled": np.bool_(True)})
    assert switched.policies.training.enabled is True


def test_overrides_reject_unknown_keys_with_a_suggestion(baseline) -> None:
    with pytest.raises(ScenarioError) as info:
        apply_overrides(baseline, {"policies.training.intensty": 0.5, "world.stepz": 3})
    problems = {p.key: p for p in info.value.problems}
    assert set(problems) == {"policies.training.intensty", "world.stepz"}
    hint = problems["policies.training.intensty"].hint
    assert hint == "did you mean 'policies.training.intensity'?"
    assert problems["world.stepz"].hint == "did you mean 'world.steps'?"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("world.steps", 0, "a value >= 1"),
        ("world.steps", 2.5, "an integer"),
        ("world.n_residents", "200", "an integer"),
        ("policies.training.enabled", "off", "true or false"),
        ("policies.training.intensity", 1.01, "a value <= 1"),
    ],
)
def test_overrides_are_validated_strictly(baseline, key: str, value: object, expected: str) -> None:
    with pytest.raises(ScenarioError) as info:
        apply_overrides(baseline, {key: value})
    (problem,) = info.value.problems
    assert (problem.file, problem.key) == ("<overrides>", key)
    assert problem.expected.startswith(expected)


def test_scenario_error_is_a_user_error() -> None:
    assert issubclass(ScenarioError, UserError)


@pytest.mark.parametrize("name", bundled_scenarios())
def test_every_bundled_scenario_round_trips_through_toml(name: str, tmp_path: Path) -> None:
    scenario = load_scenario(name)
    path = tmp_path / "out.toml"
    path.write_text(scenario_to_toml(scenario))
    again = load_scenario(path)
    assert again == scenario
    assert scenario_hash(again) == scenario_hash(scenario)


def test_round_trip_keeps_overridden_values_and_types(baseline, tmp_path: Path) -> None:
    changed = apply_overrides(
        baseline,
        {"evaluation.incentive": 1e6, "residents.base_utility": -0.125, "world.steps": 7},
    )
    path = tmp_path / "changed.toml"
    path.write_text(scenario_to_toml(changed))
    again = load_scenario(path)
    assert again == changed
    assert type(again.evaluation.incentive) is float and type(again.world.steps) is int


def test_hash_ignores_file_layout_but_not_values(baseline, tmp_path: Path) -> None:
    explicit = tmp_path / "explicit.toml"
    explicit.write_text(scenario_to_toml(baseline))
    child = tmp_path / "child.toml"
    child.write_text('extends = "explicit.toml"\nname = "baseline"\n[world]\nsteps = 120\n')
    assert scenario_hash(load_scenario(child)) == scenario_hash(baseline)
    assert scenario_hash(apply_overrides(baseline, {"world.steps": 119})) != scenario_hash(baseline)
    assert len(scenario_hash(baseline)) == 64


def test_hash_is_the_same_in_fresh_processes_with_different_hash_seeds() -> None:
    code = (
        "from govsim.config.scenario import load_scenario, scenario_hash; "
        "print(scenario_hash(load_scenario('all_levels')))"
    )
    hashes = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        hashes.add(done.stdout.strip())
    assert hashes == {scenario_hash(load_scenario("all_levels"))}


def test_key_lines_locates_tables_keys_and_dotted_keys() -> None:
    text = (
        '# comment\nname = "x"\n\n[world]\nsteps = 3  # months\n'
        "[policies.training]\nenabled = true\n"
        "[network]\ndegree_within.x = 1\n'quoted key' = 2\n"
    )
    lines = key_lines(text)
    assert lines["name"] == 2
    assert lines["world"] == 4 and lines["world.steps"] == 5
    assert lines["policies"] == 6 and lines["policies.training.enabled"] == 7
    assert lines["network.degree_within"] == 9 and lines["network.degree_within.x"] == 9
    assert lines["network.quoted key"] == 10


def test_an_unnamed_file_is_named_after_itself_not_its_parent(tmp_path: Path) -> None:
    path = tmp_path / "late_training.toml"
    path.write_text('extends = "training.toml"\n[policies.training]\nstart = 24\n')
    scenario = load_scenario(path)
    assert scenario.name == "late_training"
    assert scenario.policies.training.enabled and scenario.policies.training.start == 24
    named = tmp_path / "named.toml"
    named.write_text('extends = "training.toml"\nname = "mine"\n')
    assert load_scenario(named).name == "mine"
