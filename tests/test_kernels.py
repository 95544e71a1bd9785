"""The vectorised kernels give the numbers of the plain one-order-at-a-time code, bit for bit.

Each reference below is the straightforward implementation of what the kernel
computes (serving orders one by one, each ranking its whole community; one
sparse product of a column stack); the kernels must not change a single rounding.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.model import kernels
from govsim.model.compiled import pairwise_sum
from govsim.model.kernels import Deliveries, Order, Orders, deliver, sequential_sum
from govsim.model.model import GovernanceModel


def _reference_deliver(res, orders: list[Order], contact, step):
    """Serve the orders one after another, each with its own score row and sums."""
    out = []
    for order in orders:
        sl = res.community_slice(order.community)
        size = sl.stop - sl.start
        if order.capacity <= 0 or size == 0:
            out.append((0, 0.0, 0.0, 0.0, 0.0))
            continue
        need = res.need[sl, order.domain].copy()
        score = need * order.knowledge + (1.0 - order.knowledge) * contact[sl]
        k = min(order.capacity, size)
        # the k highest scores, ties to the lower index, in index order
        chosen = np.sort(np.lexsort((np.arange(size), -score))[:k])
        match = need[chosen]
        experience = np.sqrt(order.quality * match)
        idx = chosen + sl.start
        res.served[idx] = True
        res.last_served[idx] = step
        res.experience[idx] = np.maximum(res.experience[idx], experience)
        if order.by_organization:
            res.org_experience[idx] = np.maximum(res.org_experience[idx], experience)
            res.awareness[idx] = 1.0
        best = float(res.best_need[sl.start + k - 1, order.domain])
        out.append((k, float(match.sum()), best, order.quality * k, float(experience.sum())))
    return out


def _random_orders(rng, n_orders: int, n_communities: int, n_domains: int) -> list[Order]:
    return [
        Order(
            int(rng.integers(n_communities)),
            int(rng.integers(n_domains)),
            int(rng.choice([0, 1, 3, 40, 5000])),
            float(rng.random()),
            float(rng.choice([0.0, 0.4, 1.0])),  # 1.0: ties in the score
            bool(rng.random() < 0.5),
        )
        for _ in range(n_orders)
    ]


def _state(model):
    res = model.residents
    return [res.served, res.last_served, res.experience, res.org_experience, res.awareness]


@pytest.mark.parametrize("prune", [False, True])
def test_deliver_gives_the_numbers_of_serving_orders_one_by_one(monkeypatch, prune):
    if prune:  # every community ranked as a large one
        monkeypatch.setattr(kernels, "PRUNE_FROM", 0)
    rng = np.random.default_rng(3)
    a = GovernanceModel("baseline", seed=4, n_residents=900, warmup_months=0)
    b = GovernanceModel("baseline", seed=4, n_residents=900, warmup_months=0)
    n_comm, n_dom = a.residents.bounds.size - 1, a.residents.need.shape[1]
    for month in range(3):
        orders = _random_orders(rng, 40, n_comm, n_dom)
        contact = rng.random(a.residents.n)
        done = deliver(a.residents, Orders.of(orders), contact, month)
        expected = _reference_deliver(b.residents, orders, contact, month)
        got = zip(
            done.services.tolist(),
            done.match_sum.tolist(),
            done.best_sum.tolist(),
            done.quality_sum.tolist(),
            done.experience_sum.tolist(),
            strict=True,
        )
        assert list(got) == expected
        for x, y in zip(_state(a), _state(b), strict=True):
            np.testing.assert_array_equal(x, y)


def test_deliver_with_no_orders_delivers_nothing():
    model = GovernanceModel("baseline", seed=1, n_residents=200, warmup_months=0)
    done = deliver(model.residents, Orders.of([]), np.zeros(200), 0)
    assert isinstance(done, Deliveries) and done.services.size == 0


def test_sequential_sum_adds_left_to_right():
    values = np.array([1e16, 1.0, -1e16, 1.0, 3.5])
    total = 0.25
    for v in values.tolist():
        total += v
    assert sequential_sum(0.25, values) == total


def test_pairwise_sum_is_numpys_reduce_of_the_run():
    # each order's sums were np.add.reduce of its own run: pairwise, from 0.0
    rng = np.random.default_rng(3)
    for size in [*range(0, 300), 511, 1024, 1031, 5000, 20_011]:
        values = rng.random(size + 7) * 10.0 ** rng.integers(-3, 3)
        lo = int(rng.integers(0, 8))
        want = np.add.reduce(values[lo : lo + size])
        assert pairwise_sum(values, lo, size) == want, size


def test_kept_peer_counts_give_the_product_of_the_graph():
    model = GovernanceModel("all_levels", seed=2, n_residents=1500, warmup_months=0)
    for _ in range(4):
        model.step()
    res = model.residents
    participating = res.participating()
    product = (res.adjacency @ participating.astype(float)) * res.inv_degree
    np.testing.assert_array_equal(res.peers_taking_part(participating) * res.inv_degree, product)


def test_mean_of_a_list_is_numpys_mean():
    from govsim.model.model import _mean_of

    rng = np.random.default_rng(1)
    for n in range(1, 40):
        values = (rng.random(n) * 10.0 ** rng.integers(-3, 4)).tolist()
        assert _mean_of(values) == float(np.mean(values))
