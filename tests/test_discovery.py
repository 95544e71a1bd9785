"""Known-answer tests of scenario discovery: PRIM, CART splits and feature scores.

The data are uniform points in [0, 1]^6 with a planted box (x0 in [0.2, 0.6] and x3 in
[0.5, 0.9]) where a point is a case of interest with probability 0.9, against 0.05 outside.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from govsim.analysis.discovery import cart_rules, cart_splits, feature_scores
from govsim.analysis.prim import (
    PrimResult,
    boxes_table,
    find_boxes,
    in_box,
    limits_table,
    trajectory_table,
)

PLANTED = {"x0": (0.2, 0.6), "x3": (0.5, 0.9)}
#: A second planted box on two other dimensions (it overlaps the first in space).
SECOND = {"x1": (0.55, 0.95), "x4": (0.05, 0.45)}
UNIT = {f"x{j}": (0.0, 1.0) for j in range(6)}
#: How close a recovered limit must be to the planted one.
TOL = 0.05


def _points(n: int = 2000, d: int = 6, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.uniform(size=(n, d)), columns=[f"x{j}" for j in range(d)])


def _inside(x: pd.DataFrame, box: dict[str, tuple[float, float]]) -> np.ndarray:
    mask = np.ones(len(x), dtype=bool)
    for name, (low, high) in box.items():
        mask &= x[name].between(low, high).to_numpy()
    return mask


def _noisy(x: pd.DataFrame, inside: np.ndarray, seed: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(size=len(x)) < np.where(inside, 0.9, 0.05)


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, np.ndarray]:
    x = _points()
    return x, _noisy(x, _inside(x, PLANTED))


@pytest.fixture(scope="module")
def planted_result(planted) -> PrimResult:
    x, y = planted
    return find_boxes(x, y, bounds=UNIT)


def _limits(result: PrimResult, box: int = 1) -> dict[str, tuple[float, float, float]]:
    return {
        lim.parameter: (lim.low, lim.high, lim.qp_value) for lim in result.boxes[box - 1].limits
    }


def _matches(limits: dict[str, tuple[float, ...]], box: dict[str, tuple[float, float]]) -> bool:
    """Whether the planted dimensions' limits are within TOL of the planted box's."""
    return all(
        name in limits and abs(limits[name][0] - lo) < TOL and abs(limits[name][1] - hi) < TOL
        for name, (lo, hi) in box.items()
    )


def _only_trivial_others(limits: dict[str, tuple[float, ...]], box: dict) -> bool:
    """Other restricted dimensions keep at least 90% of their range or are not significant.

    Not significant means a quasi-p-value above 0.05: the restriction does not raise the
    density more than chance would.
    """
    return all(
        hi - lo >= 0.9 or qp > 0.05 for name, (lo, hi, qp) in limits.items() if name not in box
    )


# --- PRIM: the planted box ------------------------------------------------------------------


def test_prim_recovers_the_planted_box(planted_result):
    limits = _limits(planted_result)
    assert _matches(limits, PLANTED), limits
    assert _only_trivial_others(limits, PLANTED), limits
    assert set(limits) == {"x0", "x3"}  # with this seed, no other dimension at all
    for name in PLANTED:
        assert limits[name][2] < 1e-20, (name, limits[name])
    box = planted_result.boxes[0]
    assert box.meets_threshold
    assert box.density >= 0.8
    assert box.coverage >= 0.7
    assert box.mass == pytest.approx(box.n / 2000)


def test_prim_trajectory_is_a_peeling_sequence(planted_result):
    table = trajectory_table(planted_result)
    assert list(table.columns) == ["box", "step", "coverage", "density", "mass", "n_restricted"]
    assert table["step"].tolist() == list(range(len(table)))
    assert table.iloc[0][["coverage", "mass"]].tolist() == [1.0, 1.0]
    assert table.iloc[0]["n_restricted"] == 0
    assert (np.diff(table["mass"]) < 0).all()
    assert (np.diff(table["coverage"]) <= 0).all()
    assert table["mass"].iloc[-1] >= 0.05
    # One more peel (about 5% of the box) would have gone under the minimum mass.
    assert table["mass"].iloc[-1] * 0.95 < 0.05 + 1 / 2000
    assert table["density"].iloc[-1] > 0.9


def test_default_choice_is_the_highest_coverage_step_reaching_the_threshold(planted_result):
    table = trajectory_table(planted_result)
    box = planted_result.boxes[0]
    ok = table[table["density"] >= 0.8]
    assert box.step == ok.sort_values(["coverage", "density"]).iloc[-1]["step"]
    # Earlier steps miss the threshold, or cover as much with a lower density.
    chosen = table.loc[box.step]
    earlier = table.loc[: box.step - 1]
    same = (earlier["coverage"] == chosen["coverage"]) & (earlier["density"] < chosen["density"])
    assert ((earlier["density"] < 0.8) | same).all()


def test_limits_and_boxes_tables(planted_result):
    limits = limits_table(planted_result)
    assert list(limits.columns) == ["box", "parameter", "low", "high", "qp_value"]
    assert sorted(limits["parameter"]) == ["x0", "x3"]
    assert limits["qp_value"].is_monotonic_increasing
    boxes = boxes_table(planted_result)
    assert list(boxes.columns) == [
        "box",
        "coverage",
        "density",
        "mass",
        "n",
        "n_restricted",
        "n_dropped",
        "step",
        "meets_threshold",
    ]
    row = boxes.iloc[0]
    box = planted_result.boxes[0]
    assert (row["box"], row["n"], row["n_restricted"], row["step"]) == (1, box.n, 2, box.step)


def test_box_statistics_match_the_points_inside(planted, planted_result):
    x, y = planted
    box = planted_result.boxes[0]
    inside = in_box(x, box)
    assert inside.sum() == box.n
    assert y[inside].sum() == box.n_interest
    assert box.coverage == pytest.approx(y[inside].sum() / y.sum())
    assert box.density == pytest.approx(y[inside].mean())


def test_qp_value_is_the_binomial_test_without_that_restriction(planted, planted_result):
    x, y = planted
    box = planted_result.boxes[0]
    inside = in_box(x, box)
    for lim in box.limits:
        other = next(o for o in box.limits if o.parameter != lim.parameter)
        freed = x[other.parameter].between(other.low, other.high).to_numpy()
        expected = binomtest(int(y[inside].sum()), int(inside.sum()), y[freed].mean(), "greater")
        assert lim.qp_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_prim_is_deterministic_and_accepts_boolean_like_y(planted, planted_result):
    x, y = planted
    assert find_boxes(x, y, bounds=UNIT) == planted_result
    assert find_boxes(x, y.astype(int), bounds=UNIT) == planted_result
    assert find_boxes(x, pd.Series(y.astype(float)), bounds=UNIT) == planted_result
    assert find_boxes(x, list(y), bounds=UNIT) == planted_result
    assert find_boxes(x, pd.Series(y, dtype="boolean"), bounds=UNIT) == planted_result


# --- PRIM: sides, pasting, choosing ---------------------------------------------------------


@pytest.mark.parametrize("high_side", [True, False])
def test_one_sided_region_is_peeled_from_the_right_side(high_side):
    x = _points(n=1000, d=3, seed=3)
    y = (x["x1"] > 0.7) if high_side else (x["x1"] < 0.3)
    result = find_boxes(x, y.to_numpy(), threshold=1.0)
    limits = _limits(result)
    assert set(limits) == {"x1"}
    low, high, _ = limits["x1"]
    if high_side:
        assert low == pytest.approx(0.7, abs=0.02)
        assert high == x["x1"].max()
    else:
        assert high == pytest.approx(0.3, abs=0.02)
        assert low == x["x1"].min()
    assert result.boxes[0].density == 1.0
    assert result.boxes[0].coverage > 0.95


def test_known_bounds_are_reported_for_the_unrestricted_side():
    x = _points(n=1000, d=3, seed=3)
    y = (x["x1"] > 0.7).to_numpy()
    bounds = {"x0": (0.0, 1.0), "x1": (-1.0, 2.0), "x2": (0.0, 1.0)}
    result = find_boxes(x, y, threshold=1.0, bounds=bounds)
    assert _limits(result)["x1"][1] == 2.0
    assert result.lower == (0.0, -1.0, 0.0) and result.upper == (1.0, 2.0, 1.0)


def test_pasting_grows_an_overpeeled_box_back_to_the_planted_one():
    x = _points(seed=4)
    y = _inside(x, PLANTED)  # noise-free: density is 1 anywhere inside
    peeled = find_boxes(x, y, step=-1, paste=False, bounds=UNIT)
    pasted = find_boxes(x, y, step=-1, paste=True, bounds=UNIT)
    assert peeled.boxes[0].density == pasted.boxes[0].density == 1.0
    assert peeled.boxes[0].mass < 0.06
    assert not _matches(_limits(peeled), PLANTED)
    assert _matches(_limits(pasted), PLANTED), _limits(pasted)
    assert pasted.boxes[0].coverage > 0.9
    assert pasted.boxes[0].step == peeled.boxes[0].step == len(peeled.boxes[0].trajectory) - 1


def test_a_given_step_is_used_and_checked(planted):
    x, y = planted
    result = find_boxes(x, y, step=5, paste=False)
    box = result.boxes[0]
    assert box.step == 5
    assert (box.coverage, box.density, box.mass) == (
        box.trajectory[5].coverage,
        box.trajectory[5].density,
        box.trajectory[5].mass,
    )
    with pytest.raises(ValueError, match="outside the trajectory"):
        find_boxes(x, y, step=1000)
    with pytest.raises(ValueError, match="steps given"):
        find_boxes(x, y, step=[1, 2])


def test_unreachable_threshold_gives_the_densest_step_flagged(planted):
    x, y = planted
    result = find_boxes(x, y, threshold=1.0, n_boxes=3, paste=False)
    assert len(result.boxes) == 1  # covering stops at a box missing the threshold
    box = result.boxes[0]
    assert not box.meets_threshold
    assert box.density == max(s.density for s in box.trajectory)


# --- PRIM: covering -------------------------------------------------------------------------


def test_covering_finds_the_second_planted_box():
    x = _points(seed=5)
    y = _noisy(x, _inside(x, PLANTED) | _inside(x, SECOND), seed=6)
    # Cases of interest of the other box inflate the density next to each box's edges, so the
    # default threshold of 0.8 gives looser boxes here; 0.85 is still below the planted 0.9.
    result = find_boxes(x, y, n_boxes=2, threshold=0.85, bounds=UNIT)
    assert len(result.boxes) == 2
    found = [_limits(result, 1), _limits(result, 2)]
    if not _matches(found[0], PLANTED):
        found.reverse()
    for limits, box in zip(found, (PLANTED, SECOND), strict=True):
        assert _matches(limits, box), (limits, box)
        assert _only_trivial_others(limits, box), limits
        assert all(limits[name][2] < 1e-20 for name in box)
    assert all(b.meets_threshold for b in result.boxes)
    first, second = (in_box(x, b) for b in result.boxes)
    assert result.boxes[1].n == (second & ~first).sum()
    assert result.boxes[1].n_interest == y[second & ~first].sum()
    table = trajectory_table(result)
    assert table.groupby("box")["step"].min().tolist() == [0, 0]
    # The second search starts on the points left after removing the first box.
    start = table[(table["box"] == 2) & (table["step"] == 0)].iloc[0]
    assert start["mass"] == pytest.approx(1 - result.boxes[0].mass)
    assert start["coverage"] == pytest.approx(1 - result.boxes[0].coverage)


def test_many_dimensions_run_and_find_the_box():
    x = _points(n=3000, d=60, seed=7)
    y = _noisy(x, _inside(x, PLANTED), seed=8)
    result = find_boxes(x, y, n_boxes=2)
    first = _limits(result)
    assert _matches(first, PLANTED), first
    assert _only_trivial_others(first, PLANTED), first
    # There is no second box: the best the rest offers misses the threshold and says so.
    assert len(result.boxes) == 2 and not result.boxes[1].meets_threshold
    assert all(lim.qp_value > 0.05 for lim in result.boxes[1].limits)


# --- PRIM: bad input ------------------------------------------------------------------------

_X = _points(n=50, d=2, seed=9)
_Y = (_X["x0"] > 0.5).to_numpy()


def _with(**changes):
    return {"x": _X, "y": _Y, **changes}


_BAD = {
    "y not boolean": (_with(y=_X["x0"].to_numpy()), "boolean-like"),
    "y strings": (_with(y=np.array(["a"] * 50)), "boolean-like"),
    "y with NaN": (_with(y=np.where(_Y, 1.0, np.nan)), "boolean-like"),
    "y 2-d": (_with(y=_Y.reshape(25, 2)), "one-dimensional"),
    "length mismatch": (_with(y=_Y[:-1]), "49 values but x has 50 rows"),
    "no case of interest": (_with(y=np.zeros(50, bool)), "no case of interest"),
    "all cases": (_with(y=np.ones(50, bool)), "every point is a case of interest"),
    "NaN in x": (_with(x=_X.assign(x1=np.r_[np.nan, _X["x1"][1:]])), "'x1' has missing"),
    "inf in x": (_with(x=_X.assign(x0=np.r_[np.inf, _X["x0"][1:]])), "'x0' has missing"),
    "text column": (_with(x=_X.assign(x1="a")), "'x1' is not numeric"),
    "not a frame": (_with(x=_X.to_numpy()), "pandas DataFrame"),
    "no columns": (_with(x=_X[[]]), "no columns"),
    "too few points": ({"x": _X.head(9), "y": _Y[:9]}, "at least 10 points, got 9"),
    "alpha 0": (_with(alpha=0.0), "alpha must lie in"),
    "alpha 0.5": (_with(alpha=0.5), "alpha must lie in"),
    "paste_alpha": (_with(paste_alpha=-0.1), "paste_alpha must lie in"),
    "min_mass": (_with(min_mass=1.0), "min_mass must lie in"),
    "threshold": (_with(threshold=1.5), "threshold must lie in"),
    "n_boxes": (_with(n_boxes=0), "n_boxes must be"),
    "step type": (_with(step=1.5), "step must be an integer"),
    "bounds missing": (_with(bounds={"x0": (0, 1)}), "no entry for parameter 'x1'"),
    "bounds too tight": (_with(bounds={"x0": (0, 0.5), "x1": (0, 1)}), "outside its bounds"),
}


@pytest.mark.parametrize("case", list(_BAD), ids=list(_BAD))
def test_bad_input_raises_a_one_line_value_error(case):
    kwargs, message = dict(_BAD[case][0]), _BAD[case][1]
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        find_boxes(kwargs.pop("x"), kwargs.pop("y"), **kwargs)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("case", ["y not boolean", "length mismatch", "all cases", "NaN in x"])
def test_cart_checks_its_input_like_prim(case):
    kwargs, message = _BAD[case]
    with pytest.raises(ValueError, match=re.escape(message)):
        cart_splits(kwargs["x"], kwargs["y"])


@pytest.mark.parametrize(
    ("y", "message"),
    [
        (np.array(["a"] * 50), "boolean or numeric"),
        (np.r_[np.nan, np.ones(49)], "missing or infinite"),
        (np.ones(50), "y is constant"),
        (np.zeros(50, bool), "no case of interest"),
        (np.ones(49), "49 values but x has 50 rows"),
    ],
)
def test_feature_scores_check_their_input(y, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        feature_scores(_X, y)


# --- PRIM: properties -----------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(10, 150),
    d=st.integers(1, 4),
    share=st.floats(0.05, 0.95),
    levels=st.sampled_from([0, 3, 10]),
    seed=st.integers(0, 2**16),
    alpha=st.sampled_from([0.05, 0.1, 0.3]),
    n_boxes=st.integers(1, 3),
)
def test_prim_invariants(n, d, share, levels, seed, alpha, n_boxes):
    rng = np.random.default_rng(seed)
    values = rng.uniform(size=(n, d))
    if levels:  # discrete parameters with many ties
        values = np.floor(values * levels)
    x = pd.DataFrame(values, columns=[f"p{j}" for j in range(d)])
    y = rng.uniform(size=n) < share
    y[0], y[1] = True, False
    result = find_boxes(x, y, alpha=alpha, n_boxes=n_boxes, threshold=0.5)
    assert 1 <= len(result.boxes) <= n_boxes
    taken = np.zeros(n, dtype=bool)
    for box in result.boxes:
        for lim in box.limits:
            column = x[lim.parameter]
            assert column.min() <= lim.low <= lim.high <= column.max()
            assert lim.low > column.min() or lim.high < column.max()
            assert 0 <= lim.qp_value <= 1
        inside = in_box(x, box) & ~taken
        assert inside.sum() == box.n and y[inside].sum() == box.n_interest
        taken |= inside
        mass = [s.mass for s in box.trajectory]
        assert all(b < a for a, b in zip(mass, mass[1:], strict=False))
        assert mass[-1] >= 0.05 or len(mass) == 1
        for s in (*box.trajectory, box):
            assert 0 <= s.coverage <= 1 and 0 <= s.density <= 1 and 0 < s.mass <= 1
    assert sum(b.coverage for b in result.boxes) <= 1 + 1e-12


# --- CART and feature scores ----------------------------------------------------------------


def test_cart_first_splits_are_on_the_planted_dimensions(planted):
    x, y = planted
    splits = cart_splits(x, y)
    assert list(splits.columns) == [
        "node",
        "depth",
        "parameter",
        "threshold",
        "n",
        "n_left",
        "n_right",
        "share_of_interest_left",
        "share_of_interest_right",
    ]
    root = splits.iloc[0]
    assert root["depth"] == 0 and root["n"] == 2000
    assert root["parameter"] in PLANTED
    planted_limits = PLANTED[root["parameter"]]
    assert min(abs(root["threshold"] - v) for v in planted_limits) < TOL
    # On the root's denser side the next split is on the other planted dimension.
    denser_right = root["share_of_interest_right"] > root["share_of_interest_left"]
    child = splits[(splits["depth"] == 1)].iloc[1 if denser_right else 0]
    other = next(name for name in PLANTED if name != root["parameter"])
    assert child["parameter"] == other
    assert min(abs(child["threshold"] - v) for v in PLANTED[other]) < TOL
    assert (splits["n_left"] + splits["n_right"] == splits["n"]).all()


def test_cart_rules_describe_the_planted_box(planted):
    x, y = planted
    rules = cart_rules(x, y)
    best = rules.iloc[0]
    assert "x0" in best["rule"] and "x3" in best["rule"]
    assert best["share_of_interest"] > 0.6
    assert re.fullmatch(r".+: \d+% of \d+ points", best["text"])
    assert rules["n"].sum() == 2000
    assert rules["share_of_interest"].is_monotonic_decreasing
    assert np.isclose((rules["share_of_interest"] * rules["n"]).sum(), y.sum())


def test_cart_splits_are_reproducible(planted):
    x, y = planted
    pd.testing.assert_frame_equal(cart_splits(x, y, seed=3), cart_splits(x, y, seed=3))


@pytest.mark.parametrize("kind", ["bool", "float"])
def test_feature_scores_rank_the_planted_dimensions_first(planted, kind):
    x, y = planted
    if kind == "float":
        rng = np.random.default_rng(10)
        y = _inside(x, PLANTED) * 1.0 + rng.normal(0, 0.3, len(x))
    scores = feature_scores(x, y, n_estimators=50)
    assert list(scores.columns) == ["parameter", "score", "rank"]
    assert set(scores["parameter"].head(2)) == set(PLANTED)
    assert scores["rank"].tolist() == list(range(1, 7))
    assert scores["score"].is_monotonic_decreasing
    assert scores["score"].sum() == pytest.approx(1.0)
    assert scores["score"].iloc[1] > 2 * scores["score"].iloc[2]


# --- PRIM: pruning restrictions that chance made ----------------------------------------------


def test_pruning_drops_the_restrictions_chance_made_and_keeps_the_planted_ones():
    # Many dimensions: peeling also restricts a parameter that does not matter.
    x = _points(n=1000, d=30, seed=11)
    y = _noisy(x, _inside(x, PLANTED), seed=12)
    full = find_boxes(x, y)
    pruned = find_boxes(x, y, max_qp=0.05)
    assert set(PLANTED) < set(_limits(full)), "the test needs a peeled box with extra limits"
    kept = _limits(pruned)
    assert set(kept) == set(PLANTED) and _matches(kept, PLANTED), kept
    assert all(qp <= 0.05 for _, _, qp in kept.values())
    box = pruned.boxes[0]
    assert len(box.dropped) == full.boxes[0].n_restricted - len(PLANTED)
    assert boxes_table(pruned)["n_dropped"].tolist() == [len(box.dropped)]
    # dropping limits only takes points in: coverage cannot fall
    assert box.coverage >= full.boxes[0].coverage


def test_pruning_pure_noise_leaves_no_region():
    x = _points(n=400, d=20, seed=13)
    y = np.random.default_rng(14).uniform(size=len(x)) < 0.2
    box = find_boxes(x, y, max_qp=0.05).boxes[0]
    assert box.n_restricted == 0 and box.mass == 1.0
    assert len(box.dropped) > 0


def test_without_max_qp_nothing_is_dropped(planted_result):
    assert all(box.dropped == () for box in planted_result.boxes)
    assert boxes_table(planted_result)["n_dropped"].eq(0).all()
