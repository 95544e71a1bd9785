"""Speed of the model's step against the floor of its own resident dynamics, and its memory.

Usage: python benchmarks/bench_model.py [--steps 24] [--sizes 10000,100000,1000000,1000000:50]

A size is ``residents`` or ``residents:communities`` (default 7 communities,
the schema's most is 50). For each it prints the build (graph, residents,
organizations; no warm-up: ``world.warmup_months = 0``), the CPU per step, the
ratio of the step to a bare numpy/scipy pass of the peer-influence update over
the same graph (the floor: one sparse product, a logistic choice and a random
revision, which any implementation must pay), and the memory of the resident
state per resident. Model steps and floor passes alternate, so both see the
same load on a shared machine, and both are timed in CPU seconds of this
process, after the compiled loops are loaded (:func:`load_compiled`, once per
process, printed first). The warm-up (``world.warmup_months``, 360 by default) is a cost of
its own: it is measured directly for the sizes in ``--warmup-sizes`` and
otherwise estimated as months x step (marked ~).

Issue 11 targets: the step within 6x the floor at 10,000 residents and within
4x at 1,000,000.
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np

from govsim.config.scenario import load_scenario
from govsim.model import kernels
from govsim.model.model import GovernanceModel


class Floor:
    """The bare peer-influence update on the model's graph, one pass per call."""

    def __init__(self, model: GovernanceModel):
        res = model.residents
        self.adj, self.inv_deg, self.n = res.adjacency, res.inv_degree, res.n
        self.rng = np.random.default_rng(0)
        self.state = self.rng.random(self.n) < 0.1

    def step(self) -> None:
        """One sparse product, a logistic choice and a random revision."""
        peer = (self.adj @ self.state.astype(float)) * self.inv_deg
        prob = 1.0 / (1.0 + np.exp(-(-3.0 + 2.5 * peer)))
        revising = self.rng.random(self.n) < 0.1
        self.state = np.where(revising, self.rng.random(self.n) < prob, self.state)


def state_bytes(model: GovernanceModel) -> int:
    """Bytes of the resident state: every array of ResidentState and the graph."""
    res = model.residents
    total = sum(v.nbytes for v in vars(res).values() if isinstance(v, np.ndarray))
    adj = res.adjacency
    return total + adj.data.nbytes + adj.indices.nbytes + adj.indptr.nbytes


def measure(n: int, steps: int, communities: int = 7) -> dict[str, float]:
    """Build one model without warm-up, then alternate its steps with floor passes."""
    t0 = time.process_time()
    model = GovernanceModel(
        "baseline",
        seed=1,
        n_residents=n,
        n_communities=communities,
        steps=steps,
        warmup_months=0,
    )
    build = time.process_time() - t0
    floor = Floor(model)
    # The build leaves many new objects: a full garbage collection of them would
    # otherwise fall into the few timed steps of a small street (one took 60 ms,
    # doubling a 24-month measurement at 10,000 residents) rather than be
    # spread over a run as it is in use.
    gc.collect()
    run = bare = 0.0
    for _ in range(steps):
        t0 = time.process_time()
        model.step()
        t1 = time.process_time()
        floor.step()
        t2 = time.process_time()
        run, bare = run + (t1 - t0), bare + (t2 - t1)
    return {
        "n": n,
        "communities": communities,
        "build": build,
        "step": run / steps,
        "floor": bare / steps,
        "ratio": run / bare,
        "bytes": state_bytes(model) / n,
    }


def load_compiled() -> float:
    """CPU seconds to load the model's compiled loops, paid once per process.

    The first month of the first model loads them from numba's cache (or
    compiles them, the first time on a machine). A tiny street pays that
    here, ranking its communities both ways (the pruned search is forced, as
    a large community would use it), so that no timed month does.
    """
    t0 = time.process_time()
    for prune_from in (kernels.PRUNE_FROM, 0):
        kernels.PRUNE_FROM, before = prune_from, kernels.PRUNE_FROM
        try:
            model = GovernanceModel("baseline", seed=1, n_residents=300, steps=2, warmup_months=0)
            model.step()
            model.step()
        finally:
            kernels.PRUNE_FROM = before
    return time.process_time() - t0


def warmup_cost(n: int, communities: int = 7) -> float:
    """CPU seconds of the default warm-up, measured: a build with it less one without."""
    t0 = time.process_time()
    GovernanceModel("baseline", seed=1, n_residents=n, n_communities=communities)
    with_warmup = time.process_time() - t0
    t0 = time.process_time()
    GovernanceModel("baseline", seed=1, n_residents=n, n_communities=communities, warmup_months=0)
    return with_warmup - (time.process_time() - t0)


def _size(text: str) -> tuple[int, int]:
    n, _, c = text.partition(":")
    return int(n), int(c or 7)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--sizes", default="10000,100000,1000000,1000000:50")
    parser.add_argument("--warmup-sizes", default="10000,100000")
    args = parser.parse_args()
    months = load_scenario("baseline").world.warmup_months
    measured = {_size(s) for s in args.warmup_sizes.split(",") if s}
    print(f"loading the compiled loops (once per process): {load_compiled():.2f} s")
    print(
        f"{'residents':>10} {'comm.':>5} {'build s':>8} {'step ms':>9} {'floor ms':>9} "
        f"{'step/floor':>10} {'B/resident':>10} {f'warm-up ({months} mo.) s':>22}"
    )
    for n, c in (_size(s) for s in args.sizes.split(",")):
        r = measure(n, args.steps, c)
        warm = f"{warmup_cost(n, c):.1f}" if (n, c) in measured else f"~{months * r['step']:.0f}"
        print(
            f"{n:>10,} {c:>5} {r['build']:>8.2f} {1e3 * r['step']:>9.1f} {1e3 * r['floor']:>9.2f} "
            f"{r['ratio']:>10.1f} {r['bytes']:>10.0f} {warm:>22}"
        )


if __name__ == "__main__":
    main()
