"""The resident population as arrays, and the monthly resident kernels.

Residents are not Mesa agents: their state lives here, in arrays indexed by
resident, so that one month of 100,000 residents is a handful of numpy and
``scipy.sparse`` operations, and building them creates no Python object per
resident. The arrays are owned by the model; :class:`ResidentView` shows one
resident as an object for users who want to inspect one.

Residents are sorted by community, so each community is a contiguous slice:
per-community sums are ``np.add.reduceat`` and targeting a community touches
only its slice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from govsim.config.schema import DOMAINS, ResidentSettings

__all__ = [
    "AGE_GROUPS",
    "NEED_PROFILES",
    "Delivery",
    "ResidentState",
    "ResidentView",
    "State",
    "deliver",
    "init_residents",
    "monthly_update",
    "reach",
    "start_month",
]

#: Age groups and their shares of the population.
AGE_GROUPS: tuple[str, ...] = ("families", "adolescents", "working_age", "elderly")
AGE_SHARES = np.array([0.25, 0.15, 0.35, 0.25])

#: Mean need (0-1) of each age group in each domain, in the order of DOMAINS:
#: children, adolescents, elderly, orphans, education, disability, environment,
#: construction. Orphan and disability needs are rare but intense (see noise).
NEED_PROFILES = np.array(
    [
        [0.75, 0.20, 0.15, 0.05, 0.60, 0.05, 0.35, 0.30],  # families with children
        [0.10, 0.75, 0.10, 0.05, 0.55, 0.05, 0.30, 0.20],  # adolescents
        [0.15, 0.10, 0.20, 0.05, 0.25, 0.05, 0.50, 0.45],  # working age
        [0.05, 0.05, 0.80, 0.05, 0.15, 0.20, 0.35, 0.30],  # elderly
    ]
)


#: Satisfaction that an unmet need drifts toward.
UNMET_SATISFACTION = 0.2


class State:
    """Participation states (int8 codes)."""

    INACTIVE = 0
    USER = 1
    PARTICIPANT = 2
    VOLUNTEER = 3
    NAMES = ("inactive", "service user", "participant", "volunteer")


@dataclass
class ResidentState:
    """All resident variables, one array entry per resident.

    Attributes:
        community: community index (non-decreasing).
        age_group: index into :data:`AGE_GROUPS`.
        need: (n, len(DOMAINS)) needs in [0, 1].
        needy: whether a resident has a need above the threshold in some domain.
        awareness: awareness of social organizations, [0, 1].
        trust: trust in social organizations, [0, 1].
        identity: identity with the community, [0, 1].
        identity_base: the level identity relaxes to without activities.
        satisfaction: satisfaction with public services, [0, 1].
        efficacy: perceived efficacy of participating, [0, 1].
        state: participation state (:class:`State`).
        last_served: last month the resident received a service (-1 never).
        served: served this month.
        experience: best service experience this month (quality and match).
        org_experience: best experience this month from an organization (-1 none).
        adjacency: the social graph (CSR, symmetric).
        inv_degree: 1 / degree (0 for isolated residents).
        bounds: start index of each community, plus n at the end.
    """

    community: np.ndarray
    age_group: np.ndarray
    need: np.ndarray
    needy: np.ndarray
    awareness: np.ndarray
    trust: np.ndarray
    identity: np.ndarray
    identity_base: np.ndarray
    satisfaction: np.ndarray
    efficacy: np.ndarray
    state: np.ndarray
    last_served: np.ndarray
    adjacency: sp.csr_matrix
    inv_degree: np.ndarray
    bounds: np.ndarray
    served: np.ndarray = field(init=False)
    experience: np.ndarray = field(init=False)
    org_experience: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = self.community.size
        self.served = np.zeros(n, dtype=bool)
        self.experience = np.zeros(n)
        self.org_experience = np.full(n, -1.0)

    @property
    def n(self) -> int:
        """Number of residents."""
        return int(self.community.size)

    def community_slice(self, c: int) -> slice:
        """The index range of community ``c``."""
        return slice(int(self.bounds[c]), int(self.bounds[c + 1]))

    def per_community(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` over each community (empty communities give 0)."""
        out = np.zeros(self.bounds.size - 1)
        sizes = np.diff(self.bounds)
        nonempty = sizes > 0
        if values.size:
            out[nonempty] = np.add.reduceat(values, self.bounds[:-1][nonempty])
        return out

    def sizes(self) -> np.ndarray:
        """Residents per community."""
        return np.diff(self.bounds)

    def participating(self) -> np.ndarray:
        """Mask of participants and volunteers."""
        return self.state >= State.PARTICIPANT


class ResidentView:
    """A read-only view of one resident, for inspection (the arrays are the state).

    Args:
        state: the population.
        index: the resident's row.
    """

    def __init__(self, state: ResidentState, index: int):
        self._state = state
        self.index = index

    def __repr__(self) -> str:
        return (
            f"ResidentView({self.index}, community={self.community}, state={self.state!r}, "
            f"trust={self.trust:.2f}, identity={self.identity:.2f})"
        )

    @property
    def community(self) -> int:
        """Community index."""
        return int(self._state.community[self.index])

    @property
    def trust(self) -> float:
        """Trust in social organizations."""
        return float(self._state.trust[self.index])

    @property
    def identity(self) -> float:
        """Identity with the community."""
        return float(self._state.identity[self.index])

    @property
    def awareness(self) -> float:
        """Awareness of social organizations."""
        return float(self._state.awareness[self.index])

    @property
    def satisfaction(self) -> float:
        """Satisfaction with public services."""
        return float(self._state.satisfaction[self.index])

    @property
    def state(self) -> str:
        """Participation state name."""
        return State.NAMES[int(self._state.state[self.index])]

    @property
    def needs(self) -> dict[str, float]:
        """Need in each domain."""
        return dict(zip(DOMAINS, self._state.need[self.index].tolist(), strict=True))


def _beta(mean: float, n: int, rng: np.random.Generator, concentration: float = 8.0) -> np.ndarray:
    """Draws in [0, 1] with the given mean (a degenerate mean gives a constant)."""
    if mean <= 0.0 or mean >= 1.0:
        return np.full(n, float(mean))
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, n)


def init_residents(
    community: np.ndarray,
    n_communities: int,
    adjacency: sp.csr_matrix,
    params: ResidentSettings,
    rng: np.random.Generator,
) -> ResidentState:
    """Draw the initial residents.

    Args:
        community: community per resident (contiguous blocks).
        n_communities: number of communities (some may be empty).
        adjacency: the social graph.
        params: resident parameters of the scenario.
        rng: the model's seeded generator.
    """
    n = community.size
    age = rng.choice(len(AGE_GROUPS), size=n, p=AGE_SHARES).astype(np.int8)
    noise = rng.normal(0.0, 0.15, (n, len(DOMAINS)))
    need = np.clip(NEED_PROFILES[age] + noise, 0.0, 1.0)
    identity = _beta(params.identity, n, rng)
    state = np.where(rng.random(n) < params.participation, State.PARTICIPANT, State.INACTIVE)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    inv_degree = np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
    bounds = np.searchsorted(community, np.arange(n_communities + 1)).astype(np.int64)
    return ResidentState(
        community=community,
        age_group=age,
        need=need,
        needy=need.max(axis=1) > params.need_threshold,
        awareness=_beta(params.awareness, n, rng),
        trust=_beta(params.trust, n, rng),
        identity=identity,
        identity_base=identity.copy(),
        satisfaction=_beta(params.satisfaction, n, rng),
        efficacy=np.full(n, 0.2),
        state=state.astype(np.int8),
        last_served=np.full(n, -1, dtype=np.int32),
        adjacency=adjacency,
        inv_degree=inv_degree,
        bounds=bounds,
    )


@dataclass
class Delivery:
    """What one project delivered this month (for metrics and the provider)."""

    services: int = 0
    match_sum: float = 0.0
    quality_sum: float = 0.0
    experience_sum: float = 0.0


def deliver(
    res: ResidentState,
    community: int,
    domain: int,
    capacity: int,
    quality: float,
    knowledge: float,
    noise: np.ndarray,
    step: int,
    by_organization: bool,
) -> Delivery:
    """Serve up to ``capacity`` residents of a community in one domain.

    The provider ranks residents by what it knows: with knowledge k, by
    ``k * need + (1 - k) * reach``, so an uninformed provider serves whoever
    it happens to reach (``reach`` is random, tilted toward residents aware
    of organizations; see :func:`reach`) and an informed one serves those who
    need it most. A served resident's
    experience is ``sqrt(quality * need)``: a good service of something not
    needed does not satisfy.

    Args:
        res: resident state (modified in place).
        community: community index.
        domain: domain index.
        capacity: services available this month.
        quality: quality of each service, [0, 1].
        knowledge: provider's knowledge of real needs, [0, 1].
        noise: this month's reach of each resident (:func:`reach`).
        step: current month.
        by_organization: whether the provider is a social organization.

    Returns:
        The delivery record.
    """
    sl = res.community_slice(community)
    size = sl.stop - sl.start
    k = min(capacity, size)
    if k <= 0:
        return Delivery()
    need = res.need[sl, domain]
    score = need * knowledge
    score += (1.0 - knowledge) * noise[sl]
    if k < size:
        chosen = np.argpartition(score, size - k)[size - k :]
    else:
        chosen = np.arange(size)
    idx = chosen + sl.start
    match = need[chosen]
    experience = np.sqrt(quality * match)
    res.served[idx] = True
    res.last_served[idx] = step
    res.experience[idx] = np.maximum(res.experience[idx], experience)
    if by_organization:
        res.org_experience[idx] = np.maximum(res.org_experience[idx], experience)
        res.awareness[idx] = 1.0
    return Delivery(k, float(match.sum()), quality * k, float(experience.sum()))


def reach(res: ResidentState, rng: np.random.Generator) -> np.ndarray:
    """This month's chance-of-contact score per resident: random, higher if aware."""
    return 0.85 * rng.random(res.n) + 0.15 * res.awareness


def start_month(res: ResidentState) -> None:
    """Clear this month's service records before delivery."""
    res.served[:] = False
    res.experience[:] = 0.0
    res.org_experience[:] = -1.0


#: Trust added to reputation when organizations' information is public and supervised.
TRANSPARENCY_PREMIUM = 0.25
#: Participation utility shift per unit of awareness of organizations.
AWARENESS_WEIGHT = 0.5


def _experience(res: ResidentState, p: ResidentSettings, needy: np.ndarray) -> None:
    """Satisfaction and trust learn from this month's services.

    Written as whole-array arithmetic with 0/1 weights rather than masked
    updates: cheaper at 100,000 residents than gathering and scattering.
    """
    lr = p.learning
    served = res.served
    unmet = needy & ~served
    pull = np.where(served, res.experience, UNMET_SATISFACTION) - res.satisfaction
    res.satisfaction += np.where(served, lr, np.where(unmet, 0.1 * lr, 0.0)) * pull
    by_org = res.org_experience >= 0.0
    res.trust += (lr * by_org) * (res.org_experience - res.trust)


def _social(
    res: ResidentState,
    p: ResidentSettings,
    neighbours: np.ndarray,
    disclosure: float,
    reputation: float,
) -> None:
    """Word of mouth on the graph, and what public information adds."""
    has_ties = res.inv_degree > 0
    w = p.word_of_mouth * has_ties
    res.trust += w * (neighbours[:, 0] - res.trust)
    res.awareness += w * np.maximum(neighbours[:, 1] - res.awareness, 0.0)
    res.awareness *= 0.99  # organizations one never hears of again are forgotten
    if disclosure > 0.0:
        res.awareness += 0.05 * disclosure * (1.0 - res.awareness)
        # public, supervised information earns organizations a transparency premium
        target = min(1.0, reputation + TRANSPARENCY_PREMIUM)
        res.trust += 0.01 * disclosure * (target - res.trust)


def _identity(
    res: ResidentState, p: ResidentSettings, building: float, participating: np.ndarray
) -> None:
    """Identity relaxes to its baseline; activities and taking part build it."""
    res.identity += p.identity_decay * (res.identity_base - res.identity)
    gain = 0.01 * participating + 0.012 * building
    res.identity += gain * (1.0 - res.identity)


def _efficacy(res: ResidentState, innovation: float, responsiveness: np.ndarray) -> None:
    """Perceived efficacy follows how responsive services are to residents' needs.

    ``responsiveness`` is per community (the needs match of what it received).
    """
    target = 0.15 + 0.3 * innovation + 0.4 * responsiveness[res.community]
    res.efficacy += 0.1 * (target - res.efficacy)


def _participation(
    res: ResidentState,
    p: ResidentSettings,
    peer: np.ndarray,
    innovation: float,
    step: int,
    rng: np.random.Generator,
) -> None:
    """A share of residents reconsider taking part (logit choice with peer influence).

    Only the revising residents' utilities are computed and only they draw
    their choices: with a 10% revision rate that is a tenth of the work.
    """
    recent = (res.last_served >= 0) & (step - res.last_served < 12)
    who = np.flatnonzero(rng.random(res.n) < p.revision_rate)
    utility = (
        p.base_utility
        - p.cost * (1.0 - 0.3 * innovation)
        + p.identity_weight * res.identity[who]
        + p.trust_weight * res.trust[who]
        + p.peer_weight * peer[who]
        + p.efficacy_weight * res.efficacy[who]
        + AWARENESS_WEIGHT * res.awareness[who]
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
    *,
    step: int,
    disclosure: float,
    reputation: float,
    identity_building: float,
    innovation: float,
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
        step: current month.
        disclosure: information-disclosure lever.
        reputation: mean reputation of active organizations (what disclosure shows).
        identity_building: community-identity lever.
        innovation: participation-innovation lever.
        responsiveness: needs match of services per community this month.
        rng: the model's dynamics generator.
    """
    _experience(res, p, res.needy)
    participating = res.participating()
    signals = np.column_stack((res.trust, res.awareness, participating.astype(float)))
    neighbours = (res.adjacency @ signals) * res.inv_degree[:, None]
    _social(res, p, neighbours, disclosure, reputation)
    _identity(res, p, identity_building, participating)
    _efficacy(res, innovation, responsiveness)
    _participation(res, p, neighbours[:, 2], innovation, step, rng)
    np.clip(res.trust, 0.0, 1.0, out=res.trust)
    np.clip(res.awareness, 0.0, 1.0, out=res.awareness)
