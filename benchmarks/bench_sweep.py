"""Benchmark of the experiment engine: parallel speedup, store and Dask overheads.

Prints (targets from issue 3):

- parallel speedup on 2 local workers for runs of ~0.1 s of fixed CPU work
  (target >= 1.7x), wall clock including starting the worker processes, and the
  share of the workers' time spent in runs (what the engine controls on a
  machine shared with other work); the same for the govsim model;
- the store's cost per run as a share of run time (target <= 5%), for a run
  with a govsim-sized time series (13 metrics x 121 steps) and without;
- Dask's overhead per run (runs go in chunks) next to the process pool's,
  as (wall x workers - total run time) / runs;
- the engine's own cost per run against a bare ``multiprocessing.Pool`` running
  the same trivial function on 2 processes: the marginal microseconds per run
  and the fixed cost, from sweeps of two sizes (issue 11 reference: 44 us and
  0.4 s; EMA Workbench 106 us);
- the wall time of experiments/policy_sobol.toml at its shipped size
  (skip with --skip-sobol: it takes about eleven minutes on 2 cores).

Usage: ``PYTHONPATH=src python benchmarks/bench_sweep.py [--runs 100] [--skip-sobol]
[--only overhead]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

import numpy as np

from govsim.analysis.analyze import analyze
from govsim.experiments.engine import run_experiment
from govsim.experiments.modelref import RunRecord, RunSpec
from govsim.experiments.store import Store
from govsim.testing.functions import busy_units, noisy_linear

ROOT = Path(__file__).resolve().parents[1]

BUSY = """
name = "bench"
design = "lhs"
model = "govsim.testing.functions:busy"
overrides = {{ work = {work} }}
[parameters]
x = {{ low = 0.0, high = 1.0 }}
[lhs]
samples = {runs}
"""


def _sweep(folder: Path, runs: int, seconds: float, **kwargs) -> tuple[float, float]:
    """Run the busy sweep (fixed CPU work per run); return (wall, summed run durations)."""
    exp = folder / "bench.toml"
    exp.write_text(BUSY.format(runs=runs, work=busy_units(seconds) if seconds else 1))
    out = folder / f"out-{time.perf_counter_ns()}"
    start = time.perf_counter()
    run_experiment(exp, out, progress=False, **kwargs)
    wall = time.perf_counter() - start
    with Store(out / "store.sqlite") as store:
        busy = float(store.runs()["duration"].sum())
    return wall, busy


def bench_parallel(folder: Path, runs: int) -> None:
    seq, seq_busy = _sweep(folder, runs, 0.1, workers=1)
    par, par_busy = _sweep(folder, runs, 0.1, workers=2)
    print(
        f"parallel: {runs} runs of 0.1 s: sequential {seq:.2f} s, 2 workers {par:.2f} s, "
        f"speedup {seq / par:.2f}x (target >= 1.7x)"
    )
    print(
        f"  process-pool overhead per run: {(par * 2 - par_busy) / runs * 1000:.1f} ms; "
        f"workers busy running models {par_busy / (2 * par):.0%} of the wall time "
        f"(CPU taken by other processes slows the runs themselves, not this share)"
    )


GOVSIM = """
name = "bench_govsim"
design = "compare"
base = "baseline"
replications = {reps}
timeseries = true
[compare]
scenarios = ["all_levels"]
"""


def bench_parallel_govsim(folder: Path, reps: int = 16) -> None:
    walls = {}
    for workers in (1, 2):
        exp = folder / "govsim.toml"
        exp.write_text(GOVSIM.format(reps=reps))
        start = time.perf_counter()
        run_experiment(exp, folder / f"govsim-{workers}", workers=workers, progress=False)
        walls[workers] = time.perf_counter() - start
    print(
        f"parallel, govsim model: {2 * reps} default-size runs with time series: sequential "
        f"{walls[1]:.1f} s, 2 workers {walls[2]:.1f} s, speedup {walls[1] / walls[2]:.2f}x"
    )


def bench_dask(folder: Path, runs: int) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        _sweep(folder, 4, 0.0, scheduler=cluster.scheduler_address)  # warm the workers
        wall, busy = _sweep(folder, runs, 0.1, scheduler=cluster.scheduler_address)
    print(
        f"dask: {runs} runs of 0.1 s on 2 workers: {wall:.2f} s, overhead per run "
        f"{(wall * 2 - busy) / runs * 1000:.1f} ms"
    )


def _records(n: int, with_series: bool) -> list[tuple[RunSpec, RunRecord]]:
    rng = np.random.default_rng(0)
    names = [f"metric_{i}" for i in range(13)]
    items = []
    for i in range(n):
        spec = RunSpec(f"k{i}", "baseline", -1, i, i, {"policies.training.intensity": 0.5})
        series = {m: rng.random(121) for m in names} if with_series else None
        items.append((spec, RunRecord(spec.key, "done", 0.5, {m: 0.5 for m in names}, series)))
    return items


def _govsim_run_time() -> float:
    from govsim.model.runner import run

    run("baseline", seed=0, steps=2)  # warm up imports
    start = time.perf_counter()
    run("baseline", seed=1)
    return time.perf_counter() - start


def bench_store(folder: Path, chunk: int = 8, n: int = 400) -> None:
    model = _govsim_run_time()
    print(f"one default govsim run (10,000 residents x 120 steps): {model:.2f} s")
    for with_series in (False, True):
        items = _records(n, with_series)
        with Store(folder / f"store-{with_series}.sqlite") as store:
            start = time.perf_counter()
            for i in range(0, n, chunk):
                store.write(items[i : i + chunk])
            per_run = (time.perf_counter() - start) / n
        label = "with 13x121 time series" if with_series else "final outputs only"
        print(
            f"store ({label}): {per_run * 1000:.2f} ms per run = "
            f"{per_run / 0.1:.1%} of a 0.1 s run, {per_run / model:.2%} of a govsim run "
            f"(target <= 5%)"
        )


def bench_sobol(folder: Path) -> None:
    start = time.perf_counter()
    summary = run_experiment(
        ROOT / "experiments" / "policy_sobol.toml", folder / "sobol", workers=2, progress=False
    )
    wall = time.perf_counter() - start
    start = time.perf_counter()
    analyze(folder / "sobol")
    took = time.perf_counter() - start
    print(
        f"policy_sobol.toml: {summary.n_runs} runs, {summary.failed} failed, "
        f"{wall:.0f} s wall on 2 workers ({wall / 60:.1f} min); analysis {took:.1f} s"
    )


TRIVIAL = """
name = "trivial"
design = "lhs"
model = "govsim.testing.functions:noisy_linear"
[parameters]
x = {{ low = 0.0, high = 1.0 }}
[lhs]
samples = {runs}
"""


def _engine_wall(folder: Path, runs: int) -> float:
    exp = folder / f"trivial-{runs}.toml"
    exp.write_text(TRIVIAL.format(runs=runs))
    start = time.perf_counter()
    run_experiment(
        exp, folder / f"trivial-{runs}-{time.perf_counter_ns()}", workers=2, progress=False
    )
    return time.perf_counter() - start


def _call(args: tuple[float, int]) -> dict[str, float]:
    return noisy_linear(args[0], seed=args[1])


def _pool_wall(runs: int) -> float:
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        items = [(i / runs, i) for i in range(runs)]
        results = list(pool.imap_unordered(_call, items, chunksize=max(1, runs // 16)))
    assert len(results) == runs
    return time.perf_counter() - start


def _line(small: int, large: int, walls: tuple[float, float]) -> tuple[float, float]:
    marginal = (walls[1] - walls[0]) / (large - small)
    return marginal, walls[0] - marginal * small


def overhead(folder: Path, small: int = 200, large: int = 3000, repeat: int = 3) -> dict:
    """The engine's and a bare Pool's marginal seconds per run and fixed seconds."""
    engine = {n: [] for n in (small, large)}
    pool = {n: [] for n in (small, large)}
    for _ in range(repeat):  # interleaved, so other load on the machine hits both alike
        for n in (small, large):
            engine[n].append(_engine_wall(folder, n))
            pool[n].append(_pool_wall(n))
    e_marg, e_fixed = _line(small, large, (min(engine[small]), min(engine[large])))
    p_marg, p_fixed = _line(small, large, (min(pool[small]), min(pool[large])))
    return {"engine": e_marg, "pool": p_marg, "engine_fixed": e_fixed, "pool_fixed": p_fixed}


def bench_overhead(folder: Path) -> None:
    o = overhead(folder)
    print(
        f"engine vs bare multiprocessing.Pool, trivial runs on 2 processes: marginal "
        f"{o['engine'] * 1e6:.0f} us vs {o['pool'] * 1e6:.0f} us per run "
        f"({o['engine'] / o['pool']:.1f}x), fixed {o['engine_fixed']:.2f} s vs "
        f"{o['pool_fixed']:.2f} s ({o['engine_fixed'] / max(o['pool_fixed'], 1e-3):.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="runs per parallel sweep")
    parser.add_argument("--skip-sobol", action="store_true", help="skip policy_sobol.toml")
    parser.add_argument("--only", choices=["overhead"], help="run only this part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_overhead(folder)
        if args.only == "overhead":
            return
        bench_store(folder)
        bench_parallel(folder, args.runs)
        bench_parallel_govsim(folder)
        bench_dask(folder, args.runs)
        if not args.skip_sobol:
            bench_sobol(folder)


if __name__ == "__main__":
    main()
