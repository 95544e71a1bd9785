"""Functions with known answers, for testing and benchmarking the experiment engine.

Each follows the plain-function model contract of experiment files,
``f(**params, seed) -> dict of outputs``, so an experiment can name it as
``model = "govsim.testing.functions:ishigami"``. The analytic Sobol indices
are given next to the functions (Saltelli et al. 2008, Global Sensitivity
Analysis: The Primer, sections 3.4-3.5).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import mesa
import numpy as np

__all__ = [
    "G_COEFFICIENTS",
    "CounterModel",
    "busy",
    "busy_units",
    "fails_above",
    "ishigami",
    "ishigami_indices",
    "noisy_linear",
    "sobol_g",
    "sobol_g_indices",
    "two_levers",
]

#: Coefficients of the Sobol G function used here: x1, x2 matter most, x5, x6 hardly.
G_COEFFICIENTS: tuple[float, ...] = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0)


def ishigami(
    x1: float, x2: float, x3: float, seed: int = 0, a: float = 7.0, b: float = 0.1
) -> dict[str, float]:
    """The Ishigami function on [-pi, pi]^3; the seed is ignored (deterministic)."""
    y = math.sin(x1) + a * math.sin(x2) ** 2 + b * x3**4 * math.sin(x1)
    return {"y": y}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, tuple[float, ...]]:
    """Analytic first-order (S1) and total (ST) Sobol indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {"S1": (v1 / v, v2 / v, 0.0), "ST": ((v1 + v13) / v, v2 / v, v13 / v)}


def sobol_g(seed: int = 0, **x: float) -> dict[str, float]:
    """The Sobol G function on [0, 1]^6 with :data:`G_COEFFICIENTS` (inputs x1..x6)."""
    y = 1.0
    for i, a in enumerate(G_COEFFICIENTS, start=1):
        y *= (abs(4 * x[f"x{i}"] - 2) + a) / (1 + a)
    return {"y": y}


def sobol_g_indices(a: Sequence[float] = G_COEFFICIENTS) -> dict[str, tuple[float, ...]]:
    """Analytic S1 and ST of the Sobol G function with coefficients ``a``."""
    vi = [1 / (3 * (1 + ai) ** 2) for ai in a]
    total = math.prod(1 + v for v in vi) - 1
    s1 = tuple(v / total for v in vi)
    st = tuple(
        v * math.prod(1 + w for j, w in enumerate(vi) if j != i) / total for i, v in enumerate(vi)
    )
    return {"S1": s1, "ST": st}


def noisy_linear(x: float, z: float = 0.0, seed: int = 0, noise: float = 0.5) -> dict[str, float]:
    """``2x + z`` plus seeded normal noise: a model whose seed matters."""
    rng = np.random.default_rng(seed)
    return {"y": 2 * x + z + noise * float(rng.normal()), "x_out": x}


def two_levers(
    x: float,
    z: float,
    seed: int = 0,
    lever_x: float = 0.0,
    lever_z: float = 0.0,
    noise: float = 0.1,
) -> dict[str, float]:
    """A robustness test function whose answers are known.

    ``y = lever_x (x - 0.3) + lever_z (z - 0.5)`` plus seeded noise that does
    not depend on the levers, so on common seeds the paired effect of a policy
    is exact: ``x - 0.3`` for ``lever_x = 1``, positive on 70% of x ~ U(0, 1);
    ``z - 0.5`` for ``lever_z = 1``, positive on 50%; both levers together beat
    the better single lever where both effects are positive (35% of the unit
    square) and are exactly additive (super-additivity 0 everywhere). ``w``
    copies ``y`` with the opposite sign, for outputs whose goal is ``min``.
    """
    rng = np.random.default_rng(seed)
    y = lever_x * (x - 0.3) + lever_z * (z - 0.5) + noise * float(rng.normal())
    return {"y": y, "w": -y}


def fails_above(x: float, seed: int = 0, limit: float = 0.7) -> dict[str, float]:
    """``x**2``, but raises for ``x > limit``: for testing failure isolation."""
    if x > limit:
        raise ValueError(f"x = {x} is above the limit {limit}")
    return {"y": x * x}


def _kernel() -> float:
    return float(np.sqrt(np.arange(2000.0)).sum())


def busy(x: float = 0.0, seed: int = 0, seconds: float = 0.1, work: int = 0) -> dict[str, float]:
    """Burn CPU, then return ``x`` plus seeded noise: a stand-in for a model run.

    With ``work > 0`` it does that many fixed units of computation (benchmarks:
    the same CPU work whatever else runs on the machine); otherwise it loops for
    ``seconds`` of wall time (tests). The noise is drawn first, so the output
    does not depend on how fast the loop ran.
    """
    rng = np.random.default_rng(seed)
    y = x + 0.1 * float(rng.normal())
    if work > 0:
        for _ in range(work):
            _kernel()
    else:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            _kernel()
    return {"y": y, "x": x}


def busy_units(seconds: float) -> int:
    """How many units of :func:`busy` work take about ``seconds`` on this machine."""
    start, units = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        _kernel()
        units += 1
    return max(1, round(units * seconds / (time.perf_counter() - start)))


class CounterModel(mesa.Model):
    """A minimal Mesa model: a value growing by ``rate`` plus seeded noise each step."""

    def __init__(self, rate: float = 1.0, noise: float = 0.1, seed: int | None = None):
        super().__init__(seed=seed)
        self.rate = rate
        self.noise = noise
        self.value = 0.0
        self.datacollector = mesa.DataCollector(model_reporters={"value": "value"})
        self.datacollector.collect(self)

    def step(self) -> None:
        """Grow the value and record it."""
        self.value += self.rate + self.noise * float(self.rng.normal())
        self.datacollector.collect(self)
