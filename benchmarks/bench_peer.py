"""The month's neighbour work against one one-column sparse product, and its memory.

Usage: python benchmarks/bench_peer.py [--sizes 100000,1000000] [--rounds 15]

For each size it builds a model without warm-up, lets it run a few months,
then alternates, round after round: a model month (untimed: it changes who
takes part, as a real month does), then, each first in turn, one product
``adjacency @ x`` of the graph with one column (the reference) and the
neighbour work of the month that follows, as
:func:`govsim.model.kernels.monthly_update` does it. The neighbour means of
trust and awareness come in one compiled pass over the graph that also applies
word of mouth, identity and efficacy, and the whole pass is timed (more than
the neighbour work alone); then the kept counts of neighbours taking part are
brought up to date and the revising residents' peer share read. Both are timed
in wall seconds, interleaved so both see the same load on a shared machine;
the medians and the median of the ratios are printed, with the bytes per
resident that the kept counts cost. A third job, interleaved with the two,
times the neighbour means alone (:func:`means_alone`: the neighbour part of
that compiled pass, writing the means out).

Issue target (item 5): the neighbour work within 2x of the one-column product at
1,000,000 residents.
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable

import numpy as np
from numba import njit, uint64

from govsim.model import kernels
from govsim.model.model import GovernanceModel

#: Months run before measuring: the counts start from nobody counted, and the
#: first month counts every participant (a one-off, not a month's work).
SETTLE = 3


def neighbour_work(model: GovernanceModel, revising: np.ndarray) -> Callable[[], None]:
    """What one month spends on its neighbour work, as ``monthly_update`` does it.

    The neighbour means come in the compiled pass that also applies word of
    mouth, identity and efficacy: the whole pass is timed (more than the
    neighbour work alone), on copies of what it changes.
    """
    res = copy.copy(model.residents)
    for name in ("trust", "awareness", "identity", "efficacy"):
        setattr(res, name, getattr(res, name).copy())
    s = model.scenario
    responsiveness = np.full(res.bounds.size - 1, 0.5)

    def work() -> None:
        kernels._social_identity_efficacy(
            res, s.residents, s.mechanisms, model.levers, 0.5, responsiveness
        )
        peers = res.peers_taking_part(res.participating())
        peers[revising] * res.inv_degree[revising]  # the revisers' peer share

    return work


@njit(cache=True)
def means_alone(indptr, indices, inv_degree, trust, awareness):  # noqa: ANN001, ANN201
    """The neighbour means only, as the model's compiled pass computes them before using them.

    ``compiled.social_identity_efficacy`` uses each resident's means as soon as
    they are summed; this loop is its neighbour part alone (values side by
    side, unsigned indices), writing the means out, to tell the neighbour work
    from the rest of that pass.
    """
    n = trust.size
    both = np.empty(2 * n)
    for i in range(n):
        both[2 * i], both[2 * i + 1] = trust[i], awareness[i]
    mean_trust, mean_awareness = np.empty(n), np.empty(n)
    for i in range(n):
        t = a = 0.0
        for jj in range(indptr[i], indptr[i + 1]):
            j = uint64(indices[jj]) * uint64(2)
            t += both[j]
            a += both[j + uint64(1)]
        mean_trust[i], mean_awareness[i] = t * inv_degree[i], a * inv_degree[i]
    return mean_trust, mean_awareness


def kept_bytes(model: GovernanceModel) -> int:
    """Bytes the neighbour work keeps between months (the counts and the mask counted)."""
    res = model.residents
    return res.peers_counted.nbytes + res.counted_taking_part.nbytes


def measure(n: int, rounds: int) -> dict[str, float]:
    """Median seconds of the reference product and of the month's neighbour work."""
    model = GovernanceModel(
        "baseline", seed=1, n_residents=n, steps=SETTLE + rounds, warmup_months=0
    )
    for _ in range(SETTLE):
        model.step()
    res = model.residents
    rng = np.random.default_rng(0)
    x = rng.random(n)
    rate = model.scenario.residents.revision_rate
    adj = res.adjacency
    args = (adj.indptr, adj.indices, res.inv_degree, res.trust, res.awareness)
    means_alone(*args)  # compiled (or loaded) before timing
    product, work, alone = [], [], []
    for i in range(rounds):
        model.step()
        revising = np.flatnonzero(rng.random(n) < rate)
        # Each goes first in turn: the one that follows finds part of the graph
        # still in cache, and that must favour none of them.
        jobs = [
            lambda: res.adjacency @ x,
            neighbour_work(model, revising),
            lambda: means_alone(*args),
        ]
        seconds = [0.0, 0.0, 0.0]
        for k in np.roll([0, 1, 2], i).tolist():
            t0 = time.perf_counter()
            jobs[k]()
            seconds[k] = time.perf_counter() - t0
        product.append(seconds[0])
        work.append(seconds[1])
        alone.append(seconds[2])
    return {
        "n": n,
        "product": float(np.median(product)),
        "work": float(np.median(work)),
        "ratio": float(np.median(np.divide(work, product))),
        "alone": float(np.median(alone)),
        "alone_ratio": float(np.median(np.divide(alone, product))),
        "bytes": kept_bytes(model) / n,
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print(
        f"{'residents':>10} {'A @ x ms':>9} {'month ms':>9} {'ratio':>6} "
        f"{'means ms':>9} {'ratio':>6} {'B/resident':>10}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        r = measure(n, args.rounds)
        print(
            f"{n:>10,} {1e3 * r['product']:>9.2f} {1e3 * r['work']:>9.2f} {r['ratio']:>6.2f} "
            f"{1e3 * r['alone']:>9.2f} {r['alone_ratio']:>6.2f} {r['bytes']:>10.0f}"
        )


if __name__ == "__main__":
    main()
