"""Models that misbehave, for the experiment engine's hardening tests.

Each follows the plain-function contract ``f(**params, seed) -> dict`` and is
named in experiment files as ``misbehaving_models:NAME`` (the tests folder is
on the path of the test process and of its worker processes).
"""

from __future__ import annotations

import math
import os
import sys
import time


def exits(x: float, seed: int = 0) -> dict[str, float]:
    """Calls ``sys.exit`` for x > 0.5 (a model that ends its process)."""
    if x > 0.5:
        sys.exit(5)
    return {"y": x}


def partly_nan(x: float, seed: int = 0, high: float = 0.8, low: float = 0.1) -> dict[str, float]:
    """``y`` is always finite; ``z`` is NaN for x > high and infinite for x < low."""
    z = math.nan if x > high else (math.inf if x < low else x * x)
    return {"y": x + 0.1 * (seed % 7), "z": z}


def drops_output(x: float, seed: int = 0) -> dict[str, float]:
    """Returns ``z`` only for x <= 0.5 (outputs not listed in the file)."""
    return {"y": x, "z": x} if x <= 0.5 else {"y": x}


def hangs(x: float, seed: int = 0, busy: bool = False) -> dict[str, float]:
    """Sleeps (or spins) for an hour when x > 0.5: a run that never ends."""
    if x > 0.5:
        end = time.monotonic() + 3600
        while time.monotonic() < end:
            if not busy:
                time.sleep(3600)
    return {"y": x}


def which_worker(x: float, seed: int = 0) -> dict[str, float]:
    """The process id of the worker that ran this run."""
    return {"pid": float(os.getpid()), "x": x}


def slow(x: float, seed: int = 0, seconds: float = 0.2) -> dict[str, float]:
    """Sleeps ``seconds``, then returns x."""
    time.sleep(seconds)
    return {"y": x}
