"""``govsim discover``: planted regions found in stored experiments, tables kept per question.

The robustness experiment runs ``two_levers`` (govsim.testing.functions): both
levers together beat the better single lever exactly where x > 0.3 and
z > 0.5, whatever ``noise`` (a third, irrelevant uncertainty) is. PRIM must
find that box, the tree must split on x and z, and the feature scores must
rank them above ``noise``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _experiments_support import run_cli, write
from test_robustness import known

from govsim.analysis.discover import parse_where
from govsim.errors import UserError

TOL = 0.05

LHS = """
name = "sampled"
design = "lhs"
model = "govsim.testing.functions:noisy_linear"
root_seed = 3
replications = 1
overrides = { noise = 0.0 }
[parameters]
x = { low = 0.0, high = 1.0 }
z = { low = 0.0, high = 1.0 }
[lhs]
samples = 200
"""

CLAIM = "claim:both_beats_best:y"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discover")
    exp = write(folder, "known.toml", known(samples=300))
    out = folder / "out"
    assert run_cli(pytest.MonkeyPatch(), "experiment", exp, "--out", out, "--workers", "1") == 0
    return out


@pytest.fixture(scope="module")
def answered(store):
    mp = pytest.MonkeyPatch()
    assert run_cli(mp, "discover", store, "--output", CLAIM, "--where", "> 0") == 0
    x_hurts = ["--output", "effect:lever_x:y", "--where", "<= 0", "--name", "x hurts"]
    assert run_cli(mp, "discover", store, *x_hurts) == 0
    return store


def _tables(out, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / f"{name}.csv")


def test_prim_recovers_the_planted_box_with_significant_limits(answered):
    limits = _tables(answered, "discovery_limits")
    box = limits[limits["query"] == f"{CLAIM} > 0"].set_index("parameter")
    assert set(box.index) == {"x", "z"}  # noise is not restricted
    assert box.loc["x", "low"] == pytest.approx(0.3, abs=TOL)
    assert box.loc["z", "low"] == pytest.approx(0.5, abs=TOL)
    assert (box["high"] == 1.0).all() and (box["qp_value"] < 1e-6).all()
    box = _tables(answered, "discovery_boxes").set_index("query").loc[f"{CLAIM} > 0"]
    assert box["density"] > 0.9 and box["coverage"] > 0.9


def test_the_tree_splits_and_the_scores_rank_the_planted_dimensions(answered):
    cart = _tables(answered, "discovery_cart")
    rules = " ".join(cart[cart["query"] == f"{CLAIM} > 0"]["rule"])
    assert "x" in rules and "z" in rules and "noise" not in rules
    scores = _tables(answered, "discovery_scores")
    ranked = scores[scores["query"] == f"{CLAIM} > 0"].sort_values("rank")["parameter"]
    assert set(ranked.iloc[:2]) == {"x", "z"}


def test_questions_accumulate_and_asking_again_replaces_the_answer(answered, monkeypatch):
    queries = _tables(answered, "discovery_queries")
    assert list(queries["query"]) == [f"{CLAIM} > 0", "x hurts"]
    x_hurts = _tables(answered, "discovery_limits").query("query == 'x hurts'")
    assert x_hurts["high"].iloc[0] == pytest.approx(0.3, abs=TOL)
    assert run_cli(monkeypatch, "discover", answered, "--output", CLAIM, "--where", "> 0") == 0
    assert list(_tables(answered, "discovery_queries")["query"]) == ["x hurts", f"{CLAIM} > 0"]
    assert run_cli(monkeypatch, "analyze", answered) == 0  # an analysis keeps the answers
    assert len(_tables(answered, "discovery_queries")) == 2
    figures = {p.stem for p in (answered / "figures").glob("*.png")}
    assert {"prim_tradeoff_1", "box_limits_2", "feature_scores_1"} <= figures


def test_any_sampled_experiment_can_be_searched_by_output(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "lhs.toml", LHS)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "discover", out, "--output", "y", "--where", ">= 2.2") == 0
    assert "box 1" in capsys.readouterr().out  # y = 2x + z >= 2.2: large x and z
    limits = _tables(out, "discovery_limits").set_index("parameter")
    assert limits.loc["x", "low"] > 0.5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", CLAIM, "--where", "about 0"], "is not a condition"),
        (["--output", "effect:lever_x:yy", "--where", "< 0"], "did you mean 'effect:lever_x:y'"),
        (["--output", "effect:lever_x:y", "--where", "< -5"], "no case of interest"),
        (["--output", "effect:lever_x:y", "--where", "> -5"], "nothing to separate"),
        (["--output", "effect:lever_x:y", "--where", "< 0", "--plausible"], "pattern file"),
    ],
)
def test_bad_questions_are_one_line_errors(store, monkeypatch, capsys, args, message):
    assert run_cli(monkeypatch, "discover", store, *args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_comparison_has_no_sampled_space_to_search(tmp_path, monkeypatch, capsys):
    exp = write(
        tmp_path,
        "c.toml",
        'name = "c"\ndesign = "compare"\nmodel = "govsim.testing.functions:noisy_linear"\n'
        "overrides = { x = 0.5 }\n[compare]\n"
        'scenarios = [{ name = "b", overrides = { z = 1.0 } }]\n',
    )
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o", "--workers", "1") == 0
    assert run_cli(monkeypatch, "discover", tmp_path / "o", "--output", "y", "--where", "<1") == 2
    assert "discovery needs a sampled space" in capsys.readouterr().err


def test_conditions_parse_comparisons_and_numbers_only():
    assert parse_where(" <= -0.05") == ("<=", -0.05)
    assert parse_where(">1e-3") == (">", 0.001)
    for bad in ("0", "< x", "== 0", "< 0 and > 1"):
        with pytest.raises(UserError):
            parse_where(bad)
