"""The monthly resident kernels: delivery to residents, then what residents learn and choose.

Every function works on whole arrays of :class:`~govsim.model.population.ResidentState`.
Coefficients come from the scenario (``residents`` and ``[mechanisms]``); the only
numbers written here are 0 and 1, the ends of the scales.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from govsim.config.mechanisms import MechanismSettings
from govsim.config.schema import ResidentSettings
from govsim.model.limits import (
    CONTACT_CANDIDATES,
    PRUNE_DEPTH,
    PRUNE_FROM,
    PRUNE_SHARE,
    RANK_TOGETHER_BELOW,
    SCORE_CELLS,
)
from govsim.model.population import ResidentState, State
from govsim.model.selection import NeedRanking, Pruned, likely_width, top_of_rows
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

    def take(self, idx: np.ndarray) -> Orders:
        """The orders at ``idx``, in that order."""
        return Orders(*(col[idx] for col in vars(self).values()))


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

    @classmethod
    def none(cls, n: int) -> Deliveries:
        """Nothing delivered yet by ``n`` orders."""
        return cls(np.zeros(n, dtype=np.int64), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n))


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
    ranking whole communities (orders as rows of score matrices) or, in large
    communities, only the residents who could be among the first; everything
    after the ranking is done once for the month's orders.
    What services do to residents is applied at once: each resident keeps the
    best experience of the month, so the order of the orders does not matter there.
    """
    n = len(orders)
    done = Deliveries.none(n)
    sizes = res.sizes()
    live = np.flatnonzero((orders.capacity > 0) & (sizes[orders.community] > 0))
    if not live.size:
        return done
    live = live[np.argsort(orders.community[live], kind="stable")]
    todo = orders.take(live)  # grouped by community, in their order within it
    counts = np.minimum(todo.capacity, sizes[todo.community])
    if sizes.max() < RANK_TOGETHER_BELOW:
        picks = _select(res, todo.community, todo.domain, todo.knowledge, counts, contact)
    else:
        picks = []
        edges = [0, *(np.flatnonzero(np.diff(todo.community)) + 1).tolist(), live.size]
        for first, last in itertools.pairwise(edges):
            group = slice(first, last)
            how = _select_pruned if sizes[todo.community[first]] >= PRUNE_FROM else _select
            picks += how(
                res,
                todo.community[group],
                todo.domain[group],
                todo.knowledge[group],
                counts[group],
                contact,
            )
    resident, experience = _account(res, todo, counts, _ascending(picks, counts, res.n), live, done)
    _apply(res, resident, experience, np.repeat(todo.by_organization, counts), step)
    return done


def _ascending(picks: list[np.ndarray], counts: np.ndarray, n: int) -> np.ndarray:
    """Each order's residents in ascending order, one order after another.

    The order in which an order's sums are added fixes their rounding; ascending
    residents make it independent of how the set was found. One sort for the
    month: each order's residents are offset by its place times ``n``.
    """
    offset = np.repeat(np.arange(counts.size) * n, counts)
    keys = np.concatenate(picks) + offset
    keys.sort()
    keys -= offset
    return keys


def _select(
    res: ResidentState,
    community: np.ndarray,
    domain: np.ndarray,
    knowledge: np.ndarray,
    counts: np.ndarray,
    contact: np.ndarray,
) -> list[np.ndarray]:
    """The residents (indices in their community) that orders serve, each ranking it all.

    Orders are rows of score matrices, in blocks of at most ``SCORE_CELLS``.
    """
    sizes = res.sizes()[community]
    width = int(sizes.max())
    per_block = max(1, SCORE_CELLS // width)
    picks: list[np.ndarray] = []
    for lo in range(0, counts.size, per_block):
        block = slice(lo, lo + per_block)
        score = _scores(res, community[block], domain[block], knowledge[block], contact)
        picks += top_of_rows(score, counts[block])
    return picks


def _scores(
    res: ResidentState,
    community: np.ndarray,
    domain: np.ndarray,
    knowledge: np.ndarray,
    contact: np.ndarray,
) -> np.ndarray:
    """Each order's score of every resident of its community, one row an order.

    Orders of one community read its residents as one contiguous run; orders of
    several communities (small ones, ranked together to save calls) fill rows
    as wide as the largest community (:meth:`ResidentState.padded`), the rest of
    a row being -inf, which is never served (no order serves more residents
    than its community has).
    """
    weight = knowledge[:, None]
    if community[0] == community[-1]:
        sl = res.community_slice(int(community[0]))
        score = res.need_by_domain[domain, sl]
        score *= weight
        score += (1.0 - weight) * contact[sl]
        return score
    index, padding = res.padded()
    who = index[community]
    score = res.need_by_domain.ravel()[who + (domain * res.n)[:, None]]
    score *= weight
    score += (1.0 - weight) * contact[who]
    outside = padding[community]
    score[outside] = -np.inf
    return score


def _select_pruned(
    res: ResidentState,
    communities: np.ndarray,
    domain: np.ndarray,
    knowledge: np.ndarray,
    counts: np.ndarray,
    contact: np.ndarray,
) -> list[np.ndarray]:
    """:func:`_select` for a large community: each order looks at its likely residents only.

    The orders are of one community. An order that would look at more than a
    share of it, or whose bound fails (see :class:`~govsim.model.selection.Pruned`),
    ranks it all.
    """
    community = int(communities[0])
    sl = res.community_slice(community)
    size = sl.stop - sl.start
    likely = np.maximum(likely_width(counts, knowledge, size), CONTACT_CANDIDATES * counts)
    pruned = likely * PRUNE_SHARE < size
    depth = PRUNE_DEPTH * int(likely[pruned].max()) if pruned.any() else 0
    top = Pruned(contact[sl], depth) if depth else None
    need = res.need_by_domain[:, sl]
    picks: list[np.ndarray] = []
    for i, d in enumerate(domain.tolist()):
        chosen = None
        if top is not None and pruned[i]:
            ranking = _ranking(res, community, d)
            chosen = top.top(need[d], ranking, float(knowledge[i]), int(counts[i]), int(likely[i]))
        if chosen is None:
            one = slice(i, i + 1)
            chosen = _select(
                res, communities[one], domain[one], knowledge[one], counts[one], contact
            )[0]
        picks.append(chosen)
    return picks


def _ranking(res: ResidentState, community: int, domain: int) -> NeedRanking:
    """The community's residents by need in a domain (needs never change: made once)."""
    key = (community, domain)
    if key not in res.need_rankings:
        sl = res.community_slice(community)
        res.need_rankings[key] = NeedRanking.of(res.need_by_domain[domain, sl])
    return res.need_rankings[key]


def _account(
    res: ResidentState,
    todo: Orders,
    counts: np.ndarray,
    picks: np.ndarray,
    live: np.ndarray,
    done: Deliveries,
) -> tuple[np.ndarray, np.ndarray]:
    """What the orders ``todo`` delivered, from the residents they picked (in picking order).

    Fills ``done`` at ``live`` (their places in the month's orders); returns the
    residents served and their experience.
    """
    start = res.bounds[todo.community]
    resident = picks + np.repeat(start, counts)
    match = res.need_by_domain.ravel()[np.repeat(todo.domain, counts) * res.n + resident]
    experience = np.sqrt(np.repeat(todo.quality, counts) * match)
    done.match_sum[live], done.experience_sum[live] = _segment_sums((match, experience), counts)
    done.best_sum[live] = res.best_need[start + counts - 1, todo.domain]
    done.quality_sum[live] = todo.quality * counts
    done.services[live] = counts
    return resident, experience


def _segment_sums(columns: Sequence[np.ndarray], counts: np.ndarray) -> np.ndarray:
    """Per column, the sum of each order's contiguous segment (``counts`` long), one row a column.

    Each sum is the number ``np.add.reduce`` gives for the segment alone (each
    order's sums were always added so): it adds the segment pairwise to 0.0,
    whereas ``np.add.reduceat`` adds the rest of a segment pairwise to its first
    value. With a 0.0 put before every segment, one ``reduceat`` gives every
    order's ``reduce``, bit for bit (tests/test_kernels.py), in one call rather
    than one per order.
    """
    k, total = counts.size, int(counts.sum())
    zeros = np.arange(k) + (np.cumsum(counts) - counts)  # where each segment's 0.0 goes
    slots = np.ones(total + k, dtype=bool)
    slots[zeros] = False
    padded = np.zeros((len(columns), total + k))
    for row, column in zip(padded, columns, strict=True):
        row[slots] = column
    return np.add.reduceat(padded, zeros, axis=1)


def _apply(
    res: ResidentState,
    resident: np.ndarray,
    experience: np.ndarray,
    by_org: np.ndarray,
    step: int,
) -> None:
    """Record the month's services on the residents served (one entry per service)."""
    res.served[resident] = True
    res.last_served[resident] = step
    np.maximum.at(res.experience, resident, experience)
    np.maximum.at(res.org_experience, resident[by_org], experience[by_org])
    res.awareness[resident[by_org]] = 1.0


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

    Written as whole-array arithmetic with 0/1 weights rather than masked
    updates: cheaper at 100,000 residents than gathering and scattering.
    The served learn at ``learning``, the unmet (in need, not served) more
    slowly, the others not at all.
    """
    lr = p.learning
    s = m.satisfaction
    served = res.served
    weight = np.where(served, lr, np.where(res.needy, s.unmet_learning * lr, 0.0))
    pull = np.where(served, res.experience, s.unmet_level)
    pull -= res.satisfaction
    pull *= weight
    res.satisfaction += pull
    pull = np.subtract(res.org_experience, res.trust, out=pull)
    pull *= lr * (res.org_experience >= 0.0)
    res.trust += pull


def _social(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    disclosure: float,
    reputation: float,
    around: NeighbourMeans,
) -> None:
    """Word of mouth on the graph, forgetting, and what public information shows.

    Each resident moves toward the mean trust and awareness of its neighbours
    (``around``, as they were before this step). Disclosure carries no premium:
    it makes organizations known and pulls trust toward their actual mean
    reputation, which may be low.
    """
    trust_around, awareness_around = around.trust, around.awareness
    w = p.word_of_mouth * res.has_ties
    res.trust += w * (trust_around - res.trust)
    res.awareness += w * np.maximum(awareness_around - res.awareness, 0.0)
    res.awareness *= 1.0 - m.awareness.forgetting
    if disclosure > 0.0:
        res.awareness += m.awareness.disclosure_rate * disclosure * (1.0 - res.awareness)
        res.trust += m.disclosure.trust_rate * disclosure * (reputation - res.trust)


def _identity(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    building: float,
    participating: np.ndarray,
) -> None:
    """Identity relaxes to its baseline; taking part and attending activities build it.

    Activities act on those they reach: participants attend more often than
    others. The expected gain is applied (no draw), with diminishing returns.
    The gain takes two values, participants' and others'; each is computed
    once, as ``participation_gain * taking_part + activity_gain * (building * reach)``.
    """
    i = m.identity
    res.identity += p.identity_decay * (res.identity_base - res.identity)
    gains = [
        i.participation_gain * taking_part + i.activity_gain * (building * reach)
        for taking_part, reach in ((1.0, i.reach_participants), (0.0, i.reach_others))
    ]
    gain = np.where(participating, *gains)
    gain *= 1.0 - res.identity
    res.identity += gain


def _efficacy(
    res: ResidentState, m: MechanismSettings, innovation: float, responsiveness: np.ndarray
) -> None:
    """Perceived efficacy follows how responsive services are, and decision rights.

    ``responsiveness`` is per community (the needs match of what it received);
    the target is computed per community, then spread over its residents.
    """
    e = m.efficacy
    target = e.base + e.decision_weight * innovation
    target = np.minimum(target + e.responsiveness_weight * responsiveness, 1.0)
    step = np.repeat(target, res.sizes())
    step -= res.efficacy
    step *= e.rate
    res.efficacy += step


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
    recent = step - res.last_served < m.participation.user_window
    who = np.flatnonzero(rng.random(res.n) < p.revision_rate)
    cost = p.cost * (1.0 - m.participation.decision_cost_cut * innovation)
    identity = res.identity[who]
    utility = (
        p.base_utility
        - cost
        + p.identity_weight * identity
        + p.trust_weight * res.trust[who]
        + p.peer_weight * _peer_share(res, who, participating)
        + p.efficacy_weight * res.efficacy[who]
        + m.awareness.weight * res.awareness[who]
    )
    draws = rng.random((2, who.size))
    joins = draws[0] < 1.0 / (1.0 + np.exp(-utility))
    volunteers = draws[1] < p.volunteer_share * identity
    # Service users who stop being served return to inactive without deciding
    # anything; then the revising residents choose (the order of the two does
    # not matter: a reviser's choice overrides either way).
    user = np.where(recent, State.USER, State.INACTIVE).astype(res.state.dtype)
    np.copyto(res.state, user, where=res.state <= State.USER)
    res.state[who] = np.where(
        joins, np.where(volunteers, State.VOLUNTEER, State.PARTICIPANT), user[who]
    )


class NeighbourMeans(NamedTuple):
    """Each resident's mean over its neighbours of trust and awareness."""

    trust: np.ndarray
    awareness: np.ndarray


def _neighbour_means(res: ResidentState) -> NeighbourMeans:
    """The neighbour means of trust and awareness (0 for the isolated).

    One product per signal: scipy adds each row's terms in the same order for one
    vector as for several columns at once, so this gives the numbers of a product
    of their column stack, and costs less (no copy into the stack, and
    scipy's several-column loop is slower per tie than two one-column ones).
    """
    return NeighbourMeans(_neighbour_mean(res, res.trust), _neighbour_mean(res, res.awareness))


def _neighbour_mean(res: ResidentState, values: np.ndarray) -> np.ndarray:
    """Each resident's mean of ``values`` over its neighbours (0 for the isolated)."""
    sums = res.adjacency @ values
    sums *= res.inv_degree  # in place: a new array of a million floats costs its page faults
    return sums


def _peer_share(res: ResidentState, rows: np.ndarray, participating: np.ndarray) -> np.ndarray:
    """The share of neighbours taking part, for the residents ``rows`` (0 for the isolated).

    The counts are kept from month to month
    (:meth:`~govsim.model.population.ResidentState.peers_taking_part`): exact
    integers, so the same numbers as a product over the graph, for the cost of
    the few residents whose taking part changed.
    """
    return res.peers_taking_part(participating)[rows] * res.inv_degree[rows]


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
    participation. Sparse products give each resident the mean of its
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
    around = _neighbour_means(res)
    _social(res, p, m, levers.disclosure, reputation, around)
    _identity(res, p, m, levers.identity_building, participating)
    _efficacy(res, m, levers.innovation, responsiveness)
    _participation(res, p, m, participating, levers.innovation, step, rng)
    np.clip(res.trust, 0.0, 1.0, out=res.trust)
    np.clip(res.awareness, 0.0, 1.0, out=res.awareness)
