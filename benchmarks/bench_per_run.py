"""CPU per run at sweep sizes, against the commit before the model was rewritten (08f7122).

Usage: python benchmarks/bench_per_run.py [--rounds 7] [--runs 10] [--residents 2000]

Each measurement is a fresh interpreter that does one short run to warm up,
then ``--runs`` seeded runs of the baseline (120 months), and prints its CPU
seconds per run. Processes of this checkout and of the old commit alternate,
so both see the same load on a shared machine; the table gives the medians
and the median of the paired ratios. Rows:

- ``no warm-up``: ``world.warmup_months = 0`` (the old commit had no warm-up),
  issue 11's target: at most half the old commit's CPU per run;
- ``paired``: the default 360-month warm-up, shared by runs that differ only
  in their policies (``model/warmup.py``): each run after the first of a seed
  unpickles the warmed-up state and runs 120 months;
- ``default``: the default warm-up paid by every run (a design without pairs).

The old commit is taken from this repository's history (``git archive``) into
a temporary folder, or from ``--old SRC`` (its ``src`` folder).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_COMMIT = "08f7122"

#: One process's measurement: argv = src folder, residents, runs, mode.
PROBE = """
import sys, time
sys.path.insert(0, sys.argv[1])
n, runs, mode = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
try:
    from govsim.model.runner import WARMUPS, run
    old = False
except ImportError:  # the old layout
    from govsim.runner import run
    old = True
over = {"world.n_residents": n}
if not old and mode == "none":
    over["world.warmup_months"] = 0
run("baseline", seed=0, overrides={**over, "world.steps": 12})
if not old and mode == "default":
    WARMUPS.size = 0  # every run pays its warm-up
if not old and mode == "paired":
    run("baseline", seed=0, overrides=over)  # the seed's warm-up, paid once
t = time.process_time()
for s in range(runs):
    run("baseline", seed=0 if mode == "paired" else s, overrides=over)
print((time.process_time() - t) / runs)
"""


def _probe(src: Path, n: int, runs: int, mode: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(src), str(n), str(runs), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.split()[-1])


def _old_src(folder: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", OLD_COMMIT, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


MODES = {
    "none": "no warm-up",
    "paired": "paired (warm-up shared)",
    "default": "default (own warm-up)",
}


def compare(old: Path, n: int, runs: int, rounds: int) -> dict[str, dict[str, float]]:
    """Per mode: medians of CPU per run (this checkout, the old commit) and of their ratio.

    Each round measures the old commit once and this checkout in every mode,
    in an order that alternates between rounds.
    """
    olds: list[float] = []
    news: dict[str, list[float]] = {mode: [] for mode in MODES}
    for r in range(rounds):
        probes = [("old", old), *((mode, ROOT / "src") for mode in MODES)]
        for mode, src in probes if r % 2 == 0 else probes[::-1]:
            value = _probe(src, n, runs, "none" if mode == "old" else mode)
            (olds if mode == "old" else news[mode]).append(value)
    return {
        mode: {
            "old": statistics.median(olds),
            "new": statistics.median(values),
            "ratio": statistics.median(b / a for a, b in zip(olds, values, strict=True)),
        }
        for mode, values in news.items()
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="alternating pairs of processes")
    parser.add_argument("--runs", type=int, default=10, help="runs per process")
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--old", type=Path, help="src folder of the old commit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = args.old or _old_src(Path(tmp))
        print(f"CPU per run, {args.residents:,} residents x 120 months, vs {OLD_COMMIT}:")
        for mode, r in compare(old, args.residents, args.runs, args.rounds).items():
            label = MODES[mode]
            print(
                f"  {label:25s} {r['new'] * 1e3:7.1f} ms vs {r['old'] * 1e3:7.1f} ms "
                f"({r['ratio']:.2f}x the old commit)"
            )
    print("target (no warm-up): at most 0.5x the old commit")


if __name__ == "__main__":
    main()
