"""Whom a provider serves: every way of finding the set gives the exact top-k, ties by index."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.model.compiled import top_sets
from govsim.model.selection import NeedRanking, Pruned, exact_top


def _reference(score: np.ndarray, k: int) -> np.ndarray:
    """The k highest scores by a plain sort: descending score, then ascending index."""
    ranked = sorted(range(score.size), key=lambda i: (-score[i], i))
    return np.array(sorted(ranked[:k]), dtype=np.int64)


@st.composite
def communities(draw, most: int = 400, wide: bool = False):
    """Needs and contact of one community; discrete levels make ties likely.

    ``wide``: values also outside [0, 1] (the compiled search buckets that range).
    """
    size = draw(st.integers(1, most))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    levels = draw(st.sampled_from([None, 2, 5, 50]))  # None: continuous
    need, contact = rng.random(size), rng.random(size)
    if wide:
        need, contact = need * 3.0 - 1.0, contact * 1e-3 + draw(st.sampled_from([0.0, 0.9999]))
    if levels is not None:
        need = np.round(need * levels) / levels
        contact = np.round(contact * draw(st.sampled_from([levels, 1000]))) / levels
    knowledge = draw(st.sampled_from([0.0, 1.0, 0.1, 0.5, float(rng.random())]))
    k = draw(st.integers(1, size))
    return need, contact, knowledge, k


def _score(need, contact, w):
    return need * w + (1.0 - w) * contact


def _top_sets(need, contact, w, k):
    """:func:`top_sets` for one order in a street of one community."""
    size = need.size
    picks = np.full(k + 1, -1, dtype=np.int64)  # one more: nothing may be written past k
    one = np.zeros(1, dtype=np.int64)
    top_sets(
        need[None, :], np.array([0, size]), contact, one, one, np.array([w]),
        np.array([k]), one, picks, one,
    )  # fmt: skip
    assert picks[k] == -1
    return picks[:k]


@given(communities())
@settings(max_examples=300, deadline=None)
def test_exact_top_and_the_compiled_search_are_the_reference_set(case):
    need, contact, w, k = case
    score = _score(need, contact, w)
    want = _reference(score, k)
    np.testing.assert_array_equal(np.sort(exact_top(score, k)), want)
    np.testing.assert_array_equal(_top_sets(need, contact, w, k), want)  # ascending already


@given(communities(wide=True))
@settings(max_examples=200, deadline=None)
def test_the_compiled_search_is_exact_for_scores_outside_its_buckets(case):
    need, contact, w, k = case
    np.testing.assert_array_equal(
        _top_sets(need, contact, w, k), _reference(_score(need, contact, w), k)
    )


@given(communities(), st.integers(1, 16))
@settings(max_examples=300, deadline=None)
def test_pruned_gives_the_reference_set_or_declines(case, spread):
    need, contact, w, k = case
    want = _reference(_score(need, contact, w), k)
    got = Pruned(contact, spread * k).top(need, NeedRanking.of(need), w, k, spread * k)
    if got is not None:
        np.testing.assert_array_equal(np.sort(got), want)


def test_pruned_finds_the_set_in_a_large_community_without_ranking_it():
    rng = np.random.default_rng(7)
    need, contact = rng.random(50_000), rng.random(50_000)
    ranking = NeedRanking.of(need)
    top = Pruned(contact, 8 * 400)
    for w in (0.0, 0.1, 0.45, 0.9, 1.0):
        for k in (1, 37, 400):
            got = top.top(need, ranking, w, k, 8 * k)
            assert got is not None, (w, k)  # the bound holds for continuous scores
            want = exact_top(_score(need, contact, w), k)
            np.testing.assert_array_equal(np.sort(got), np.sort(want))


def test_pruned_declines_when_ties_leave_the_bound_unproven():
    # everyone has the same contact and need: the k-th score ties with those left out
    need, contact = np.full(1000, 0.5), np.full(1000, 0.5)
    assert Pruned(contact, 80).top(need, NeedRanking.of(need), 0.3, 10, 80) is None


def test_need_ranking_orders_each_domain_by_need_then_index():
    ranking = NeedRanking.of(np.array([[0.2, 0.9, 0.5, 0.9, 0.0], [0.1, 0.1, 0.3, 0.0, 0.3]]))
    assert ranking.order.tolist() == [[1, 3, 2, 0, 4], [2, 4, 0, 1, 3]]
    assert ranking.negated.tolist() == [
        [-0.9, -0.9, -0.5, -0.2, -0.0],
        [-0.3, -0.3, -0.1, -0.1, -0.0],
    ]


def test_pruned_sets_of_many_orders_are_each_orders_set():
    rng = np.random.default_rng(11)
    need = np.round(rng.random((3, 20_000)) * 20) / 20  # ties in need
    contact = rng.random(20_000)
    w = np.array([0.0, 0.2, 0.5, 0.8, 1.0, 0.3])
    domain = np.array([0, 1, 2, 0, 1, 2])
    k = np.array([5, 60, 1, 200, 17, 3000])
    widths = np.maximum(8 * k, 100)
    offsets = np.cumsum(k) - k
    picks = np.full(int(k.sum()), -1, dtype=np.int64)
    top = Pruned(contact, int(widths.max()))
    declined = top.sets(need, NeedRanking.of(need), domain, w, k, widths, picks, offsets)
    assert not declined[:5].any()
    for o in np.flatnonzero(~declined):
        got = picks[offsets[o] : offsets[o] + k[o]]
        np.testing.assert_array_equal(got, _reference(_score(need[domain[o]], contact, w[o]), k[o]))


def test_the_compiled_search_ranks_scores_too_close_to_bucket():
    # a range of scores so narrow (subnormal) that dividing it overflows
    need = np.array([0.0, 5e-324, 0.0, 1e-323, 5e-324, 0.0])
    for k in range(1, need.size + 1):
        want = _reference(_score(need, np.zeros(need.size), 1.0), k)
        np.testing.assert_array_equal(_top_sets(need, np.zeros(need.size), 1.0, k), want)
