"""Computational limits of the model's kernels: memory held at once, and which way is used.

Several ways compute the same numbers at different costs; these choose among
them by size and bound how much work is held in memory at once. No number of
the model depends on them (tests/test_kernels.py and tests/test_selection.py
check each way against a plain one).
"""

from __future__ import annotations

__all__ = [
    "CONTACT_CANDIDATES",
    "EVEN_WEIGHT",
    "PRUNE_DEPTH",
    "PRUNE_FROM",
    "PRUNE_SHARE",
]

#: From this community size on, an order ranks only the residents who could be
#: among those it serves (:class:`~govsim.model.selection.Pruned`): the same
#: residents as ranking the whole community, found at a fraction of the cost.
PRUNE_FROM = 5_000

#: An order serving ``k`` residents of a large community starts from at least
#: the ``CONTACT_CANDIDATES * k`` residents most in contact this month
#: (:func:`~govsim.model.selection.likely_width`) ...
CONTACT_CANDIDATES = 8

#: ... unless those would be more than a ``1 / PRUNE_SHARE`` share of the community,
#: when ranking all of it is about as cheap.
PRUNE_SHARE = 4

#: Residents kept in order of contact each month: this many times the most any
#: order of the community starts from (an order may look further when it must).
PRUNE_DEPTH = 1

#: :func:`~govsim.model.selection.likely_width` takes knowledge above an even
#: weight of need and contact as even: the need ranking then does the work.
EVEN_WEIGHT = 0.5
