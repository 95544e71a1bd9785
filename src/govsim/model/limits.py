"""Computational limits of the model's kernels: how much work is held in memory at once.

These bound memory, not behaviour: no number of the model depends on them.
"""

from __future__ import annotations

__all__ = ["SCORE_CELLS"]

#: Most (order x resident) score cells one community's orders rank at once (16 MiB of floats).
SCORE_CELLS = 2 * 1024 * 1024
