"""Computational limits of the model's kernels: how much work is held in memory at once.

These bound memory, not behaviour: no number of the model depends on them.
"""

from __future__ import annotations

__all__ = ["SCORE_CELLS"]

#: Most (order x resident) score cells one community's orders rank at once: 512 KiB of
#: floats, so a block stays in a core's cache between being computed and ranked
#: (at 1,000,000 residents in 7 communities this halves the cost of deliveries).
SCORE_CELLS = 64 * 1024
