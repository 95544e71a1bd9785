"""Sampled designs with SALib and scipy: problems and design matrices.

A SALib problem is built from declared parameters: the bounds default to the
plausible ranges in the scenario schema (:func:`govsim.config.scenario.parameters`) unless the
experiment gives its own. Samplers are thin, seeded wrappers so that a design is
reproducible; the analyzers live in :mod:`govsim.analysis.indices`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from SALib.sample import fast_sampler
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import qmc

__all__ = [
    "problem",
    "sample",
    "sobol_block_size",
]


def problem(bounds: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """A SALib problem dict from parameter bounds (in the mapping's order)."""
    names = list(bounds)
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[float(lo), float(hi)] for lo, hi in bounds.values()],
    }


def sample(
    design: str, prob: Mapping[str, Any], options: Mapping[str, Any], seed: int
) -> np.ndarray:
    """Sample a design's matrix X (one row per sample point).

    Args:
        design: ``"sobol"``, ``"morris"``, ``"fast"`` or ``"lhs"``.
        prob: the SALib problem.
        options: the design's options (``n``, ``second_order``, ``trajectories``,
            ``levels``, ``m``, ``samples``).
        seed: the sampler's seed.

    Returns:
        The design matrix.
    """
    prob = dict(prob)
    if design == "sobol":
        return sobol_sample.sample(
            prob, options["n"], calc_second_order=options["second_order"], seed=seed
        )
    if design == "morris":
        return morris_sample.sample(
            prob, options["trajectories"], num_levels=options["levels"], seed=seed
        )
    if design == "fast":
        return fast_sampler.sample(prob, options["n"], M=options["m"], seed=seed)
    if design == "lhs":
        unit = qmc.LatinHypercube(d=prob["num_vars"], seed=seed).random(options["samples"])
        lo, hi = np.array(prob["bounds"]).T
        return lo + unit * (hi - lo)
    raise ValueError(f"unknown design {design!r}")


def sobol_block_size(num_vars: int, second_order: bool) -> int:
    """Rows of a Saltelli sample per base point: D+2, or 2D+2 with second order."""
    return 2 * num_vars + 2 if second_order else num_vars + 2
