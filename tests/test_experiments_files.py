"""Experiment files: strict validation with scenario-style messages, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from _experiments_support import run_cli, write

from govsim.experiments.designs import build_design
from govsim.experiments.loader import load_experiment

SHIPPED = sorted((Path(__file__).resolve().parents[1] / "experiments").glob("*.toml"))

GOOD = """
name = "good"
design = "compare"
replications = 2
overrides = { "world.n_residents" = 100 }
[compare]
scenarios = ["government"]
"""

BAD = {
    "unknown_key": (
        GOOD.replace("replications = 2", "replicatons = 2"),
        ["replicatons", "unknown key", "did you mean 'replications'?"],
    ),
    "unknown_nested_key": (
        GOOD.replace('scenarios = ["government"]', 'scenarios = ["government"]\nscenarioz = 1'),
        ["compare.scenarioz", "did you mean 'compare.scenarios'?"],
    ),
    "wrong_type": (
        GOOD.replace("replications = 2", 'replications = "ten"'),
        ["replications", "expected an integer", "found the string 'ten'"],
    ),
    "missing_scenario": (
        GOOD.replace('["government"]', '["no_such_scenario"]'),
        ["compare.scenarios.0.scenario", "'no_such_scenario'"],
    ),
    "bad_override_path": (
        GOOD.replace('"world.n_residents"', '"world.n_resident"'),
        ["overrides.world.n_resident", "did you mean 'world.n_residents'?"],
    ),
    "unknown_design": (
        GOOD.replace('design = "compare"', 'design = "grid"'),
        ["design", "one of compare, factorial"],
    ),
    "missing_design_table": (
        GOOD.replace('[compare]\nscenarios = ["government"]', ""),
        ["compare", "a [compare] table"],
    ),
    "bound_outside_schema": (
        'name = "s"\ndesign = "lhs"\n[lhs]\nsamples = 4\n'
        '[parameters]\n"policies.training.intensity" = { low = 0.0, high = 2.0 }\n',
        ["parameters.policies.training.intensity", "schema range [0.0, 1.0]"],
    ),
    "unimportable_model": (
        'name = "m"\ndesign = "lhs"\nmodel = "no_such_pkg.mod:f"\n[lhs]\nsamples = 4\n'
        "[parameters]\nx = { low = 0.0, high = 1.0 }\n",
        ["model", "cannot import 'no_such_pkg.mod'"],
    ),
    "sobol_n_not_power_of_two": (
        'name = "s"\ndesign = "sobol"\n[sobol]\nn = 100\n'
        '[parameters]\n"policies.training.intensity" = {}\n',
        ["sobol.n", "a power of 2", "found 100"],
    ),
    "not_toml": ("name = \n[[", ["expected valid TOML", "syntax error"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_experiment_file_exits_2_with_a_clear_message(tmp_path, monkeypatch, capsys, case):
    text, needles = BAD[case]
    exp = write(tmp_path, "bad.toml", text)
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(exp) in err
    for needle in needles:
        assert needle in err
    assert not (tmp_path / "out").exists()  # nothing created for a bad file


def test_missing_experiment_file_exits_2(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nope.toml"
    assert run_cli(monkeypatch, "experiment", missing) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_analyze_of_a_folder_without_results_exits_2(tmp_path, monkeypatch, capsys):
    assert run_cli(monkeypatch, "analyze", tmp_path) == 2
    assert "store.sqlite" in capsys.readouterr().err


def test_good_file_loads_and_levels_can_be_scenarios_or_overrides(tmp_path):
    exp = write(
        tmp_path,
        "f.toml",
        """
name = "f"
design = "factorial"
[factorial.factors.gov]
off = {}
on = "government"
[factorial.factors.size]
small = { "world.n_residents" = 100 }
large = { "world.n_residents" = 200 }
""",
    )
    design = build_design(load_experiment(exp))
    cell = {s.scenario: s.params for s in design.specs}["gov=on,size=large"]
    assert cell["world.n_residents"] == 200
    assert cell["policies.transfer_functions.enabled"] is True
    assert len([k for k in cell if k.endswith(".enabled")]) == 5  # the government level


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_experiment_files_validate(path):
    spec = load_experiment(path)
    design = build_design(spec)
    assert design.specs and spec.file.name == path.stem


def test_the_four_required_experiment_files_are_shipped():
    names = {p.stem for p in SHIPPED}
    assert {"policy_levels", "levels_factorial", "policy_sobol", "morris_screening"} <= names


def test_the_mechanism_screening_lists_every_mechanism_parameter():
    from govsim.config.scenario import parameters

    root = Path(__file__).resolve().parents[1]
    spec = load_experiment(root / "experiments" / "mechanism_screening.toml")
    wanted = {p.path for p in parameters() if p.sweepable and p.path.startswith("mechanisms.")}
    assert set(spec.bounds) == wanted


def test_the_sweep_benchmark_is_issue_11s_twelve_policy_sobol_at_n_512():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "policy_sobol_n512.toml"
    spec = load_experiment(path)
    assert spec.file.name == path.stem
    assert len(build_design(spec).specs) == 512 * (2 * 12 + 2)  # 13,312 runs
