"""The monthly resident kernels: delivery to residents, then what residents learn and choose.

Every function works on whole arrays of :class:`~govsim.model.population.ResidentState`.
Coefficients come from the scenario (``residents`` and ``[mechanisms]``); the only
numbers written here are 0 and 1, the ends of the scales.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from govsim.config.mechanisms import MechanismSettings
from govsim.config.schema import ResidentSettings
from govsim.model.limits import SCORE_CELLS
from govsim.model.population import ResidentState, State
from govsim.policies import Levers

__all__ = ["Delivery", "Order", "deliver", "monthly_update", "reach", "start_month"]


@dataclass
class Delivery:
    """What one project delivered this month (for metrics and the provider).

    Attributes:
        services: residents served.
        match_sum: summed need of the served in the domain served.
        best_sum: the most need the same number of services could have met there.
        quality_sum: summed quality.
        experience_sum: summed experience of the served.
    """

    services: int = 0
    match_sum: float = 0.0
    best_sum: float = 0.0
    quality_sum: float = 0.0
    experience_sum: float = 0.0


@dataclass(frozen=True)
class Order:
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


def deliver(
    res: ResidentState, orders: list[Order], contact: np.ndarray, step: int
) -> list[Delivery]:
    """Serve every order of the month; returns one delivery record per order, in order.

    A provider ranks the residents of its community by what it knows: with
    knowledge k, by ``k * need + (1 - k) * contact``, so an uninformed provider
    serves whoever it happens to reach (``contact``, see :func:`reach`) and an
    informed one serves those who need it most; it serves the ``capacity``
    residents ranked first. A served resident's experience is
    ``sqrt(quality * need)``: a good service of something not needed does not
    satisfy; it keeps the best experience of the month, and a resident served
    by an organization becomes aware of organizations. Providers do not see
    each other's choices: a resident may be served by several.

    The orders of one community are ranked together, as columns of one score
    matrix, so a month costs a few array operations per community rather than
    per provider.
    """
    records: list[Delivery] = [Delivery()] * len(orders)
    by_community: dict[int, list[int]] = {}
    for i, order in enumerate(orders):
        if order.capacity > 0:
            by_community.setdefault(order.community, []).append(i)
    for community, members in by_community.items():
        sl = res.community_slice(community)
        size = sl.stop - sl.start
        if size == 0:
            continue
        per_block = max(1, SCORE_CELLS // size)
        for first in range(0, len(members), per_block):
            ids = members[first : first + per_block]
            served = _serve(res, sl, [orders[i] for i in ids], contact, step)
            for i, record in zip(ids, served, strict=True):
                records[i] = record
    return records


def _serve(
    res: ResidentState, sl: slice, orders: list[Order], contact: np.ndarray, step: int
) -> list[Delivery]:
    """Rank and serve some orders of one community (one contiguous score row each)."""
    size = sl.stop - sl.start
    domains = [o.domain for o in orders]
    knowledge = np.array([o.knowledge for o in orders])[:, None]
    need = res.need[sl].T[domains]  # (orders, residents), rows contiguous
    score = need * knowledge
    score += (1.0 - knowledge) * contact[sl]
    out = []
    for j, order in enumerate(orders):
        k = min(order.capacity, size)
        if k < size:
            chosen = np.argpartition(score[j], size - k)[size - k :]
        else:
            chosen = np.arange(size)
        out.append(_apply(res, sl, order, chosen, need[j, chosen], step))
    return out


def _apply(
    res: ResidentState, sl: slice, order: Order, chosen: np.ndarray, match: np.ndarray, step: int
) -> Delivery:
    """Record one order's services on the residents it chose."""
    idx = chosen + sl.start
    experience = np.sqrt(order.quality * match)
    res.served[idx] = True
    res.last_served[idx] = step
    res.experience[idx] = np.maximum(res.experience[idx], experience)
    if order.by_organization:
        res.org_experience[idx] = np.maximum(res.org_experience[idx], experience)
        res.awareness[idx] = 1.0
    k = chosen.size
    best = float(res.best_need[sl.start + k - 1, order.domain])
    return Delivery(k, float(match.sum()), best, order.quality * k, float(experience.sum()))


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
    """
    lr = p.learning
    served = res.served
    unmet = res.needy & ~served
    s = m.satisfaction
    pull = np.where(served, res.experience, s.unmet_level) - res.satisfaction
    res.satisfaction += np.where(served, lr, np.where(unmet, s.unmet_learning * lr, 0.0)) * pull
    by_org = res.org_experience >= 0.0
    res.trust += (lr * by_org) * (res.org_experience - res.trust)


def _social(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    neighbours: np.ndarray,
    disclosure: float,
    reputation: float,
) -> None:
    """Word of mouth on the graph, forgetting, and what public information shows.

    Disclosure carries no premium: it makes organizations known and pulls trust
    toward their actual mean reputation, which may be low.
    """
    has_ties = res.inv_degree > 0
    w = p.word_of_mouth * has_ties
    res.trust += w * (neighbours[:, 0] - res.trust)
    res.awareness += w * np.maximum(neighbours[:, 1] - res.awareness, 0.0)
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
    """
    i = m.identity
    res.identity += p.identity_decay * (res.identity_base - res.identity)
    attend = building * np.where(participating, i.reach_participants, i.reach_others)
    gain = i.participation_gain * participating + i.activity_gain * attend
    res.identity += gain * (1.0 - res.identity)


def _efficacy(
    res: ResidentState, m: MechanismSettings, innovation: float, responsiveness: np.ndarray
) -> None:
    """Perceived efficacy follows how responsive services are, and decision rights.

    ``responsiveness`` is per community (the needs match of what it received).
    """
    e = m.efficacy
    target = e.base + e.decision_weight * innovation
    target = target + e.responsiveness_weight * responsiveness[res.community]
    res.efficacy += e.rate * (np.minimum(target, 1.0) - res.efficacy)


def _participation(
    res: ResidentState,
    p: ResidentSettings,
    m: MechanismSettings,
    peer: np.ndarray,
    innovation: float,
    step: int,
    rng: np.random.Generator,
) -> None:
    """A share of residents reconsider taking part (logit choice with peer influence).

    Only the revising residents' utilities are computed and only they draw
    their choices: with a 10% revision rate that is a tenth of the work.
    """
    recent = step - res.last_served < m.participation.user_window
    who = np.flatnonzero(rng.random(res.n) < p.revision_rate)
    cost = p.cost * (1.0 - m.participation.decision_cost_cut * innovation)
    utility = (
        p.base_utility
        - cost
        + p.identity_weight * res.identity[who]
        + p.trust_weight * res.trust[who]
        + p.peer_weight * peer[who]
        + p.efficacy_weight * res.efficacy[who]
        + m.awareness.weight * res.awareness[who]
    )
    draws = rng.random((2, who.size))
    joins = draws[0] < 1.0 / (1.0 + np.exp(-utility))
    volunteers = draws[1] < p.volunteer_share * res.identity[who]
    res.state[who] = np.where(
        joins,
        np.where(volunteers, State.VOLUNTEER, State.PARTICIPANT),
        np.where(recent[who], State.USER, State.INACTIVE),
    )
    # service users who stop being served return to inactive without deciding anything
    passive = res.state <= State.USER
    res.state[passive] = np.where(recent[passive], State.USER, State.INACTIVE)


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
    participation. One sparse product gives each resident the mean of its
    neighbours' trust, awareness and participation (the peer signal).

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
    signals = np.column_stack((res.trust, res.awareness, participating.astype(float)))
    neighbours = (res.adjacency @ signals) * res.inv_degree[:, None]
    _social(res, p, m, neighbours, levers.disclosure, reputation)
    _identity(res, p, m, levers.identity_building, participating)
    _efficacy(res, m, levers.innovation, responsiveness)
    _participation(res, p, m, neighbours[:, 2], levers.innovation, step, rng)
    np.clip(res.trust, 0.0, 1.0, out=res.trust)
    np.clip(res.awareness, 0.0, 1.0, out=res.awareness)
