"""Known answers through the whole pipeline: experiment file -> store -> analysis.

Tolerance: SALib's ``*_conf`` columns are bootstrap 95% half-widths, i.e. about
1.96 standard errors of the estimate at this sample size. We accept an estimate
within two half-widths (about 4 standard errors; a correct estimator fails that
with probability below 1e-4) plus 0.01 for the bootstrap's own noise, and
require the half-width itself to be small, so a useless estimate cannot pass.
Scrambled Sobol' points converge faster than the i.i.d. bootstrap assumes, so
the bound is conservative.
"""

from __future__ import annotations

import math

import numpy as np
from _experiments_support import run_cli, table, write

from govsim.testing.functions import G_COEFFICIENTS, ishigami_indices, sobol_g_indices

PI = math.pi


def _assert_close(frame, truth, names):
    frame = frame.set_index("parameter").loc[names]
    for key in ("S1", "ST"):
        est, conf = frame[key].to_numpy(), frame[f"{key}_conf"].to_numpy()
        assert (conf < 0.1).all(), (key, conf)
        err = np.abs(est - np.array(truth[key]))
        assert (err <= 2 * conf + 0.01).all(), (key, est, truth[key], conf)


def test_ishigami_sobol_indices_match_the_analytic_values(tmp_path, monkeypatch):
    rng = f"{{ low = {-PI!r}, high = {PI!r} }}"
    exp = write(
        tmp_path,
        "ishigami.toml",
        f"""
name = "ishigami"
design = "sobol"
model = "govsim.testing.functions:ishigami"
root_seed = 11
[parameters]
x1 = {rng}
x2 = {rng}
x3 = {rng}
[sobol]
n = 1024
second_order = true
""",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out, "--s2") == 0
    _assert_close(table(out, "sobol_indices"), ishigami_indices(), ["x1", "x2", "x3"])
    # The only interaction is x1 with x3 (S13 = ST1 - S1 = 0.244).
    s2 = table(out, "sobol_s2").set_index(["parameter_1", "parameter_2"])["S2"]
    assert abs(s2["x1", "x3"] - 0.2437) < 0.1
    assert abs(s2["x1", "x2"]) < 0.1
    conv = table(out, "sobol_convergence")
    assert sorted(conv["n_samples"].unique()) == [64, 128, 256, 512, 1024]


def _g_parameters() -> str:
    return "\n".join(f"x{i} = {{ low = 0.0, high = 1.0 }}" for i in range(1, 7))


def test_sobol_g_function_indices_match_the_analytic_values(tmp_path, monkeypatch):
    exp = write(
        tmp_path,
        "g.toml",
        f"""
name = "g"
design = "sobol"
model = "govsim.testing.functions:sobol_g"
root_seed = 5
[parameters]
{_g_parameters()}
[sobol]
n = 1024
""",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    names = [f"x{i}" for i in range(1, 7)]
    _assert_close(table(out, "sobol_indices"), sobol_g_indices(G_COEFFICIENTS), names)


def test_morris_ranks_the_influential_g_inputs_first(tmp_path, monkeypatch):
    exp = write(
        tmp_path,
        "g_morris.toml",
        f"""
name = "g_morris"
design = "morris"
model = "govsim.testing.functions:sobol_g"
root_seed = 3
[parameters]
{_g_parameters()}
[morris]
trajectories = 20
levels = 4
""",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    ranked = table(out, "morris").sort_values("mu_star", ascending=False)["parameter"].tolist()
    # a = 0, 1 are the influential inputs; a = 99 (x5, x6) are the negligible ones.
    assert ranked[:2] == ["x1", "x2"]
    assert set(ranked[-2:]) == {"x5", "x6"}


def test_fast_and_lhs_designs_run_and_rank_the_ishigami_inputs(tmp_path, monkeypatch):
    rng = f"{{ low = {-PI!r}, high = {PI!r} }}"
    for design, options in (("fast", "n = 600"), ("lhs", "samples = 300")):
        exp = write(
            tmp_path,
            f"{design}.toml",
            f"""
name = "{design}"
design = "{design}"
model = "govsim.testing.functions:ishigami"
[parameters]
x1 = {rng}
x2 = {rng}
x3 = {rng}
[{design}]
{options}
""",
        )
        out = tmp_path / design
        assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
        assert run_cli(monkeypatch, "analyze", out) == 0
    fast = table(tmp_path / "fast", "fast_indices").set_index("parameter")
    truth = ishigami_indices()
    # eFAST with 600 points per input: S1 within 0.05 of the analytic value.
    assert np.allclose(fast["S1"], truth["S1"], atol=0.05)
    assert np.allclose(fast["ST"], truth["ST"], atol=0.1)
    # sin(x1) is monotone on most of the range; x2 and x3 act through even powers.
    corr = table(tmp_path / "lhs", "rank_correlations").set_index("parameter")["spearman"]
    assert corr["x1"] > 0.3 and abs(corr["x2"]) < 0.15 and abs(corr["x3"]) < 0.15
