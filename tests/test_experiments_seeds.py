"""Seeds: keyed by design position, so adding a scenario or sample changes no other seed."""

from __future__ import annotations

from _experiments_support import write

from govsim.experiments.designs import build_design
from govsim.experiments.loader import load_experiment
from govsim.experiments.seeds import run_seed

COMPARE = """
name = "s"
design = "compare"
model = "govsim.testing.functions:noisy_linear"
root_seed = 42
replications = 4
common_random_numbers = {crn}
[compare]
scenarios = [{scenarios}]
"""

A = '{ name = "a", overrides = { x = 1.0 } }'
B = '{ name = "b", overrides = { x = 2.0 } }'
C = '{ name = "c", overrides = { x = 3.0 } }'


def _runs(tmp_path, name, text):
    design = build_design(load_experiment(write(tmp_path, name, text)))
    return {(s.scenario, s.sample, s.replication): (s.seed, s.key) for s in design.specs}


def test_adding_a_scenario_changes_no_other_seed_or_key(tmp_path):
    for crn in ("true", "false"):
        small = _runs(tmp_path, "small.toml", COMPARE.format(crn=crn, scenarios=f"{A}, {B}"))
        big = _runs(tmp_path, "big.toml", COMPARE.format(crn=crn, scenarios=f"{C}, {A}, {B}"))
        assert len(big) == len(small) + 4
        assert all(big[pos] == value for pos, value in small.items())


def test_common_random_numbers_share_seeds_across_scenarios(tmp_path):
    runs = _runs(tmp_path, "e.toml", COMPARE.format(crn="true", scenarios=f"{A}, {B}"))
    for rep in range(4):
        seeds = {runs[(s, -1, rep)][0] for s in ("base", "a", "b")}
        assert len(seeds) == 1
    assert len({runs[("base", -1, r)][0] for r in range(4)}) == 4
    independent = _runs(tmp_path, "i.toml", COMPARE.format(crn="false", scenarios=f"{A}, {B}"))
    assert len({seed for seed, _ in independent.values()}) == 12


LHS = """
name = "l"
design = "lhs"
model = "govsim.testing.functions:noisy_linear"
root_seed = 42
replications = 2
[parameters]
x = {{ low = 0.0, high = 1.0 }}
[lhs]
samples = {n}
"""


def test_adding_samples_keeps_the_seeds_of_existing_sample_indices(tmp_path):
    small = _runs(tmp_path, "s.toml", LHS.format(n=5))
    big = _runs(tmp_path, "b.toml", LHS.format(n=8))
    assert all(big[pos][0] == seed for pos, (seed, _) in small.items())
    assert len({seed for seed, _ in big.values()}) == 16


def test_run_seed_is_a_pure_function_of_root_and_position():
    assert run_seed(1, 0) == run_seed(1, 0)
    assert run_seed(1, 0) != run_seed(2, 0) != run_seed(1, 1)
    assert run_seed(1, 0, scenario="a") != run_seed(1, 0, scenario="b")
    assert run_seed(1, 3, sample=2) != run_seed(1, 2, sample=3)
    assert 0 <= run_seed(0, 0) < 2**63
