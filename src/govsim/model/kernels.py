"""The monthly resident kernels: delivery to residents, then what residents learn and choose.

Every function works on whole arrays of :class:`~govsim.model.population.ResidentState`.
Coefficients come from the scenario (``residents`` and ``[mechanisms]``); the only
numbers written here are 0 and 1, the ends of the scales.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from govsim.config.mechanisms import MechanismSettings
from govsim.config.schema import ResidentSettings
from govsim.model.compiled import (
    account,
    choose,
    learn_from_services,
    plan,
    revisers,
    social_identity_efficacy,
    top_sets,
    utilities,
)
from govsim.model.limits import CONTACT_CANDIDATES, PRUNE_DEPTH, PRUNE_FROM, PRUNE_SHARE
from govsim.model.population import ResidentState, State
from govsim.model.selection import NeedRanking, Pruned, likely_width
from govsim.policies import Levers

__all__ = [
    "Deliveries",
    "Order",
    "Orders",
    "deliver",
    "monthly_update",
    "reach",
    "sequential_sum",
    "start_month",
]


class Order(NamedTuple):
    """One provider's services in one community and domain this month.

    Attributes:
        community: community index.
        domain: domain index.
        capacity: services available this month.
        quality: quality of each service, [0, 1].
        knowledge: the provider's knowledge of real needs, [0, 1].
        by_organization: whether the provider is a social organization.
    """

    community: int
    domain: int
    capacity: int
    quality: float
    knowledge: float
    by_organization: bool


@dataclass
class Orders:
    """A month's orders as columns, one entry per order (the fields of :class:`Order`)."""

    community: np.ndarray
    domain: np.ndarray
    capacity: np.ndarray
    quality: np.ndarray
    knowledge: np.ndarray
    by_organization: np.ndarray

    @classmethod
    def of(cls, orders: Sequence[Order]) -> Orders:
        """The columns of a list of orders."""
        if not orders:
            return cls.concat([])
        columns = zip(*orders, strict=True)
        return cls(*(np.array(col, dtype=t) for col, t in zip(columns, _ORDER_TYPES, strict=True)))

    @classmethod
    def concat(cls, parts: Sequence[Orders]) -> Orders:
        """The orders of ``parts`` one after another."""
        if not parts:
            return cls(*(np.zeros(0, dtype=t) for t in _ORDER_TYPES))
        columns = zip(*(vars(p).values() for p in parts), strict=True)
        return cls(*(np.concatenate(col) for col in columns))

    def __len__(self) -> int:
        return int(self.community.size)


_ORDER_TYPES = (np.int64, np.int64, np.int64, np.float64, np.float64, np.bool_)


@dataclass
class Deliveries:
    """What each order delivered this month, one entry per order (for metrics and providers).

    Attributes:
        services: residents served.
        match_sum: summed need of the served in the domain served.
        best_sum: the most need the same number of services could have met there.
        quality_sum: summed quality.
        experience_sum: summed experience of the served.
    """

    services: np.ndarray
    match_sum: np.ndarray
    best_sum: np.ndarray
    quality_sum: np.ndarray
    experience_sum: np.ndarray


def sequential_sum(start: float, values: np.ndarray) -> float:
    """``start + values[0] + values[1] + ...``, added left to right.

    Running totals of the month (services, spending) were always added one
    record at a time; adding the records in the same order keeps every
    rounding, whereas ``np.sum`` (pairwise) or Python 3.12's ``sum`` (compensated)
    would not.
    """
    total = start
    for value in values.tolist():
        total += value
    return total


def deliver(res: ResidentState, orders: Orders, contact: np.ndarray, step: int) -> Deliveries:
    """Serve every order of the month; returns what each order delivered, in order.

    A provider ranks the residents of its community by what it knows: with
    knowledge k, by ``k * need + (1 - k) * contact``, so an uninformed provider
    serves whoever it happens to reach (``contact``, see :func:`reach`) and an
    informed one serves those who need it most; it serves the ``capacity``
    residents ranked first. A served resident's experience is
    ``sqrt(quality * need)``: a good service of something not needed does not
    satisfy; it keeps the best experience of the month, and a resident served
    by an organization becomes aware of organizations. Providers do not see
    each other's choices: a resident may be served by several.

    Who is served is an exact set (:mod:`govsim.model.selection`), found by
    ranking the whole community (:func:`~govsim.model.compiled.top_sets`) or,
    in large communities, only the residents who could be among the first.
    What services do to residents is applied at once: each resident keeps the
    best experience of the month, so the order of the orders does not matter there.
    """
    sizes = res.sizes()
    counts, offsets, total = plan(orders.capacity, orders.community, sizes)
    picks = np.empty(total, dtype=np.int64)
    todo = np.flatnonzero(counts)
    if res.largest() >= PRUNE_FROM:
        large = sizes[orders.community[todo]] >= PRUNE_FROM
        declined = _select_pruned(res, orders, todo[large], counts, contact, picks, offsets)
        todo = np.concatenate((todo[~large], declined))
    need = res.need_by_domain
    top_sets(
        need, res.bounds, contact, orders.community, orders.domain, orders.knowledge, counts,
        todo, picks, offsets,
    )  # fmt: skip
    return Deliveries(
        *account(
            need, res.bounds, res.best_need, orders.community, orders.domain, orders.quality,
            orders.by_organization, counts, offsets, picks, step,
            res.served, res.last_served, res.experience, res.org_experience, res.awareness,
        )
    )  # fmt: skip


def _select_pruned(
    res: ResidentState,
    orders: Orders,
    large: np.ndarray,
    counts: np.ndarray,
    contact: np.ndarray,
    picks: np.ndarray,
    offsets: np.ndarray,
) -> np.ndarray:
    """The sets of the orders ``large`` (in large communities), each ranking its likely residents.

    Writes each found set (ascending) to ``picks``; returns the orders that must
    rank their whole community instead: those that would look at more than a
    share of it, or whose bound fails (see :class:`~govsim.model.selection.Pruned`).
    """
    declined: list[np.ndarray] = [large[:0]]
    where = orders.community[large]
    for community in np.unique(where).tolist():
        mine = large[where == community]
        sl = res.community_slice(community)
        size = sl.stop - sl.start
        k, knowledge = counts[mine], orders.knowledge[mine]
        likely = np.maximum(likely_width(k, knowledge, size), CONTACT_CANDIDATES * k)
        pruned = likely * PRUNE_SHARE < size
        if not pruned.any():
            declined.append(mine)
            continue
        top = Pruned(contact[sl], PRUNE_DEPTH * int(likely[pruned].max()))
        ours = mine[pruned]
        refused = top.sets(
            res.need_by_domain[:, sl], _ranking(res, community), orders.domain[ours],
            knowledge[pruned], k[pruned], likely[pruned], picks, offsets[ours],
        )  # fmt: skip
        declined += [mine[~pruned], ours[refused]]
    return np.concatenate(declined)


def _ranking(res: ResidentState, community: int) -> NeedRanking:
    """The community's residents by need in each domain (needs never change: made once)."""
    if community not in res.need_rankings:
        sl = res.community_slice(community)
        res.need_rankings[community] = NeedRanking.of(res.need_by_domain[:, sl])
    return res.need_rankings[community]


def reach(res: ResidentState, awareness_weight: float, rng: np.random.Generator) -> np.ndarray:
    """This month's chance of contact per resident: random, higher for the aware."""
    return (1.0 - awareness_weight) * rng.random(res.n) + awareness_weight * res.awareness


def start_month(res: ResidentState) -> None:
    """Clear this month's service records before delivery."""
    res.served[:] = False
    res.experience[:] = 0.0
    res.org_experience[:] = -1.0


def _experience(res: ResidentState, p: ResidentSettings, m: MechanismSettings) -> None:
    """Satisfaction and trust learn from this month's services.

    The served learn at ``learning``, the unmet (in need, not served) more
    slowly, the others not at all: satisfaction moves toward the month's best
    experience (or the unmet level), trust toward the best experience of an
    organization's service, for those who had one.
    """
    s = m.satisfaction
    learn_from_services(
        res.served, res.needy, res.experience, res.org_experience, res.satisfaction, res.trust,
        p.learning, s.unmet_learning, s.unmet_level,
    )  # fmt: skip


def _social_identity_efficacy(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    levers: Levers,
    reputation: float,
    responsiveness: np.ndarray,
) -> None:
    """Word of mouth, forgetting, disclosure, identity and efficacy (one compiled pass).

    - Word of mouth: each resident moves toward the mean trust and awareness of
      its neighbours (as they were before this step; awareness only upward),
      then forgets some awareness. Disclosure carries no premium: it makes
      organizations known and pulls trust toward their actual mean reputation,
      which may be low.
    - Identity relaxes to its baseline; taking part and attending activities
      build it. Activities act on those they reach: participants attend more
      often than others. The expected gain is applied (no draw), with
      diminishing returns: ``participation_gain * taking_part +
      activity_gain * (building * reach)``, times ``1 - identity``.
    - Perceived efficacy follows how responsive services are (the needs match
      of what each community received) and decision rights.
    """
    i, e, disclosure = m.identity, m.efficacy, levers.disclosure
    gains = [
        i.participation_gain * taking_part + i.activity_gain * (levers.identity_building * reach)
        for taking_part, reach in ((1.0, i.reach_participants), (0.0, i.reach_others))
    ]
    target = e.base + e.decision_weight * levers.innovation
    target = np.minimum(target + e.responsiveness_weight * responsiveness, 1.0)
    disclosed = disclosure > 0.0
    coefficients = np.array(
        [
            p.word_of_mouth,
            1.0 - m.awareness.forgetting,
            m.awareness.disclosure_rate * disclosure if disclosed else 0.0,
            m.disclosure.trust_rate * disclosure if disclosed else 0.0,
            reputation,
            p.identity_decay,
            *gains,
            e.rate,
            State.PARTICIPANT,
        ]
    )
    social_identity_efficacy(
        res.adjacency.indptr, res.adjacency.indices, res.inv_degree,
        res.trust, res.awareness, res.identity, res.identity_base, res.efficacy, res.state,
        res.community, target, coefficients,
    )  # fmt: skip


def _participation(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    participating: np.ndarray,
    innovation: float,
    step: int,
    rng: np.random.Generator,
) -> None:
    """A share of residents reconsider taking part (logit choice with peer influence).

    Only the revising residents' utilities are computed and only they draw
    their choices: with a 10% revision rate that is a tenth of the work. Their
    peer signal is the share of their neighbours taking part (``participating``,
    as the month began).
    """
    who = revisers(rng.random(res.n), p.revision_rate)
    cost = p.cost * (1.0 - m.participation.decision_cost_cut * innovation)
    weights = np.array(
        [
            p.base_utility - cost,
            p.identity_weight,
            p.trust_weight,
            p.peer_weight,
            p.efficacy_weight,
            m.awareness.weight,
        ]
    )
    peers = res.peers_taking_part(participating)
    utility = utilities(
        who, weights, res.identity, res.trust, peers, res.inv_degree, res.efficacy, res.awareness
    )
    draws = rng.random((2, who.size))
    joins = draws[0] < 1.0 / (1.0 + np.exp(-utility))
    volunteers = draws[1] < p.volunteer_share * res.identity[who]
    # Service users who stop being served return to inactive without deciding
    # anything; then the revising residents choose (the order of the two does
    # not matter: a reviser's choice overrides either way). A user was served
    # within the window: after ``step - window`` (no subtraction from
    # NEVER_SERVED, which would wrap around).
    choose(res.state, res.last_served, step - m.participation.user_window, who, joins, volunteers)


def monthly_update(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    levers: Levers,
    *,
    step: int,
    reputation: float,
    responsiveness: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """One month of resident dynamics after services were delivered.

    Order: learn from services; word of mouth; identity; efficacy; reconsider
    participation. One pass over the graph gives each resident the mean of its
    neighbours' trust and awareness; the revising residents' peer signal comes
    from counts of neighbours taking part, kept from month to month.

    Args:
        res: resident state (modified in place).
        p: resident parameters.
        m: mechanism coefficients.
        levers: this month's policy levers.
        step: current month.
        reputation: mean reputation of active organizations (what disclosure shows).
        responsiveness: needs match of services per community this month.
        rng: the model's dynamics generator.
    """
    _experience(res, p, m)
    participating = res.participating()
    _social_identity_efficacy(res, p, m, levers, reputation, responsiveness)
    _participation(res, p, m, participating, levers.innovation, step, rng)
    np.clip(res.trust, 0.0, 1.0, out=res.trust)
    np.clip(res.awareness, 0.0, 1.0, out=res.awareness)
