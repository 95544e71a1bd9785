"""Whom a provider serves: the top of its ranking, one exact set however it is found.

A provider with knowledge ``w`` ranks the residents of its community by
``need * w + (1 - w) * contact`` and serves the ``k`` ranked first. The set is
defined exactly (ties go to the lower index), so what an order delivers does
not depend on how the set was found (delivery adds its sums in ascending
index order). Two ways find it:

- :func:`~govsim.model.compiled.top_sets` ranks a whole community (compiled):
  cheap while communities are small.
- :class:`Pruned` ranks only the residents who could be among the first ``k`` of
  a large community: those most in contact this month and those most in need
  of the domain (needs never change, so they are sorted once). A bound proves
  that nobody else can rank among the first ``k`` (the threshold idea of Fagin,
  Lotem & Naor 2003, *J. Comput. Syst. Sci.* 66: 614-656); when the bound
  does not prove it, the order is ranked over the whole community.

Both give the same residents bit for bit (tests/test_selection.py), so the
choice between them is a matter of cost, made by the sizes in
:mod:`govsim.model.limits`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from govsim.model.limits import EVEN_WEIGHT

__all__ = ["NeedRanking", "Pruned", "exact_top", "likely_width"]


def exact_top(score: np.ndarray, k: int, index: np.ndarray | None = None) -> np.ndarray:
    """Positions of the ``k`` largest of ``score``, ties to the lower ``index`` (in no order).

    ``index`` is the resident index of each position (default: the position);
    the straightforward definition of the set, used where ties are found.
    """
    index = np.arange(score.size) if index is None else index
    return np.lexsort((index, -score))[:k]


def _top(score: np.ndarray, k: int, index: np.ndarray | None = None) -> np.ndarray:
    """:func:`exact_top` in linear time, unless the ``k``-th score is tied with one left out."""
    size = score.size
    if k >= size:
        return np.arange(size)
    chosen = score.argpartition(size - k)[size - k :]  # the k-th largest comes first
    if np.count_nonzero(score >= score[chosen[0]]) > k:
        return exact_top(score, k, index)
    return chosen


@dataclass
class NeedRanking:
    """One community's residents in one domain, from the most to the least in need.

    Attributes:
        order: local indices (in the community), by need descending, ties by index.
        negated: minus their needs, in that order (ascending, for searching).
    """

    order: np.ndarray
    negated: np.ndarray

    @classmethod
    def of(cls, need: np.ndarray) -> NeedRanking:
        """The ranking of one community's needs in one domain."""
        order = np.argsort(-need, kind="stable").astype(np.int32)
        return cls(order, -need[order])

    def need_at(self, place: int) -> float:
        """The need of the resident at ``place`` in the ranking."""
        return -float(self.negated[place])

    def at_least(self, level: float) -> int:
        """How many residents have a need of at least ``level`` (a prefix of ``order``)."""
        return int(np.searchsorted(self.negated, -level, side="right"))


def likely_width(k: np.ndarray, knowledge: np.ndarray, size: int) -> np.ndarray:
    """About how many residents most in contact :meth:`Pruned.top` ranks to find ``k``.

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
        self._negated = -contact[self.by_contact]  # ascending, for searching
        self.contact = contact
        # each resident's place in by_contact (keep: the others)
        self.place = np.full(size, keep, dtype=np.int32)
        self.place[self.by_contact] = np.arange(keep, dtype=np.int32)

    def top(
        self, need: np.ndarray, ranking: NeedRanking, knowledge: float, k: int, width: int
    ) -> np.ndarray | None:
        """The order's set (as :func:`exact_top`), or None when the bound fails.

        It ranks the ``width`` residents most in contact, and those beyond them
        whose need could still lift them to the ``k``-th score among them; while
        those in need outnumber those in contact it looks twice as far by
        contact. Then it checks that those left out score below the ``k``-th.

        Args:
            need: the community's needs in the order's domain.
            ranking: the same needs, ranked.
            knowledge: the provider's knowledge ``w``.
            k: how many it serves.
            width: how many residents most in contact to start from (at least ``k``).

        Returns:
            Local indices of the chosen residents, in no particular order.
        """
        w, longest = knowledge, self.by_contact.size - 1
        if w >= 1.0:  # the score is the need: the ranking's first k (ties by index too)
            return ranking.order[:k].astype(np.int64)
        width = min(width, longest)
        if width < k:
            return None
        score = self._scores(need, w, 0, width)
        while True:
            kth = score[score.argpartition(width - k)[width - k]]
            edge = self.contact[self.by_contact[width]]  # nobody further has more contact
            # those further on who could still reach kth have at least this need
            reach = (kth - (1.0 - w) * edge) / w if w > 0.0 else np.inf
            prefix = ranking.at_least(reach)
            if prefix <= width or width == longest:
                break
            # as many in need as in contact to rank: look twice as far by contact
            wider = min(2 * width, longest)
            score = np.concatenate((score, self._scores(need, w, width, wider)))
            width = wider
        first = self.by_contact[:width]
        extra = ranking.order[:prefix]
        extra = extra[self.place[extra] >= width]  # those not in first already
        candidates = np.concatenate((first, extra))
        score = np.concatenate((score, need[extra] * w + (1.0 - w) * self.contact[extra]))
        chosen = _top(score, k, candidates)
        if prefix < need.size:
            # anyone left out has need <= next and contact <= edge, so (rounding being
            # monotone) a score <= bound: strictly below the k-th, they cannot be chosen
            bound = ranking.need_at(prefix) * w + (1.0 - w) * edge
            if not bound < score[chosen].min():
                return None
        return candidates[chosen]

    def _scores(self, need: np.ndarray, w: float, lo: int, hi: int) -> np.ndarray:
        """Scores of the residents at places ``lo:hi`` of ``by_contact``."""
        who = self.by_contact[lo:hi]
        return need[who] * w + (1.0 - w) * self.contact[who]
