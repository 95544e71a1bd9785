"""Seeds for every run, derived from the experiment's root seed.

Each run's seed comes from ``numpy.random.SeedSequence(root, spawn_key=key)``
where the key names the run's place in the design, never its index in a list:
adding a scenario or a sample therefore never changes the seeds of the others.
With common random numbers (the default for comparisons and factorials) the
key is the replication alone, so every scenario sees the same seeds and
effects are paired.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["analysis_seed", "design_seed", "run_seed", "stable_hash"]

# Spawn-key tags keep the families of seeds apart.
_REPLICATION = 0
_SCENARIO = 1
_SAMPLE = 2
_DESIGN = 3
_ANALYSIS = 4


def stable_hash(text: str) -> int:
    """A 32-bit hash of a string that is the same in every process and Python run."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _draw(root: int, key: tuple[int, ...]) -> int:
    state = np.random.SeedSequence(root, spawn_key=key).generate_state(2, dtype=np.uint32)
    # 63 bits: fits SQLite's signed INTEGER and every seed-taking API.
    return int((int(state[0]) << 31) ^ int(state[1])) & (2**63 - 1)


def run_seed(
    root: int,
    replication: int,
    *,
    scenario: str | None = None,
    sample: int | None = None,
) -> int:
    """The seed of one run.

    Args:
        root: the experiment's root seed.
        replication: the replication number (0-based).
        scenario: the scenario label, when seeds are not common across scenarios.
        sample: the design's sample index, for sampled designs.

    Returns:
        A non-negative 63-bit integer seed.
    """
    if sample is not None:
        return _draw(root, (_SAMPLE, sample, replication))
    if scenario is not None:
        return _draw(root, (_SCENARIO, stable_hash(scenario), replication))
    return _draw(root, (_REPLICATION, replication))


def design_seed(root: int) -> int:
    """The seed of a sampled design's sampler (SALib, Latin hypercube)."""
    return _draw(root, (_DESIGN,)) % (2**31 - 1) + 1


def analysis_seed(root: int) -> int:
    """The seed of bootstrap resampling in the analysis (never 0: SALib ignores 0)."""
    return _draw(root, (_ANALYSIS,)) % (2**31 - 1) + 1
