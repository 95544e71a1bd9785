"""The robustness design on a test function whose answers are known, and its file checks.

``two_levers`` (govsim.testing.functions): on common seeds the effect of
``lever_x`` is exactly x - 0.3, positive on 70% of x ~ U(0, 1); that of
``lever_z`` is z - 0.5 (50%); both levers beat the better single one where both
effects are positive (35%), and add up exactly (no synergy anywhere).
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest
from _experiments_support import run_cli, stored_runs, table, write

from govsim.analysis.points import point_values
from govsim.analysis.summaries import wilson_interval
from govsim.errors import ScenarioError
from govsim.experiments.loader import load_experiment

KNOWN = """
name = "known"
design = "robustness"
model = "govsim.testing.functions:two_levers"
root_seed = 5
replications = {reps}

[uncertainties]
x = {{ low = 0.0, high = 1.0 }}
z = {{ low = 0.0, high = 1.0 }}
noise = {{ low = 0.0, high = 0.2 }}

[policies]
none = {{ overrides = {{}} }}
lever_x = {{ overrides = {{ lever_x = 1.0 }} }}
lever_z = {{ overrides = {{ lever_z = 1.0 }} }}
both = {{ overrides = {{ lever_x = 1.0, lever_z = 1.0 }} }}

[robustness]
sampler = "{sampler}"
samples = {samples}
goals = {{ y = "max", w = "min" }}
claims = [
  {{ name = "both_beats_best", policy = "both", against = ["lever_x", "lever_z"] }},
  {{ name = "synergy", policy = "both", against = ["lever_x", "lever_z"], rule = "sum" }},
]
"""


def known(sampler: str = "lhs", samples: int = 400, reps: int = 1) -> str:
    return KNOWN.format(sampler=sampler, samples=samples, reps=reps)


@pytest.fixture(scope="module")
def lhs(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("known")
    exp = write(folder, "known.toml", known())
    out = folder / "out"
    mp = pytest.MonkeyPatch()
    assert run_cli(mp, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(mp, "analyze", out) == 0
    return exp, out


def _row(frame: pd.DataFrame, **where: str) -> pd.Series:
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1, where
    return frame.iloc[0]


@pytest.mark.parametrize(
    ("policy", "share", "median", "q05"),
    [("lever_x", 0.7, 0.2, -0.25), ("lever_z", 0.5, 0.0, -0.45)],
    ids=["x-0.3", "z-0.5"],
)
def test_the_share_of_the_space_with_a_positive_effect_is_found_within_its_ci(
    lhs, policy, share, median, q05
):
    row = _row(table(lhs[1], "robustness_effects"), policy=policy, output="y", subset="all")
    assert row["n"] == 400
    assert row["share_ci_low"] <= share <= row["share_ci_high"]
    assert row["share_ci_high"] - row["share_ci_low"] < 0.11  # a CI, not [0, 1]
    # the quantiles of x - 0.3 (z - 0.5) over a Latin hypercube in [0, 1]
    assert row["median"] == pytest.approx(median, abs=0.01)
    assert row["q05"] == pytest.approx(q05, abs=0.01)


def test_claims_hold_where_known_and_exact_additivity_is_no_synergy(lhs):
    claims = table(lhs[1], "robustness_claims")
    best = _row(claims, claim="both_beats_best", output="y")
    assert best["ci_low"] <= 0.35 <= best["ci_high"]
    synergy = _row(claims, claim="synergy", output="y")
    assert synergy["share_holds"] == 0 and synergy["median"] == 0  # not positive by rounding
    # an output whose goal is "min" is judged the other way round: w = -y gives y's verdicts
    for name in ("both_beats_best", "synergy"):
        y, w = _row(claims, claim=name, output="y"), _row(claims, claim=name, output="w")
        assert w["share_holds"] == y["share_holds"]


def test_regret_is_zero_for_the_best_policy_and_shares_of_best_add_up(lhs):
    regret = table(lhs[1], "robustness_regret")
    part = regret[(regret["output"] == "y") & (regret["subset"] == "all")]
    assert (part["mean"] >= 0).all() and part["share_best"].sum() == pytest.approx(1.0)
    # lever x is best where x > 0.3 > ... it never falls short of "none" by more than 0.3
    x = _row(part, policy="lever_x")
    assert 0 < x["mean"] < _row(part, policy="none")["mean"]


def test_point_tables_hold_every_point_and_effects_are_exactly_paired(lhs):
    exp, out = lhs
    effects = table(out, "robustness_point_effects")
    runs = table(out, "runs")
    x = runs[runs["scenario"] == "lever_x"].set_index("sample")["y"]
    base = runs[runs["scenario"] == "none"].set_index("sample")["y"]
    got = effects[(effects["policy"] == "lever_x") & (effects["output"] == "y")]
    expected = (x - base).reindex(got["sample"]).to_numpy()
    np.testing.assert_allclose(got["effect"].to_numpy(), expected)
    assert len(got) == 400 and got["kept"].all()  # no pattern file: every point is kept


def test_wilson_interval_matches_its_formula_and_stays_in_the_unit_interval():
    low, high = wilson_interval(70, 100)
    assert low == pytest.approx(0.6041, abs=1e-4) and high == pytest.approx(0.7810, abs=1e-4)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    assert all(np.isnan(wilson_interval(0, 0)))


def test_a_point_counts_only_replications_every_policy_completed():
    done = pd.DataFrame(
        {
            "scenario": ["a", "a", "b", "a", "b"],
            "sample": [0, 0, 0, 1, 1],
            "replication": [0, 1, 0, 0, 0],
            "y": [1.0, 3.0, 2.0, 5.0, 9.0],
        }
    )
    pv = point_values(done, ["a", "b"], ["y"], 2)
    # point 0: only replication 0 has both policies, so a's replication 1 is left out
    np.testing.assert_allclose(pv.effect("b", "y"), [1.0, 4.0])


@pytest.mark.slow
def test_resume_after_lost_runs_gives_the_uninterrupted_tables(lhs, tmp_path, monkeypatch):
    exp, reference = lhs
    out = tmp_path / "resumed"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    with sqlite3.connect(out / "store.sqlite") as conn:
        conn.execute("DELETE FROM runs WHERE rowid % 3 = 0")  # as if killed part-way
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    pd.testing.assert_frame_equal(stored_runs(out), stored_runs(reference))
    for name in ("robustness_effects", "robustness_claims", "robustness_regret"):
        pd.testing.assert_frame_equal(table(out, name), table(reference, name))


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_sequential_process_pool_and_dask_give_identical_tables(
    tmp_path, monkeypatch, dask_scheduler
):
    exp = write(tmp_path, "e.toml", known(samples=40, reps=2))
    modes = {
        "seq": ["--workers", "1"],
        "pool": ["--workers", "2"],
        "dask": ["--scheduler", dask_scheduler],
    }
    for name, opts in modes.items():
        assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / name, *opts) == 0
        assert run_cli(monkeypatch, "analyze", tmp_path / name) == 0
    names = ["robustness_effects", "robustness_claims", "robustness_regret", "seed_variance"]
    for other in ("pool", "dask"):
        pd.testing.assert_frame_equal(stored_runs(tmp_path / other), stored_runs(tmp_path / "seq"))
        for name in names:
            expected = table(tmp_path / "seq", name)
            pd.testing.assert_frame_equal(table(tmp_path / other, name), expected)


def test_sobol_indices_of_an_effect_name_the_parameter_it_depends_on(tmp_path, monkeypatch):
    exp = write(tmp_path, "e.toml", known("sobol", 256))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    sobol = table(out, "effect_sobol")
    part = sobol[(sobol["target"] == "lever_x") & (sobol["output"] == "y")].set_index("parameter")
    assert part.loc["x", "S1"] == pytest.approx(1.0, abs=0.05)  # x - 0.3 depends on x alone
    assert abs(part.loc["z", "ST"]) < 0.05 and abs(part.loc["noise", "ST"]) < 0.05
    claim = sobol[(sobol["target"] == "both_beats_best") & (sobol["output"] == "y")]
    assert set(claim.nlargest(2, "ST")["parameter"]) == {"x", "z"}


def test_morris_screening_of_an_effect_ranks_its_parameter_first(tmp_path, monkeypatch):
    exp = write(tmp_path, "e.toml", known("morris", 20))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    morris = table(out, "effect_morris")
    part = morris[(morris["target"] == "lever_z") & (morris["output"] == "y")]
    assert part.nlargest(1, "mu_star")["parameter"].iloc[0] == "z"
    assert part.set_index("parameter").loc["x", "mu_star"] == pytest.approx(0.0, abs=1e-9)


# ---------------------------------------------------------------- the file's checks


def _problems(tmp_path, text: str) -> str:
    path = write(tmp_path, "e.toml", text)
    with pytest.raises(ScenarioError) as err:
        load_experiment(path)
    return "\n".join(str(p) for p in err.value.problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ('base_policy = "nobody"', "robustness.base_policy"),
        ("levels = 1", "robustness.levels"),
        ('plausible = "missing.toml"', "robustness.plausible"),
    ],
)
def test_bad_robustness_options_are_reported(tmp_path, change, expected):
    text = known().replace("[robustness]\n", f"[robustness]\n{change}\n")
    assert expected in _problems(tmp_path, text)


def test_claims_must_compare_policies_other_than_the_base(tmp_path):
    text = known().replace('against = ["lever_x", "lever_z"] },', 'against = ["none"] },')
    text = text.replace('"both", against = ["none"]', '"ghost", against = ["none"]')
    problems = _problems(tmp_path, text)
    assert "robustness.claims.0.policy" in problems and "robustness.claims.0.against.0" in problems


def test_an_unknown_sampler_names_the_samplers(tmp_path):
    text = known().replace('sampler = "lhs"', 'sampler = "fast"')
    assert "expected one of 'lhs', 'sobol' or 'morris'" in _problems(tmp_path, text)


def test_a_sobol_sampler_needs_a_power_of_two_and_a_policy_name_no_colon(tmp_path):
    text = known("sobol", 100).replace("lever_z = {", '"lever:z" = {')
    problems = _problems(tmp_path, text)
    assert "robustness.samples" in problems and "policies.lever:z" in problems


# ---------------------------------------------------------------- govsim's own model


GOVSIM = """
name = "tiny_robustness"
design = "robustness"
root_seed = 11
outputs = ["participation_rate", "org_independence", "staff_turnover", "service_quality"]
[overrides]
"world.n_residents" = 300
"world.warmup_months" = 24
"world.steps" = 24
[policies]
baseline = "baseline"
residents = "residents"
[uncertainties]
"mechanisms.voice.channel_scale" = {}
"residents.base_utility" = { low = -4.0, high = 2.0 }
[robustness]
samples = 8
plausible = "patterns.toml"
goals = { participation_rate = "max" }
"""


@pytest.mark.slow
def test_govsim_robustness_keeps_the_points_whose_status_quo_shows_p1(tmp_path, monkeypatch):
    from test_patterns import PATTERN_FILE

    (tmp_path / "patterns.toml").write_text(PATTERN_FILE.read_text(encoding="utf-8"))
    exp = write(tmp_path, "r.toml", GOVSIM)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out) == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    runs = table(out, "runs")
    base = runs[runs["scenario"] == "baseline"].set_index("sample")
    criteria = pd.read_csv(out / "tables" / "robustness_filter.csv").set_index("criterion")
    # the filter reads the base policy's final outputs: recount the participation criterion
    low = (base["participation_rate"] <= 0.20 + 0.03).sum()
    assert criteria.loc["participation", "n_kept"] == low and criteria.loc["all", "n"] == 8
    kept = criteria.loc["all", "n_kept"]
    effects = table(out, "robustness_effects")
    quality = effects[effects["output"] == "service_quality"].set_index("subset")
    assert quality.loc["plausible", "n"] == kept
    # seeds are common within a point and differ between points
    seeds = runs.groupby("sample")["seed"].nunique()
    assert (seeds == 1).all() and runs["seed"].nunique() == 8
