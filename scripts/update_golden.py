"""Regenerate the golden baseline on purpose, after a deliberate change of behaviour.

Usage: python scripts/update_golden.py

Writes tests/golden/baseline.csv: the seeded baseline scenario, shrunk so the
test is quick, with every metric at full precision. Commit the new file with
a message that says why the numbers changed.
"""

from __future__ import annotations

from pathlib import Path

from govsim.model.runner import run

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden" / "baseline.csv"
#: The run the golden file records (the test reads these too).
SETTINGS = {"seed": 42, "overrides": {"world.n_residents": 1500, "world.steps": 36}}


def golden_frame():
    """The time series the golden file holds."""
    return run("baseline", seed=SETTINGS["seed"], overrides=SETTINGS["overrides"]).timeseries


def main() -> None:
    """Write the golden file."""
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    golden_frame().to_csv(GOLDEN, index=False, float_format="%.17g")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
