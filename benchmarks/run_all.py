"""Every speed and memory figure of the README, measured in one run, as ratios.

Usage: PYTHONPATH=src python benchmarks/run_all.py [--quick]

Each line compares govsim with a reference measured in the same run and
interleaved with it, so the ratios hold on a machine shared with other work:

1. the model's step against the floor of its resident dynamics (one sparse
   product, a logistic choice, a random revision) at 10,000, 100,000 and
   1,000,000 residents (and at 1,000,000 in the 50 communities the schema
   allows at most), with the build and the warm-up as costs of their own;
2. the month's neighbour work (trust and awareness means, the peer signal)
   against one one-column sparse product at 100,000 and 1,000,000 residents;
3. CPU per run at 2,000 residents x 120 months against the commit before the
   model was rewritten (08f7122);
4. a sweep worker's memory growth per run (2,000 runs of 500 residents);
5. start-up of ``govsim validate`` against ``python -c "import numpy"``;
6. the experiment engine's cost per run against a bare ``multiprocessing.Pool``.

``--quick`` measures fewer steps, rounds and runs (a smoke test of the script,
not figures to quote). Each section is also a script of its own in this folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_memory  # noqa: E402 (the benchmarks folder is not a package)
import bench_model  # noqa: E402
import bench_peer  # noqa: E402
import bench_per_run  # noqa: E402
import bench_start  # noqa: E402
import bench_sweep  # noqa: E402


def _step(quick: bool) -> list[str]:
    sizes = [(10_000, 7), (100_000, 7), (1_000_000, 7), (1_000_000, 50)]
    steps = 6 if quick else 24
    lines = [f"loading the compiled loops (once per process): {bench_model.load_compiled():.2f} s"]
    for n, c in sizes[:2] if quick else sizes:
        r = bench_model.measure(n, steps, c)
        warm = bench_model.warmup_cost(n, c) if n <= 10_000 else None
        warm_text = f", warm-up {warm:.1f} s" if warm is not None else ""
        lines.append(
            f"step, {n:>9,} residents in {c:>2} communities: {r['ratio']:5.1f}x the floor "
            f"({1e3 * r['step']:.1f} vs {1e3 * r['floor']:.2f} ms CPU); build {r['build']:.2f} s"
            f"{warm_text}; {r['bytes']:.0f} bytes/resident"
        )
    return lines


def _peer(quick: bool) -> list[str]:
    rounds = 3 if quick else 15
    lines = []
    for n in (100_000,) if quick else (100_000, 1_000_000):
        r = bench_peer.measure(n, rounds)
        lines.append(
            f"neighbour work, {n:>9,} residents: {r['ratio']:.2f}x one one-column product "
            f"({1e3 * r['work']:.1f} vs {1e3 * r['product']:.1f} ms; the neighbour means "
            f"alone {r['alone_ratio']:.2f}x, {1e3 * r['alone']:.1f} ms); "
            f"{r['bytes']:.0f} bytes/resident kept"
        )
    return lines


def _per_run(quick: bool) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        old = bench_per_run._old_src(Path(tmp))
        found = bench_per_run.compare(old, 2000, 2 if quick else 10, 1 if quick else 7)
    return [
        f"CPU per run, 2,000 x 120, {bench_per_run.MODES[mode]:24s}: {r['ratio']:.2f}x the old "
        f"commit ({1e3 * r['new']:.0f} vs {1e3 * r['old']:.0f} ms)"
        for mode, r in found.items()
    ]


def _memory(quick: bool) -> list[str]:
    g = bench_memory.growth(300 if quick else 2000)
    return [
        f"worker memory over {g['runs']:,} runs: {g['mb']:+.1f} MB after the first 100 "
        f"({g['kb_per_run']:+.1f} kB per run)"
    ]


def _start(quick: bool) -> list[str]:
    found = bench_start.medians(3 if quick else 15)
    ref = found["numpy import (reference)"]
    validate = found["govsim validate baseline"]
    return [
        f"start-up of govsim validate: {validate / ref:.2f}x a bare numpy import "
        f"({1e3 * validate:.0f} vs {1e3 * ref:.0f} ms)"
    ]


def _overhead(quick: bool) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        o = bench_sweep.overhead(Path(tmp), repeat=1 if quick else 3)
    return [
        f"engine per run: {1e6 * o['engine']:.0f} us vs {1e6 * o['pool']:.0f} us for a bare "
        f"multiprocessing.Pool (fixed {o['engine_fixed']:.2f} s vs {o['pool_fixed']:.2f} s)"
    ]


def main() -> None:
    """Measure every section, printing each line as it is measured."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke test, not figures")
    args = parser.parse_args()
    for section in (_step, _peer, _per_run, _memory, _start, _overhead):
        for line in section(args.quick):
            print(line, flush=True)


if __name__ == "__main__":
    main()
