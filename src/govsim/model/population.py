"""The resident population as arrays (the monthly kernels are in :mod:`govsim.model.kernels`).

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

from govsim.config.schema import DOMAINS, PopulationSettings, Scenario
from govsim.model.compiled import count_peers
from govsim.model.selection import NeedRanking

__all__ = ["AGE_GROUPS", "NEVER_SERVED", "ResidentState", "ResidentView", "State", "init_residents"]

#: ``last_served`` of a resident never served: far before any month, warm-up included.
NEVER_SERVED = int(np.iinfo(np.int32).min)

#: Age groups, in the order of ``population.age_shares`` and the need profiles.
AGE_GROUPS: tuple[str, ...] = ("families", "adolescents", "working_age", "elderly")


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
        need: (n, len(DOMAINS)) needs in [0, 1], stored domain by domain (column-major):
            providers rank one domain's needs over a community, a contiguous run.
        needy: whether a resident has a need above the threshold in some domain.
        awareness: awareness of social organizations, [0, 1].
        trust: trust in social organizations, [0, 1].
        identity: identity with the community, [0, 1].
        identity_base: the level identity relaxes to without activities.
        satisfaction: satisfaction with public services, [0, 1].
        efficacy: perceived efficacy of participating, [0, 1].
        state: participation state (:class:`State`).
        last_served: last month the resident received a service (NEVER_SERVED if never).
        served: served this month.
        experience: best service experience this month (quality and match).
        org_experience: best experience this month from an organization (-1 none).
        adjacency: the social graph (CSR, symmetric).
        inv_degree: 1 / degree (0 for isolated residents).
        bounds: start index of each community, plus n at the end.
        needy_count: how many residents are needy (needs never change).
        needy_per_community: the same per community (floats).
        best_need: per community slice and domain, the cumulative sum of needs
            sorted from the largest: ``best_need[start + k - 1, d]`` is the most
            need ``k`` services in domain ``d`` could meet there (for targeting).
        peers_counted: how many neighbours take part, as of ``counted_taking_part``
            (read it through :meth:`peers_taking_part`, which brings it up to date).
        counted_taking_part: who took part when ``peers_counted`` was last brought
            up to date.
        need_rankings: per community, its residents by need in each domain, made
            when delivery first needs them (large communities only, see
            :mod:`govsim.model.selection`).
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
    best_need: np.ndarray = field(init=False)
    needy_count: int = field(init=False)
    needy_per_community: np.ndarray = field(init=False)
    served: np.ndarray = field(init=False)
    experience: np.ndarray = field(init=False)
    org_experience: np.ndarray = field(init=False)
    peers_counted: np.ndarray = field(init=False)
    counted_taking_part: np.ndarray = field(init=False)
    need_rankings: dict[int, NeedRanking] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n = self.community.size
        self.need = np.asfortranarray(self.need)
        self.served = np.zeros(n, dtype=bool)
        self.experience = np.zeros(n)
        self.org_experience = np.full(n, -1.0)
        # Nobody counted yet: the first update counts every participant's ties.
        # A count never exceeds the ties of the graph, which its index type holds.
        self.peers_counted = np.zeros(n, dtype=self.adjacency.indptr.dtype)
        self.counted_taking_part = np.zeros(n, dtype=bool)
        self.need_rankings = {}
        # Communities and needs never change: their sizes and starts are kept, not recomputed.
        self._sizes = np.diff(self.bounds)
        self._sizes.flags.writeable = False
        self._largest = int(self._sizes.max(initial=0))
        self._starts = self.bounds[:-1][self._sizes > 0]
        self._divisors = np.maximum(self._sizes, 1)
        self.needy_count = int(np.count_nonzero(self.needy))
        self.needy_per_community = self.per_community(self.needy)
        self.best_need = np.empty_like(self.need)
        for c in range(self.bounds.size - 1):
            sl = self.community_slice(c)
            ranked = -np.sort(-self.need[sl], axis=0)
            self.best_need[sl] = np.cumsum(ranked, axis=0)

    @property
    def n(self) -> int:
        """Number of residents."""
        return int(self.community.size)

    def community_slice(self, c: int) -> slice:
        """The index range of community ``c``."""
        return slice(int(self.bounds[c]), int(self.bounds[c + 1]))

    @property
    def need_by_domain(self) -> np.ndarray:
        """``need`` as (domains, residents), each row contiguous (a view, not a copy)."""
        return self.need.T

    def per_community(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (one row per resident) over each community; empty ones give 0."""
        if self._starts.size == self._sizes.size and values.shape[0]:  # no empty community
            return np.add.reduceat(values, self._starts, axis=0).astype(float, copy=False)
        out = np.zeros((self.bounds.size - 1, *values.shape[1:]))
        if values.shape[0]:
            out[self._sizes > 0] = np.add.reduceat(values, self._starts, axis=0)
        return out

    def per_community_mean(self, values: np.ndarray) -> np.ndarray:
        """Mean of ``values`` (one row per resident) over each community; empty ones give 0."""
        sums = self.per_community(values)
        return sums / (self._divisors if sums.ndim == 1 else self._divisors[:, None])

    def largest(self) -> int:
        """Residents in the largest community."""
        return self._largest

    def sizes(self) -> np.ndarray:
        """Residents per community (read-only)."""
        return self._sizes

    def participating(self) -> np.ndarray:
        """Mask of participants and volunteers."""
        return self.state >= State.PARTICIPANT

    def peers_taking_part(self, participating: np.ndarray | None = None) -> np.ndarray:
        """How many of each resident's neighbours take part (the graph's product, kept).

        The graph is 0/1 and symmetric, so this count is an exact integer, the
        very number the product ``adjacency @ participating`` gives in any order
        of addition. It is kept rather than recomputed: only the residents whose
        taking part changed since the last call add (or remove) one to each of
        their neighbours' counts, a scatter over their own rows of the graph
        (about one resident in a hundred a month, where the product reads every tie).
        Changes are found by comparing with the mask last counted, so the count
        stays right whatever wrote ``state`` (and it travels with a pickle).

        Args:
            participating: :meth:`participating`, if the caller already has it.

        Returns:
            The counts, one per resident (the kept array itself: do not modify it).
        """
        if participating is None:
            participating = self.participating()
        count_peers(
            self.adjacency.indptr,
            self.adjacency.indices,
            participating,
            self.counted_taking_part,
            self.peers_counted,
        )
        return self.peers_counted


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


def _beta(mean: float, n: int, rng: np.random.Generator, concentration: float) -> np.ndarray:
    """Draws in [0, 1] with the given mean (a degenerate mean gives a constant)."""
    if mean <= 0.0 or mean >= 1.0:
        return np.full(n, float(mean))
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, n)


def _need_profiles(pop: PopulationSettings) -> np.ndarray:
    return np.array(
        [pop.need_families, pop.need_adolescents, pop.need_working_age, pop.need_elderly]
    )


def init_residents(
    community: np.ndarray,
    n_communities: int,
    adjacency: sp.csr_matrix,
    scenario: Scenario,
    rng: np.random.Generator,
) -> ResidentState:
    """Draw the initial residents.

    Args:
        community: community per resident (contiguous blocks).
        n_communities: number of communities (some may be empty).
        adjacency: the social graph.
        scenario: the scenario (its ``residents``, ``population`` and efficacy settings).
        rng: the model's seeded generator.
    """
    params, pop = scenario.residents, scenario.population
    n = community.size
    spread = pop.opinion_spread
    age = rng.choice(len(AGE_GROUPS), size=n, p=np.asarray(pop.age_shares)).astype(np.int8)
    noise = rng.normal(0.0, pop.need_noise, (n, len(DOMAINS)))
    need = np.clip(_need_profiles(pop)[age] + noise, 0.0, 1.0)
    identity = _beta(params.identity, n, rng, spread)
    state = np.where(rng.random(n) < params.participation, State.PARTICIPANT, State.INACTIVE)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    inv_degree = np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
    bounds = np.searchsorted(community, np.arange(n_communities + 1)).astype(np.int64)
    return ResidentState(
        community=community,
        age_group=age,
        need=need,
        needy=need.max(axis=1) > params.need_threshold,
        awareness=_beta(params.awareness, n, rng, spread),
        trust=_beta(params.trust, n, rng, spread),
        identity=identity,
        identity_base=identity.copy(),
        satisfaction=_beta(params.satisfaction, n, rng, spread),
        efficacy=np.full(n, scenario.mechanisms.efficacy.initial),
        state=state.astype(np.int8),
        last_served=np.full(n, NEVER_SERVED, dtype=np.int32),
        adjacency=adjacency,
        inv_degree=inv_degree,
        bounds=bounds,
    )
