"""Whom a provider serves: the top of its ranking, one exact set however it is found.

A provider with knowledge ``w`` ranks the residents of its community by
``need * w + (1 - w) * contact`` and serves the ``k`` ranked first. The set is
defined exactly (ties go to the lower index), so what an order delivers does
not depend on how the set was found (delivery adds its sums in ascending
index order). Two ways find it:

- :func:`~govsim.model.compiled.top_sets` ranks a whole community (compiled):
  cheap while communities are small.
- :class:`Pruned` (compiled too) ranks only the residents who could be among
  the first ``k`` of a large community: those most in contact this month and those most in need
  of the domain (needs never change, so they are sorted once). A bound proves
  that nobody else can rank among the first ``k`` (the threshold idea of Fagin,
  Lotem & Naor 2003, *J. Comput. Syst. Sci.* 66: 614-656); when the bound
  does not prove it, the order is ranked over the whole community.

Both give the same residents (tests/test_selection.py), so the
choice between them is a matter of cost, made by the sizes in
:mod:`govsim.model.limits`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from govsim.model.compiled import pruned_sets
from govsim.model.limits import EVEN_WEIGHT

__all__ = ["NeedRanking", "Pruned", "exact_top", "likely_width"]


def exact_top(score: np.ndarray, k: int, index: np.ndarray | None = None) -> np.ndarray:
    """Positions of the ``k`` largest of ``score``, ties to the lower ``index`` (in no order).

    ``index`` is the resident index of each position (default: the position);
    the straightforward definition of the set, which the searches are tested against.
    """
    index = np.arange(score.size) if index is None else index
    return np.lexsort((index, -score))[:k]


@dataclass
class NeedRanking:
    """One community's residents in each domain, from the most to the least in need.

    Attributes:
        order: per domain (rows), local indices (in the community) by need
            descending, ties by index.
        negated: minus their needs, in that order (ascending, for searching).
    """

    order: np.ndarray
    negated: np.ndarray

    @classmethod
    def of(cls, need: np.ndarray) -> NeedRanking:
        """The ranking of one community's needs, (domains, residents) or one domain's."""
        need = np.atleast_2d(need)
        order = np.argsort(-need, axis=1, kind="stable").astype(np.int32)
        return cls(order, -np.take_along_axis(need, order, axis=1))


def likely_width(k: np.ndarray, knowledge: np.ndarray, size: int) -> np.ndarray:
    """About how many residents most in contact :meth:`Pruned.sets` ranks to find ``k``.

    With contact and need spread evenly over [0, 1], the ``k`` top scores
    ``w * need + (1 - w) * contact`` of ``size`` residents fill a corner triangle
    whose contact side holds ``sqrt(2 k size w / (1 - w))`` residents; twice that
    leaves room for uneven spreads. Only the cost depends on it, not the set.
    """
    w = np.minimum(knowledge, EVEN_WEIGHT)  # above it, the need ranking does the work
    return (1.0 * np.sqrt(2.0 * k * size * w / (1.0 - w))).astype(np.int64)


class Pruned:
    """Top-``k`` sets of one large community this month, without ranking all of it.

    Args:
        contact: this month's contact of the community's residents.
        most: how many residents most in contact to keep in order (the most
            any order may look at).
    """

    def __init__(self, contact: np.ndarray, most: int):
        size = contact.size
        keep = min(most + 1, size)
        part = contact.argpartition(size - keep)[size - keep :]
        # the residents most in contact, most first; the last one bounds all the others
        self.by_contact = part[np.argsort(-contact[part], kind="stable")]
        self.contact = contact
        # each resident's place in by_contact (keep: the others)
        self.place = np.full(size, keep, dtype=np.int32)
        self.place[self.by_contact] = np.arange(keep, dtype=np.int32)

    def sets(
        self,
        need: np.ndarray,
        ranking: NeedRanking,
        domain: np.ndarray,
        knowledge: np.ndarray,
        counts: np.ndarray,
        widths: np.ndarray,
        picks: np.ndarray,
        offsets: np.ndarray,
    ) -> np.ndarray:
        """The orders' sets (as :func:`exact_top`), written ascending to ``picks``.

        Each order ranks the ``width`` residents most in contact, and those
        beyond them whose need could still lift them to the ``k``-th score
        among them; while those in need outnumber those in contact it looks
        twice as far by contact. Then it checks that those left out score
        below the ``k``-th (:func:`~govsim.model.compiled.pruned_sets`).

        Args:
            need: (domains, residents) the community's needs.
            ranking: the same needs, ranked.
            domain: each order's domain.
            knowledge: each provider's knowledge ``w``.
            counts: how many residents each order serves.
            widths: how many residents most in contact each starts from (at least ``k``).
            picks: output, each order's residents (local indices) one order after another.
            offsets: where each order's residents start in ``picks``.

        Returns:
            Whether each order was declined (its bound failed): it must rank the
            whole community.
        """
        return pruned_sets(
            need, self.contact, self.by_contact, self.place, ranking.order, ranking.negated,
            domain, knowledge, counts, widths, picks, offsets,
        )  # fmt: skip

    def top(
        self, need: np.ndarray, ranking: NeedRanking, knowledge: float, k: int, width: int
    ) -> np.ndarray | None:
        """One order's set (as :meth:`sets`) in one domain's ``need``, or None if declined."""
        picks = np.empty(k, dtype=np.int64)
        one = np.zeros(1, dtype=np.int64)
        declined = self.sets(
            np.atleast_2d(need), ranking, one, np.array([knowledge]), np.array([k]),
            np.array([width]), picks, one,
        )  # fmt: skip
        return None if declined[0] else picks
