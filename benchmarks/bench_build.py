"""Build time of the model against the floor of building its social graph.

Usage: python benchmarks/bench_build.py [--sizes 10000,100000,1000000] [--repeat 3]

For each population it prints the median time to build a ``GovernanceModel``
(graph, residents, organizations, enterprises, data collector; no warm-up,
which bench_model.py reports as a cost of its own) and the ratio
to building the residents' graph alone (``build_adjacency``), which any
implementation must pay. Both are measured in this run, interleaved, so the
ratio holds on a shared machine. Residents are arrays, not Mesa agents: before
that change (commit 08f7122) the build at 100,000 residents took 0.52 s against
0.14 s after, on the same 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from govsim.model.model import GovernanceModel
from govsim.model.network import assign_communities, build_adjacency


def _graph_floor(n: int) -> float:
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    community = assign_communities(n, 7, 20.0, rng)
    build_adjacency(community, 8.0, 1.0, rng)
    return time.perf_counter() - t0


def _model_build(n: int) -> float:
    t0 = time.perf_counter()
    GovernanceModel("baseline", seed=1, n_residents=n, warmup_months=0)
    return time.perf_counter() - t0


def main() -> None:
    """Print build times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'residents':>10} {'build s':>9} {'graph s':>9} {'build/graph':>12}")
    for n in (int(s) for s in args.sizes.split(",")):
        builds, floors = [], []
        for _ in range(args.repeat):
            floors.append(_graph_floor(n))
            builds.append(_model_build(n))
        b, f = statistics.median(builds), statistics.median(floors)
        print(f"{n:>10,} {b:>9.3f} {f:>9.3f} {b / f:>12.2f}")


if __name__ == "__main__":
    main()
