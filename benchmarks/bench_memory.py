"""Worker memory over a long sweep of the govsim model: flat with the release, growing without.

Runs an LHS sweep of the govsim model at a small size (500 residents, 60
months) on a pool of 2 worker processes, the way ``govsim experiment`` runs it,
and samples each worker's resident memory (RSS) as runs finish. Prints each
worker's RSS after its first 100 runs and at the end, and the growth per run.
The same sweep is then run for a few hundred runs with
:func:`govsim.model.memory.release_model` disabled, which is how every sweep
ran with Mesa 3.3.1 before (issue 11's target: within ~50 MB of the
100-run mark over 2,000 runs).

Usage: ``python benchmarks/bench_memory.py [--runs 2000] [--leaky-runs 400]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import psutil

from govsim.experiments.designs import build_design
from govsim.experiments.executors import ProcessExecutor, chunked
from govsim.experiments.loader import load_experiment
from govsim.model import memory, runner

SWEEP = """
name = "memory"
design = "lhs"
root_seed = 11
outputs = ["participation_rate"]
[overrides]
"world.n_residents" = 500
"world.steps" = 60
[parameters]
"policies.training.intensity" = {{}}
[lhs]
samples = {runs}
"""


def _sweep(folder: Path, runs: int) -> dict[int, list[tuple[int, float]]]:
    """Run the sweep; return worker pid -> [(runs done by all workers, worker RSS MB)]."""
    path = folder / f"memory-{runs}.toml"
    path.write_text(SWEEP.format(runs=runs))
    design = build_design(load_experiment(path))
    trace: dict[int, list[tuple[int, float]]] = {}
    done = 0
    with ProcessExecutor(2) as executor:
        workers = psutil.Process().children()
        for _chunk, records in executor.map(design.context, chunked(design.runs(), 10)):
            done += len(records)
            for worker in workers:
                trace.setdefault(worker.pid, []).append((done, worker.memory_info().rss / 1e6))
    return trace


def _slopes(trace: dict[int, list[tuple[int, float]]], mark: int) -> dict[int, tuple]:
    """Per worker: (RSS at the mark, runs done at the end, RSS at the end, MB per run)."""
    out = {}
    for pid, samples in trace.items():
        at_mark = next(rss for n, rss in samples if n >= mark)
        end_n, end = samples[-1]
        out[pid] = (at_mark, end_n, end, (end - at_mark) / max(1, (end_n - mark) / 2))
    return out  # each worker does half the runs


def _report(label: str, trace: dict[int, list[tuple[int, float]]], mark: int) -> float:
    slopes = _slopes(trace, mark)
    for pid, (at_mark, end_n, end, slope) in slopes.items():
        print(
            f"  {label} worker {pid}: {at_mark:7.1f} MB after {mark} runs, {end:7.1f} MB after "
            f"{end_n} runs: {end - at_mark:+7.1f} MB, {slope * 1000:+7.1f} kB per run"
        )
    return max(s[3] for s in slopes.values())


def growth(runs: int = 2000, mark: int = 100) -> dict[str, float]:
    """The largest worker's growth over a sweep: MB from the mark to the end, and kB per run."""
    with tempfile.TemporaryDirectory() as tmp:
        slopes = _slopes(_sweep(Path(tmp), runs), mark)
    worst = max(slopes.values(), key=lambda s: s[2] - s[0])
    return {"runs": runs, "mb": worst[2] - worst[0], "kb_per_run": worst[3] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="runs of the sweep with release")
    parser.add_argument("--leaky-runs", type=int, default=400, help="runs without the release")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        fixed = _report("with release", _sweep(Path(tmp), args.runs), 100)
        took = time.perf_counter() - start
        runner.release_model = lambda model: False  # as Mesa 3.3.1 left it (forked workers inherit)
        try:
            leaky = _report("without release", _sweep(Path(tmp), args.leaky_runs), 100)
        finally:
            runner.release_model = memory.release_model
    print(
        f"growth per run: {leaky * 1000:.1f} kB without the release, {fixed * 1000:.1f} kB with "
        f"it ({args.runs} runs in {took:.0f} s); target: within ~50 MB of the 100-run mark"
    )


if __name__ == "__main__":
    main()
