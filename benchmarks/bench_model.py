"""Speed of the model against the floor of its own resident dynamics.

Usage: python benchmarks/bench_model.py [--steps 120] [--sizes 1000,10000,100000]

For each population it prints build time, time per step, resident-steps per
second, and the ratio of the model's step to a pure numpy/scipy pass of the
peer-influence update over the same graph (the floor: one sparse product, a
logistic choice and a random revision, which any implementation must pay),
all measured in this one run. Targets on a 2-core machine: 10,000 residents x
120 steps with the build under 1 s; 100,000 x 120 under 15 s; the step within
10x the floor at 100,000.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

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


def measure(n: int, steps: int) -> dict[str, float]:
    """Build and run one model, interleaving each step with a floor pass.

    Interleaving means both see the same machine load, so their ratio holds
    on a shared, noisy machine even when absolute times drift.
    """
    t0 = time.perf_counter()
    model = GovernanceModel("baseline", seed=1, n_residents=n, steps=steps)
    build = time.perf_counter() - t0
    floor = Floor(model)
    run = bare = 0.0
    for _ in range(steps):
        t0 = time.perf_counter()
        model.step()
        t1 = time.perf_counter()
        floor.step()
        t2 = time.perf_counter()
        run, bare = run + (t1 - t0), bare + (t2 - t1)
    step = run / steps
    return {
        "n": n,
        "build": build,
        "step": step,
        "total": build + run,
        "throughput": n / step,
        "floor": bare / steps,
        "ratio": run / bare,
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=120)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    print(
        f"{'residents':>10} {'build s':>8} {'step ms':>8} {'total s':>8} "
        f"{'res-steps/s':>12} {'floor ms':>9} {'step/floor':>10}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        r = measure(n, args.steps)
        print(
            f"{r['n']:>10,} {r['build']:>8.3f} {1e3 * r['step']:>8.2f} {r['total']:>8.2f} "
            f"{r['throughput']:>12,.0f} {1e3 * r['floor']:>9.2f} {r['ratio']:>10.1f}"
        )


if __name__ == "__main__":
    main()
