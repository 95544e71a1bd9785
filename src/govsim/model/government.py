"""The street government: one budget, procurement, installments and in-house services.

Every yuan the government spends comes out of one yearly service budget
(``government.budget_per_resident``): purchases are committed when projects are
awarded; programme payments of the countermeasures (title allowances, salary
support, incentive funds) are paid from what is left; community workers spend
the rest, spread over the remaining months. A countermeasure that costs money
therefore takes it from in-house services, and spending never exceeds the
budget. Coefficients are scenario parameters (``[government]``,
``[mechanisms.procurement]``, ``[mechanisms.delivery]``).
"""

from __future__ import annotations

import itertools

import mesa
import numpy as np

from govsim.config.schema import DOMAINS
from govsim.model import institutions
from govsim.model.context import ModelContext
from govsim.model.kernels import Orders
from govsim.model.organizations import (
    MONTHS,
    Grade,
    OrgStatus,
    Project,
    SocialOrganization,
    offers_matrix,
    serves_matrix,
)

__all__ = ["Government"]


class Government(mesa.Agent):
    """The street government: budget, delegation, procurement, in-house services.

    Attributes:
        priorities: its own priorities over the domains (sum 1).
        purchase_budget: this year's planned purchases (yuan).
        account: money of this year's budget not yet committed or spent (yuan).
        unawarded: planned purchases no organization could take this year (yuan).
    """

    model: ModelContext

    def __init__(self, model: ModelContext):
        super().__init__(model)
        g = model.scenario.government
        if g.priorities:
            self.priorities = np.asarray(g.priorities, dtype=float) / sum(g.priorities)
        else:
            alpha = np.full(len(DOMAINS), g.priority_concentration)
            self.priorities = model.rng_init.dirichlet(alpha)
        self.purchase_budget = 0.0
        self.account = 0.0
        self.unawarded = 0.0
        # the in-house plan of the current picture of needs (see _inhouse_plan)
        self._plan: tuple[tuple, tuple[Orders, np.ndarray]] | None = None

    # -- the picture of needs -------------------------------------------------------

    def perceived_needs(self, information: np.ndarray) -> np.ndarray:
        """Its picture of needs per community and domain.

        Args:
            information: per community, 0..1, how much of residents' real needs
                reaches the government.

        Returns:
            Array (communities, domains): a blend of its own priorities and the
            true mean needs, weighted by information.
        """
        bias = self.model.scenario.government.needs_bias
        w = (1.0 - bias) + bias * information
        true = self.model.mean_needs
        return (1.0 - w)[:, None] * self.priorities[None, :] + w[:, None] * true

    # -- the yearly budget and procurement ------------------------------------------

    def yearly_budget(self) -> float:
        """This year's whole service budget (yuan)."""
        return self.model.scenario.government.budget_per_resident * self.model.residents.n

    def planned_purchases(self, budget: float) -> float:
        """Purchases planned this year: delegated, faithfully made, with yearly shocks."""
        model = self.model
        s, lv = model.scenario, model.levers
        spread = institutions.budget_volatility(s, lv)
        shock = max(0.0, 1.0 + spread * model.rng_dyn.normal())
        share = institutions.delegation(s, lv) * institutions.fidelity(s, lv)
        stop = s.government.stop_purchasing_at
        if stop and model.month_index >= stop:
            return 0.0
        return min(budget * share * shock, budget)

    def procure(self, information: np.ndarray) -> None:
        """The yearly procurement round: open the budget, tender, award, commit."""
        budget = self.yearly_budget()
        self.purchase_budget = self.planned_purchases(budget)
        projects = self.tender(self.perceived_needs(information))
        self.award(projects)
        committed = sum(pr.budget for o in self.model.organizations for pr in o.projects)
        self.account = budget - committed

    def tender(self, perceived: np.ndarray) -> list[tuple[int, int, float]]:
        """Projects (community, domain, yearly budget) sized by perceived needs.

        Only services some active organization offers in a community are
        tendered (the government cannot buy what nobody sells). Cells too small
        for a project are dropped, smallest first; the others are tendered in
        equal lots of about ``government.lot_size``, so the number of projects
        grows with the budget and the size of the street.
        """
        g = self.model.scenario.government
        exponent = self.model.scenario.mechanisms.procurement.need_exponent
        sizes = self.model.residents.sizes().astype(float)
        weight = perceived**exponent * sizes[:, None] * self.offered()
        if self.purchase_budget <= 0 or weight.sum() <= 0:
            return []
        cells = sorted(zip(*np.nonzero(weight), strict=True), key=lambda c: -weight[c])
        weights = [weight[c] for c in cells]
        # totals[k - 1] is sum(weights[:k]): sum() adds left to right from 0, and so
        # does accumulate, so each total is the very number summing anew gave
        totals = list(itertools.accumulate(weights))
        for k in range(len(cells), 0, -1):
            if self.purchase_budget * weights[k - 1] / totals[k - 1] >= g.min_project_budget:
                return self._lots(cells[:k], weight, totals[k - 1])
        return []

    def _lots(self, cells: list, weight: np.ndarray, total: float) -> list[tuple[int, int, float]]:
        lot = self.model.scenario.government.lot_size
        out = []
        for c, d in cells:
            budget = self.purchase_budget * weight[c, d] / total
            n = max(1, round(budget / lot))
            out += [(int(c), int(d), budget / n)] * n
        return out

    def offered(self) -> np.ndarray:
        """Mask (communities, domains) of services active organizations can deliver."""
        n_comm = self.model.scenario.world.n_communities
        active = [o for o in self.model.organizations if o.status is OrgStatus.ACTIVE]
        serving = serves_matrix(active, n_comm)
        offering = offers_matrix(active)
        # some active organization serves the community and offers the domain
        return (serving[:, :, None] & offering[:, None, :]).any(axis=0).astype(float)

    def award(self, projects: list[tuple[int, int, float]]) -> None:
        """Award each project to the best bidder; unawarded money stays in the account.

        Bidders are the active organizations offering the domain, serving the
        community and holding fewer than ``extra_projects`` + staff projects
        this round. Each bid scores as :meth:`bid_score` says; the scores of a
        project's bidders are computed together on arrays (:class:`_Round`),
        with the same arithmetic and the same draws in the same order.
        """
        model = self.model
        orgs = [o for o in model.organizations if o.status is OrgStatus.ACTIVE]
        for o in model.organizations:
            o.incumbent = {(pr.community, pr.domain) for pr in o.projects}
            o.projects = []
        self.unawarded = 0.0
        if not projects:
            return
        bids = _Round(self, orgs)
        for community, domain, budget in projects:
            winner = bids.winner(community, domain, budget)
            if winner is None:
                self.unawarded += budget
            else:
                winner.projects.append(Project(community, domain, budget))

    def grade_score(self, grade: Grade) -> float:
        """How much a grade counts when projects are awarded."""
        return self._grade_scores()[grade]

    def _grade_scores(self) -> dict[Grade, float]:
        p = self.model.scenario.mechanisms.procurement
        return {
            Grade.EXCELLENT: 1.0,
            Grade.GOOD: p.grade_good,
            Grade.QUALIFIED: p.grade_qualified,
            Grade.UNRATED: p.grade_unrated,
            Grade.UNQUALIFIED: 0.0,
        }

    def seen_reputation(self, org: SocialOrganization) -> float:
        """The reputation buyers and donors see: the truth as far as it is disclosed."""
        d = self.model.levers.disclosure
        prior = self.model.scenario.mechanisms.procurement.prior_reputation
        return d * org.reputation + (1.0 - d) * prior

    def bid_score(
        self, org: SocialOrganization, community: int, domain: int, budget: float
    ) -> float:
        """How the government rates a bid: grade, spare capacity, knowledge, affiliation.

        The definition of a bid's score; :meth:`award` computes the same numbers
        for all of a project's bidders at once (:class:`_Round`).
        """
        model = self.model
        p = model.scenario.mechanisms.procurement
        lv = model.levers
        price = org.nominal_price()
        needed = budget / MONTHS / price
        # the buyer looks at the capacity not yet taken by projects won this round
        committed = sum(pr.budget for pr in org.projects) / MONTHS / price
        fit = min(1.0, max(0.0, org.capacity() - committed) / max(needed, 1.0))
        affiliation = model.scenario.government.affiliation_weight * (1.0 - org.independence)
        local = p.home_bonus if community == org.home else 0.0
        # incumbents know the place and the officials: renewals are the rule
        local += p.incumbency_bonus if (community, domain) in org.incumbent else 0.0
        noise = model.rng_dyn.normal(0.0, p.award_noise)
        return (
            p.grade_weight * lv.evaluation * self.grade_score(org.grade)
            + p.fit_weight * fit
            + p.knowledge_weight * org.knowledge
            + p.reputation_weight * self.seen_reputation(org)
            + affiliation
            + local
            + noise
        )

    # -- monthly payments and in-house services -------------------------------------

    def pay_installments(self) -> None:
        """Monthly payments to organizations holding projects (committed at award)."""
        for org in self.model.organizations:
            for pr in org.projects:
                if pr.months_left > 0:
                    self.model.pay_government(org, pr.installment, "purchase")
                    pr.months_left -= 1

    def inhouse_budget(self, month: int, reserved: float) -> float:
        """This month's in-house spending: the account less the programmes' share.

        What is left after ``reserved`` is spread over the months left in the
        budget year, so the account is spent by the year's end.
        """
        months_left = MONTHS - month % MONTHS
        return max(0.0, self.account - reserved) / months_left

    def inhouse_orders(self, perceived: np.ndarray, month: int, reserved: float) -> Orders:
        """Community workers' services this month, by perceived needs; books their spending.

        This month's in-house budget buys services at ``government.inhouse_cost``,
        shared over communities by size and, in each, over the
        ``mechanisms.delivery.inhouse_domains`` domains perceived as most needed.
        Orders come community by community, the most needed domain first.
        """
        model = self.model
        g = model.scenario.government
        monthly = self.inhouse_budget(month, reserved)
        if monthly <= 0:
            return Orders.concat([])
        self.account -= monthly
        model.book_spending("inhouse", monthly)
        sizes = model.residents.sizes()
        services = monthly / g.inhouse_cost * sizes / max(sizes.sum(), 1)
        plan, share = self._inhouse_plan(perceived)
        # round half to even, as Python's round() of each order did
        capacity = np.rint(services[plan.community].reshape(share.shape) * share)
        return Orders(
            plan.community,
            plan.domain,
            capacity.astype(np.int64).ravel(),
            plan.quality,
            plan.knowledge,
            plan.by_organization,
        )

    def _inhouse_plan(self, perceived: np.ndarray) -> tuple[Orders, np.ndarray]:
        """The year's in-house orders without capacities, and each one's share of its community.

        They change only with the picture of needs (renewed at procurement) or
        the scenario, so they are worked out once for each.
        """
        key = (perceived, self.model.scenario)
        if self._plan is not None and all(a is b for a, b in zip(key, self._plan[0], strict=True)):
            return self._plan[1]
        g = self.model.scenario.government
        top_n = self.model.scenario.mechanisms.delivery.inhouse_domains
        places = np.flatnonzero(self.model.residents.sizes())
        # row by row, the same sort (and tie order) as sorting each community alone
        top = np.argsort(perceived[places], axis=1)[:, ::-1][:, :top_n]
        wanted = np.take_along_axis(perceived[places], top, axis=1)
        share = wanted / wanted.sum(axis=1, keepdims=True)
        count = top.size
        plan = Orders(
            community=np.repeat(places, top.shape[1]),
            domain=top.ravel().astype(np.int64),
            capacity=np.zeros(count, dtype=np.int64),
            quality=np.full(count, g.inhouse_quality),
            knowledge=np.full(count, g.inhouse_knowledge),
            by_organization=np.zeros(count, dtype=bool),
        )
        self._plan = (key, (plan, share))
        return plan, share


class _Round:
    """One procurement round's bidders as arrays: :meth:`Government.bid_score` for many at once.

    What does not change during the round (grade, knowledge, seen reputation,
    affiliation, home, incumbency, capacity, whom each organization may bid
    for) is taken once; projects won and budgets committed are kept up to date
    as projects are awarded. Every score is the same floating-point expression
    as ``bid_score``, term after term in the same order, so the winners are
    the same.

    Args:
        government: the buyer.
        orgs: the active organizations, in the model's order (the bidders' order).
    """

    def __init__(self, government: Government, orgs: list[SocialOrganization]):
        model = government.model
        p = model.scenario.mechanisms.procurement
        d = model.levers.disclosure
        self.orgs = orgs
        self.rng = model.rng_dyn
        self.noise = p.award_noise
        self.fit_weight = p.fit_weight
        self.home_bonus, self.incumbency_bonus = p.home_bonus, p.incumbency_bonus
        # every organization's nominal price is the same: the scenario's
        self.price = orgs[0].nominal_price() if orgs else 1.0
        grades = government._grade_scores()
        grade = np.array([grades[o.grade] for o in orgs], dtype=float)
        reputation = np.array([o.reputation for o in orgs], dtype=float)
        independence = np.array([o.independence for o in orgs], dtype=float)
        self.grade_term = p.grade_weight * model.levers.evaluation * grade
        self.knowledge_term = p.knowledge_weight * np.array(
            [o.knowledge for o in orgs], dtype=float
        )
        seen = d * reputation + (1.0 - d) * p.prior_reputation
        self.reputation_term = p.reputation_weight * seen
        self.affiliation = model.scenario.government.affiliation_weight * (1.0 - independence)
        self.home = np.array([o.home for o in orgs], dtype=np.int64)
        self.capacity = np.array([o.capacity() for o in orgs], dtype=float)
        n_comm = model.scenario.world.n_communities
        shape = (len(orgs), n_comm, len(DOMAINS))
        self.can_bid = serves_matrix(orgs, n_comm)[:, :, None] & offers_matrix(orgs)[:, None, :]
        self.incumbent = np.zeros(shape, dtype=bool)
        for i, o in enumerate(orgs):
            for community, domain in o.incumbent:
                self.incumbent[i, community, domain] = True
        extra = p.extra_projects
        self.room = np.array([extra + o.staff for o in orgs], dtype=np.int64)
        self.won = np.zeros(len(orgs), dtype=np.int64)
        # budgets won this round, added in the order won, as sum(pr.budget ...) adds them
        self.committed = np.zeros(len(orgs))

    def winner(self, community: int, domain: int, budget: float) -> SocialOrganization | None:
        """The best bidder for a project (None without bidders); books the project to it."""
        bidders = np.flatnonzero(self.can_bid[:, community, domain] & (self.won < self.room))
        if not bidders.size:
            return None
        best = bidders[int(np.argmax(self.scores(bidders, community, domain, budget)))]
        self.won[best] += 1
        self.committed[best] += budget
        return self.orgs[best]

    def scores(self, bidders: np.ndarray, community: int, domain: int, budget: float) -> np.ndarray:
        """``bid_score`` of each bidder (indices into ``orgs``), one noise draw each, in order."""
        needed = budget / MONTHS / self.price
        committed = self.committed[bidders] / MONTHS / self.price
        spare = np.maximum(0.0, self.capacity[bidders] - committed)
        fit = np.minimum(1.0, spare / max(needed, 1.0))
        local = np.where(self.home[bidders] == community, self.home_bonus, 0.0)
        local += np.where(self.incumbent[bidders, community, domain], self.incumbency_bonus, 0.0)
        # one call draws the same numbers as one call per bidder (a test checks it)
        noise = self.rng.normal(0.0, self.noise, size=bidders.size)
        score = self.grade_term[bidders] + self.fit_weight * fit
        score += self.knowledge_term[bidders]
        score += self.reputation_term[bidders]
        score += self.affiliation[bidders]
        score += local
        score += noise
        return score
