"""Procurement on arrays gives the numbers of the per-bidder definitions, draw for draw.

``Government.award``, ``tender`` and ``offered`` work on arrays for speed; the
references here are the straightforward loops they replaced (``bid_score`` for
each bidder, the running sum of the tender recomputed after every drop, each
organization and community in turn). Organizations are given random traits so
that every term of a bid's score and every branch of eligibility matters.
"""

import numpy as np
import pytest

from govsim import GovernanceModel
from govsim.config.schema import DOMAINS
from govsim.model.organizations import Grade, OrgStatus, Origin, Project


@pytest.mark.parametrize("scale", [0.0, 0.05, 1.0])
@pytest.mark.parametrize("size", [1, 2, 7, 300])
def test_one_normal_draw_of_many_equals_one_draw_at_a_time(scale, size):
    for seed in range(5):
        one_by_one = np.random.default_rng(seed)
        at_once = np.random.default_rng(seed)
        each = [one_by_one.normal(0.0, scale) for _ in range(size)]
        together = at_once.normal(0.0, scale, size=size)
        assert np.array_equal(np.array(each), together)
        assert one_by_one.bit_generator.state == at_once.bit_generator.state
        # and what comes next is the same too
        assert one_by_one.normal() == at_once.normal()


def _shuffled_street(seed: int, n_communities: int = 5) -> GovernanceModel:
    """A street whose organizations differ in every trait a bid's score reads."""
    model = GovernanceModel(
        "baseline",
        seed=seed,
        n_residents=6000,
        n_communities=n_communities,
        warmup_months=0,
        per_10k_residents=80.0,
    )
    rng = np.random.default_rng(seed + 100)
    model.levers.disclosure = float(rng.random())
    model.levers.evaluation = float(rng.random())
    statuses = list(OrgStatus)
    for org in model.organizations:
        org.grade = list(Grade)[rng.integers(len(Grade))]
        org.status = OrgStatus.ACTIVE if rng.random() < 0.8 else statuses[rng.integers(4)]
        org.origin = Origin.INTRODUCED if rng.random() < 0.3 else Origin.CULTIVATED
        org.home = int(rng.integers(n_communities))
        org.reputation = float(rng.random())
        org.knowledge = float(rng.random())
        org.independence = float(rng.random())
        org.staff = int(rng.integers(0, 4))
        org.volunteer_capacity = float(rng.random() * 20)
        org.domains = tuple(int(d) for d in rng.choice(len(DOMAINS), size=2, replace=False))
        org.projects = [
            Project(int(rng.integers(n_communities)), int(rng.integers(len(DOMAINS))), 1.0)
            for _ in range(rng.integers(3))
        ]
    return model


def _random_projects(model: GovernanceModel, rng: np.random.Generator, n: int) -> list:
    n_comm = model.scenario.world.n_communities
    budgets = rng.choice([5_000.0, 20_000.0, 60_000.0, 200_000.0], size=n)
    return [(int(rng.integers(n_comm)), int(rng.integers(len(DOMAINS))), float(b)) for b in budgets]


def _reference_award(government, projects) -> None:
    """The per-bidder award loop: bid_score for each bidder, in order."""
    model = government.model
    extra = model.scenario.mechanisms.procurement.extra_projects
    orgs = [o for o in model.organizations if o.status is OrgStatus.ACTIVE]
    for o in model.organizations:
        o.incumbent = {(pr.community, pr.domain) for pr in o.projects}
        o.projects = []
    government.unawarded = 0.0
    for community, domain, budget in projects:
        bidders = [
            o
            for o in orgs
            if domain in o.domains and o.serves(community) and len(o.projects) < extra + o.staff
        ]
        if not bidders:
            government.unawarded += budget
            continue
        scores = [government.bid_score(o, community, domain, budget) for o in bidders]
        winner = bidders[int(np.argmax(scores))]
        winner.projects.append(Project(community, domain, budget))


def _outcome(model: GovernanceModel) -> tuple:
    return (
        [
            (o.unique_id, [(p.community, p.domain, p.budget) for p in o.projects])
            for o in model.organizations
        ],
        [(o.unique_id, sorted(o.incumbent)) for o in model.organizations],
        model.government.unawarded,
        model.rng_dyn.bit_generator.state,
    )


@pytest.mark.parametrize("seed", range(6))
def test_award_on_arrays_picks_the_winners_of_the_per_bidder_scores(seed):
    model = _shuffled_street(seed)
    projects = _random_projects(model, np.random.default_rng(seed), 150)
    start = model.rng_dyn.bit_generator.state
    held = {o.unique_id: list(o.projects) for o in model.organizations}

    model.government.award(projects)
    fast = _outcome(model)

    model.rng_dyn.bit_generator.state = start
    for o in model.organizations:
        o.projects = list(held[o.unique_id])
    _reference_award(model.government, projects)
    assert fast == _outcome(model)
    assert sum(len(o.projects) for o in model.organizations) > 0


def test_award_without_active_organizations_leaves_every_project_unawarded():
    model = _shuffled_street(0)
    for org in model.organizations:
        org.status = OrgStatus.SUSPENDED
    state = model.rng_dyn.bit_generator.state
    model.government.award([(0, 0, 10.0), (1, 1, 20.0)])
    assert model.government.unawarded == 30.0
    assert model.rng_dyn.bit_generator.state == state


def _reference_tender(government, perceived) -> list:
    """The tender that summed the remaining cells anew after each drop."""
    model = government.model
    g = model.scenario.government
    exponent = model.scenario.mechanisms.procurement.need_exponent
    sizes = model.residents.sizes().astype(float)
    weight = perceived**exponent * sizes[:, None] * _reference_offered(government)
    if government.purchase_budget <= 0 or weight.sum() <= 0:
        return []
    cells = sorted(zip(*np.nonzero(weight), strict=True), key=lambda c: -weight[c])
    while cells:
        total = sum(weight[c] for c in cells)
        if government.purchase_budget * weight[cells[-1]] / total >= g.min_project_budget:
            return government._lots(cells, weight, total)
        cells.pop()
    return []


def _reference_offered(government) -> np.ndarray:
    model = government.model
    n_comm = model.scenario.world.n_communities
    mask = np.zeros((n_comm, len(DOMAINS)))
    for org in model.organizations:
        if org.status is OrgStatus.ACTIVE:
            for c in range(n_comm):
                if org.serves(c):
                    mask[c, list(org.domains)] = 1.0
    return mask


@pytest.mark.parametrize("seed", range(6))
def test_tender_and_offered_give_the_reference_numbers(seed):
    model = _shuffled_street(seed, n_communities=9)
    government = model.government
    rng = np.random.default_rng(seed)
    assert np.array_equal(government.offered(), _reference_offered(government))
    min_budget = model.scenario.government.min_project_budget
    for budget in (0.0, min_budget, 7 * min_budget, 40 * min_budget, 1e4 * min_budget):
        government.purchase_budget = budget
        perceived = rng.random((9, len(DOMAINS))) ** 3
        fast = government.tender(perceived)
        assert fast == _reference_tender(government, perceived)
        assert [type(b) for _, _, b in fast] == [
            type(b) for _, _, b in _reference_tender(government, perceived)
        ]


@pytest.mark.parametrize("seed", range(4))
def test_scores_on_arrays_are_bid_scores_bit_for_bit(seed):
    from govsim.model.government import _Round

    model = _shuffled_street(seed)
    government = model.government
    for o in model.organizations:
        o.incumbent = {(pr.community, pr.domain) for pr in o.projects}
        o.projects = o.projects[:1]  # some budget already committed this round
    orgs = [o for o in model.organizations if o.status is OrgStatus.ACTIVE]
    bids = _Round(government, orgs)
    bids.committed[:] = [sum(pr.budget for pr in o.projects) for o in orgs]
    everyone = np.arange(len(orgs))
    for community, domain, budget in _random_projects(model, np.random.default_rng(seed), 20):
        start = model.rng_dyn.bit_generator.state
        fast = bids.scores(everyone, community, domain, budget)
        model.rng_dyn.bit_generator.state = start
        slow = [government.bid_score(o, community, domain, budget) for o in orgs]
        assert fast.tolist() == slow
