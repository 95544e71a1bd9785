"""Computational limits of the model's kernels: how much work is held in memory at once.

These bound memory, not behaviour: no number of the model depends on them.
"""

from __future__ import annotations

__all__ = ["PICK_ROWS_FROM", "SCORE_CELLS"]

#: Most (order x resident) score cells one community's orders rank at once: 512 KiB of
#: floats, so a block stays in a core's cache between being computed and ranked
#: (at 1,000,000 residents in 7 communities this halves the cost of deliveries).
SCORE_CELLS = 64 * 1024

#: From this many residents on, the revising residents' peer signal is read from
#: their own rows of the graph rather than from one product over everyone.
PICK_ROWS_FROM = 20_000
