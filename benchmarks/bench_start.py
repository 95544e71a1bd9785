"""Start-up time of light commands against a bare ``python -c "import numpy"``.

Prints, for ``govsim --help``, ``govsim validate scenarios/baseline.toml`` and
``govsim policies``, the median wall time of fresh interpreters and its ratio
to a bare numpy import measured in the same run, interleaved so that other
load on the machine hits both alike (issue 11 target: validate under 3x).

Usage: ``python benchmarks/bench_start.py [--repeat 15]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = {
    "numpy import (reference)": [sys.executable, "-c", "import numpy"],
    "govsim --help": [sys.executable, "-m", "govsim", "--help"],
    "govsim validate baseline": [
        sys.executable,
        "-m",
        "govsim",
        "validate",
        str(ROOT / "scenarios" / "baseline.toml"),
    ],
    "govsim policies": [sys.executable, "-m", "govsim", "policies"],
}


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def medians(repeat: int = 15) -> dict[str, float]:
    """Median wall seconds of each command, interleaved; the reference first."""
    for cmd in COMMANDS.values():  # warm the file cache
        _time(cmd)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(repeat):
        for name, cmd in COMMANDS.items():
            times[name].append(_time(cmd))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="interleaved repetitions")
    args = parser.parse_args()
    found = medians(args.repeat)
    reference = found["numpy import (reference)"]
    for name, value in found.items():
        print(f"{name:28s} {value * 1000:7.1f} ms  {value / reference:5.2f}x numpy import")
    print("target: govsim validate under 3x a bare numpy import")


if __name__ == "__main__":
    main()
