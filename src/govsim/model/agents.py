"""The Mesa agents: the street government, social organizations and enterprises.

Agents hold behaviour, never I/O, and read the model through the small
:class:`~govsim.model.context.ModelContext` Protocol. Residents are not Mesa
agents: tens of thousands of them are stepped as numpy arrays
(:mod:`govsim.model.population`), and ``model.resident(i)`` gives a read-only
view of one (docs/architecture.md says why).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import mesa
import numpy as np

from govsim.config.schema import DOMAINS
from govsim.model.context import ModelContext
from govsim.model.population import deliver

__all__ = [
    "Enterprise",
    "Government",
    "Grade",
    "Origin",
    "OrgStatus",
    "Project",
    "SocialOrganization",
]


class Origin(Enum):
    """Where an organization comes from (case study II)."""

    INTRODUCED = "introduced"
    CULTIVATED = "cultivated"


class OrgStatus(Enum):
    """Life-cycle status of an organization."""

    ACTIVE = "active"
    RESTRUCTURING = "restructuring"
    SUSPENDED = "suspended"
    EXITED = "exited"


class Grade(Enum):
    """Evaluation grades (case study IV.A.3); UNRATED before the first evaluation."""

    UNRATED = "unrated"
    EXCELLENT = "excellent"
    GOOD = "good"
    QUALIFIED = "qualified"
    UNQUALIFIED = "unqualified"


#: How much each grade counts when projects are awarded.
GRADE_SCORE = {
    Grade.UNRATED: 0.5,
    Grade.EXCELLENT: 1.0,
    Grade.GOOD: 0.75,
    Grade.QUALIFIED: 0.5,
    Grade.UNQUALIFIED: 0.0,
}

#: Sources of an organization's income, in the row order of ``income``.
INCOME_SOURCES = ("government", "enterprise", "own")
#: Skill of a newly hired ordinary staff member and of a professional.
HIRE_SKILL = 0.2
PROFESSIONAL_SKILL = 0.6
#: Share of a professional's salary the title allowance tops up at full intensity.
ALLOWANCE_SHARE = 0.4
#: Share of an ordinary staff member's salary the salary support tops up at full intensity.
SUPPORT_SHARE = 0.15
#: Projects an organization can hold beyond one per staff member (it hires as it wins).
MAX_PROJECTS_BASE = 2
#: Services a project expects per yuan, relative to the nominal price of a service.
OVERHEAD = 1.3


@dataclass
class Project:
    """A yearly service contract for one domain in one community."""

    community: int
    domain: int
    budget: float
    months_left: int = 12

    @property
    def installment(self) -> float:
        """Monthly payment."""
        return self.budget / 12.0


# ----------------------------------------------------------------- organizations


class SocialOrganization(mesa.Agent):
    """A social organization delivering services under government projects.

    Attributes:
        origin: introduced from outside or cultivated inside.
        domains: indices of the domains it serves.
        home: its home community; introduced organizations serve any community.
        staff, professionals: head counts (professionals <= staff).
        skill, management, independence, knowledge, reputation: qualities in [0, 1].
        cash: money in hand (yuan).
        income: income over the last 12 months, one row per source in
            INCOME_SOURCES (government, enterprise, own), one column per month.
        status, grade: life cycle and evaluation grade.
        projects: current government projects.
    """

    def __init__(
        self,
        model: ModelContext,
        *,
        origin: Origin,
        domains: tuple[int, ...],
        home: int,
        staff: int,
        skill: float,
        management: float,
        independence: float,
        knowledge: float,
        professional_share: float,
    ):
        super().__init__(model)
        p = model.scenario.organizations
        self.origin = origin
        self.domains = domains
        self.home = home
        self.staff = staff
        self.professionals = int(round(staff * professional_share))
        self.skill = skill
        self.management = management
        self.independence = independence
        self.knowledge = knowledge
        self.reputation = 0.5
        self.cash = staff * p.salary * p.founding_months
        # income by source (rows, INCOME_SOURCES) and month (a 12-slot ring)
        self.income = np.zeros((len(INCOME_SOURCES), 12))
        self.total_income = dict.fromkeys(INCOME_SOURCES, 0.0)
        self.status = OrgStatus.ACTIVE
        self.grade = Grade.UNRATED
        self.status_months = 0
        self.broke_months = 0
        self.age = 0
        self.projects: list[Project] = []
        self.incumbent: set[tuple[int, int]] = set()
        self.volunteer_capacity = 0.0
        self.quits = 0
        self.delivered = 0
        self.expected = 0.0
        self.served_experience = 0.0
        self.eval_delivered = 0
        self.eval_expected = 0.0

    # -- qualities ---------------------------------------------------------------

    @property
    def is_active(self) -> bool:
        """Active or restructuring: still delivering services."""
        return self.status in (OrgStatus.ACTIVE, OrgStatus.RESTRUCTURING)

    @property
    def professional_share(self) -> float:
        """Share of staff who are professionals."""
        return self.professionals / self.staff if self.staff else 0.0

    def capacity(self) -> float:
        """Services per month from staff (by skill and management) plus volunteers."""
        per_staff = self.model.scenario.organizations.services_per_staff
        staff_cap = self.staff * per_staff * (0.4 + 0.6 * self.skill)
        return staff_cap * (0.7 + 0.3 * self.management) + self.volunteer_capacity

    def quality(self) -> float:
        """Quality of the services it delivers, [0, 1]."""
        return 0.2 + 0.4 * self.skill + 0.2 * self.professional_share + 0.2 * self.management

    def serves(self, community: int) -> bool:
        """Whether it can bid for projects in a community."""
        return self.origin is Origin.INTRODUCED or community == self.home or self.reputation > 0.6

    def nominal_price(self) -> float:
        """What one service costs it, as the government prices a project."""
        p = self.model.scenario.organizations
        return OVERHEAD * p.salary / p.services_per_staff

    def record_income(self, source: str, amount: float) -> None:
        """Add income of this month from a source."""
        self.income[INCOME_SOURCES.index(source), self.model.month_slot] += amount
        self.total_income[source] += amount
        self.cash += amount

    # -- monthly behaviour --------------------------------------------------------

    def deliver_services(self, noise: np.ndarray) -> None:
        """Deliver this month's services on its projects, within capacity."""
        self.delivered, self.expected, self.served_experience = 0, 0.0, 0.0
        if not self.is_active or not self.projects:
            return
        model = self.model
        total = sum(pr.budget for pr in self.projects)
        capacity = self.capacity()
        quality = self.quality()
        for pr in self.projects:
            share = capacity * pr.budget / total
            cap = int(share) + (model.rng_dyn.random() < share - int(share))
            d = deliver(
                model.residents,
                pr.community,
                pr.domain,
                cap,
                quality,
                self.knowledge,
                noise,
                model.month_index,
                by_organization=True,
            )
            model.record_delivery(d, pr.community)
            self.delivered += d.services
            self.served_experience += d.experience_sum
            self.expected += pr.installment / self.nominal_price()
        if self.delivered:
            mean_exp = self.served_experience / self.delivered
            self.reputation += 0.2 * (mean_exp - self.reputation)
        self.eval_delivered += self.delivered
        self.eval_expected += self.expected

    def workload(self) -> float:
        """Services expected of staff relative to what staff can deliver."""
        staff_cap = max(self.capacity() - self.volunteer_capacity, 1.0)
        return self.expected / staff_cap

    def pay_staff(self) -> None:
        """Pay salaries; lay off whom it cannot pay; hire with reserves and work."""
        model = self.model
        p = model.scenario.organizations
        payroll = self.staff * p.salary
        if self.cash >= payroll:
            self.cash -= payroll
        else:
            affordable = int(max(self.cash, 0.0) // p.salary)
            self._lose_staff(self.staff - affordable)
            self.cash -= self.staff * p.salary
        monthly = self.income.sum() / 12.0
        # spend 85% of income on staff, and draw reserves above the buffer down over two years
        spare = max(0.0, self.cash - self.staff * p.salary * p.reserve_months)
        # a registered organization keeps at least a coordinator while it can afford one
        target = max(1, int((0.85 * monthly + spare / 24.0) / p.salary))
        reserve = (self.staff + 1) * p.salary * p.reserve_months
        if self.staff < target and self.cash > reserve and self.status is OrgStatus.ACTIVE:
            self._hire(min(target - self.staff, 1 + self.staff // 4))

    def _hire(self, n: int) -> None:
        p = self.model.scenario.organizations
        chance = (
            p.professional_hire + (1 - p.professional_hire) * 0.5 * self.model.levers.recruitment
        )
        pros = int(self.model.rng_dyn.binomial(n, min(chance, 1.0)))
        new_skill = (n - pros) * HIRE_SKILL + pros * PROFESSIONAL_SKILL
        self.skill = (self.skill * self.staff + new_skill) / (self.staff + n)
        self.staff += n
        self.professionals += pros

    def _lose_staff(self, n: int) -> None:
        """Staff leave; professionals leave in proportion."""
        n = min(n, self.staff)
        if n <= 0:
            return
        pros = int(
            self.model.rng_dyn.hypergeometric(
                self.professionals, self.staff - self.professionals, n
            )
        )
        self.professionals -= pros
        self.staff -= n

    def turnover(self) -> None:
        """Staff quit, more so with a pay gap, overwork and poor management."""
        self.quits = 0
        if self.staff == 0:
            return
        model = self.model
        p = model.scenario.organizations
        allowance = ALLOWANCE_SHARE * p.salary * model.levers.recruitment
        support = SUPPORT_SHARE * p.salary * model.levers.recruitment
        overwork = max(0.0, self.workload() - 1.0)
        calm = 1.0 - 0.4 * self.management

        def quit_prob(salary: float) -> float:
            gap = max(0.0, (p.market_wage - salary) / p.market_wage)
            raw = p.base_turnover + p.pay_gap_turnover * gap + p.workload_turnover * overwork
            return min(1.0, raw * calm)

        ordinary = self.staff - self.professionals
        quit_o = int(model.rng_dyn.binomial(ordinary, quit_prob(p.salary + support)))
        quit_p = int(model.rng_dyn.binomial(self.professionals, quit_prob(p.salary + allowance)))
        topup = self.professionals * allowance + ordinary * support
        if topup > 0:
            model.pay_government(self, topup, kind="allowance")
        self.staff -= quit_o + quit_p
        self.professionals -= quit_p
        self.quits = quit_o + quit_p
        # leavers take experience with them; newcomers are hired at HIRE_SKILL later
        self.skill -= 0.3 * (self.quits / (self.staff + self.quits)) * (self.skill - HIRE_SKILL)

    def develop(self) -> None:
        """Learning, training, governance, independence and needs knowledge."""
        lv = self.model.levers
        self.skill += (0.004 + 0.03 * lv.training) * (1.0 - self.skill)
        self.management += 0.01 * lv.training * (1.0 - self.management)
        self.management += 0.03 * lv.governance * (1.0 - self.management)
        # being reviewed on a cycle is pressure to keep records, charters and staff in order
        self.management += 0.015 * lv.evaluation * (1.0 - self.management)
        self.skill += 0.005 * lv.evaluation * (1.0 - self.skill)
        if self.status is OrgStatus.RESTRUCTURING:
            # restructuring means rebuilding management and retraining staff
            self.management += 0.04 * (1.0 - self.management)
            self.skill += 0.02 * (1.0 - self.skill)
        self.independence += 0.03 * lv.independence * (1.0 - self.independence)

    def learn_needs(self, signal: float) -> None:
        """Knowledge of residents' needs grows with what residents tell it."""
        decay = self.model.scenario.organizations.knowledge_decay
        self.knowledge += 0.1 * signal * (1.0 - self.knowledge) - decay * self.knowledge
        self.knowledge = min(max(self.knowledge, 0.0), 1.0)

    def fee_potential(self) -> float:
        """Fees it could raise this month: independent, reputable staff sell services."""
        if not self.is_active:
            return 0.0
        p = self.model.scenario.organizations
        return p.own_income * self.staff * self.independence * (0.5 + self.reputation)

    def earn_own_income(self) -> None:
        """Fees and local resources, limited by what residents will pay (the fee market)."""
        amount = self.fee_potential() * self.model.fee_scale
        if amount > 0:
            self.record_income("own", amount)

    def check_survival(self) -> None:
        """An organization without staff, or without money and income, for long folds.

        Small groups that live on fees, donations and volunteers survive
        without government projects as long as some income comes in.
        """
        p = self.model.scenario.organizations
        yearly = self.income.sum()
        starving = self.staff == 0 or (self.cash < p.salary and yearly < p.salary)
        self.broke_months = self.broke_months + 1 if starving else 0
        if self.broke_months >= p.exit_months:
            self.exit()

    def exit(self) -> None:
        """Leave the street for good."""
        self.status = OrgStatus.EXITED
        self.projects = []
        self._lose_staff(self.staff)

    def step(self) -> None:
        """Monthly life after delivery: income, pay, turnover, development, survival."""
        if self.status is OrgStatus.EXITED:
            return
        self.age += 1
        self.earn_own_income()
        self.turnover()
        self.pay_staff()
        self.develop()
        self.check_survival()


# ----------------------------------------------------------------- government


class Government(mesa.Agent):
    """The street government: budget, delegation, procurement, in-house services."""

    def __init__(self, model: ModelContext):
        super().__init__(model)
        rng = model.rng_init
        # the government's own priorities: administrative domains weigh more
        self.priorities = rng.dirichlet(np.ones(len(DOMAINS)) * 0.8)
        self.inhouse_budget = 0.0
        self.purchase_budget = 0.0
        self.unawarded = 0.0

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

    def budget_for_year(self) -> tuple[float, float]:
        """Purchase and in-house budgets of this year."""
        model = self.model
        g = model.scenario.government
        lv = model.levers
        total = g.budget_per_resident * model.residents.n
        shock = max(0.0, 1.0 + lv.budget_volatility * model.rng_dyn.normal())
        purchase = min(total * lv.delegation * lv.fidelity * shock, total)
        stop = g.stop_purchasing_at
        if stop and model.month_index >= stop:
            purchase = 0.0
        # planned purchases that are not made stay with community workers ("big package")
        return purchase, total - purchase

    def tender(self, perceived: np.ndarray) -> list[tuple[int, int, float]]:
        """Projects (community, domain, yearly budget) sized by perceived needs.

        Only services some active organization offers in a community are
        tendered: the government cannot buy what nobody sells.
        """
        sizes = self.model.residents.sizes().astype(float)
        weight = perceived**2 * sizes[:, None] * self.offered()
        if self.purchase_budget <= 0 or weight.sum() <= 0:
            return []
        budget = self.purchase_budget * weight / weight.sum()
        floor = self.model.scenario.government.min_project_share * self.purchase_budget
        order = np.argsort(budget, axis=None)[::-1]
        cells = [np.unravel_index(i, budget.shape) for i in order]
        # keep the largest projects while each stays above the smallest size
        for keep in range(len(cells), 0, -1):
            top = cells[:keep]
            total = sum(weight[c] for c in top)
            if self.purchase_budget * weight[top[-1]] / total >= floor:
                return [
                    (int(c), int(d), self.purchase_budget * weight[c, d] / total) for c, d in top
                ]
        return []

    def offered(self) -> np.ndarray:
        """Mask (communities, domains) of services active organizations can deliver."""
        n_comm = self.model.scenario.world.n_communities
        mask = np.zeros((n_comm, len(DOMAINS)))
        for org in self.model.organizations:
            if org.status is OrgStatus.ACTIVE:
                for c in range(n_comm):
                    if org.serves(c):
                        mask[c, list(org.domains)] = 1.0
        return mask

    def award(self, projects: list[tuple[int, int, float]]) -> None:
        """Award each project to the best bidder; unawarded money goes in-house."""
        model = self.model
        orgs = [o for o in model.organizations if o.status is OrgStatus.ACTIVE]
        for o in model.organizations:
            o.incumbent = {(pr.community, pr.domain) for pr in o.projects}
            o.projects = []
        self.unawarded = 0.0
        for community, domain, budget in projects:
            bidders = [
                o
                for o in orgs
                if domain in o.domains
                and o.serves(community)
                and len(o.projects) < MAX_PROJECTS_BASE + o.staff
            ]
            if not bidders:
                self.unawarded += budget
                continue
            scores = [self.bid_score(o, community, domain, budget) for o in bidders]
            winner = bidders[int(np.argmax(scores))]
            winner.projects.append(Project(community, domain, budget))

    def bid_score(
        self, org: SocialOrganization, community: int, domain: int, budget: float
    ) -> float:
        """How the government rates a bid: grade, capacity, knowledge, affiliation."""
        model = self.model
        lv = model.levers
        needed = budget / 12.0 / org.nominal_price()
        fit = min(1.0, org.capacity() / max(needed, 1.0))
        grade = GRADE_SCORE[org.grade] if lv.evaluation > 0 else 0.5
        seen_rep = lv.disclosure * org.reputation + (1.0 - lv.disclosure) * 0.5
        affiliation = model.scenario.government.affiliation_weight * (1.0 - org.independence)
        local = 0.1 if community == org.home else 0.0
        # incumbents know the place and the officials: renewals are the rule
        local += 0.1 if (community, domain) in org.incumbent else 0.0
        noise = model.rng_dyn.normal(0.0, 0.05)
        return (
            0.35 * lv.evaluation * grade
            + 0.25 * fit
            + 0.15 * org.knowledge
            + 0.15 * seen_rep
            + affiliation
            + local
            + noise
        )

    def procure(self, information: np.ndarray) -> None:
        """The yearly procurement round."""
        self.purchase_budget, inhouse = self.budget_for_year()
        projects = self.tender(self.perceived_needs(information))
        self.award(projects)
        self.inhouse_budget = inhouse + self.unawarded

    def pay_installments(self) -> None:
        """Monthly payments to organizations holding projects."""
        for org in self.model.organizations:
            if org.status is OrgStatus.SUSPENDED:
                continue
            for pr in org.projects:
                if pr.months_left > 0:
                    self.model.pay_government(org, pr.installment, kind="purchase")
                    pr.months_left -= 1

    def deliver_inhouse(self, noise: np.ndarray, perceived: np.ndarray) -> None:
        """Community workers deliver with the in-house budget, by perceived needs."""
        model = self.model
        g = model.scenario.government
        monthly = self.inhouse_budget / 12.0
        if monthly <= 0:
            return
        model.ledger["inhouse"] += monthly
        sizes = model.residents.sizes()
        services = monthly / g.inhouse_cost * sizes / max(sizes.sum(), 1)
        for c in np.flatnonzero(sizes):
            top = np.argsort(perceived[c])[::-1][:3]
            w = perceived[c, top] / perceived[c, top].sum()
            for d, share in zip(top, w, strict=True):
                cap = int(round(services[c] * share))
                rec = deliver(
                    model.residents,
                    int(c),
                    int(d),
                    cap,
                    g.inhouse_quality,
                    g.inhouse_knowledge,
                    noise,
                    model.month_index,
                    by_organization=False,
                )
                model.record_delivery(rec, int(c))


# ----------------------------------------------------------------- enterprises


class Enterprise(mesa.Agent):
    """An enterprise with a yearly social-responsibility budget for its community."""

    def __init__(self, model: ModelContext, community: int):
        super().__init__(model)
        self.community = community
        self.donated = 0.0

    def donate(self) -> None:
        """Yearly donations to organizations serving its community, by reputation.

        It gives more where residents trust organizations, and it prefers
        reputable, independent organizations; without disclosure it cannot
        tell reputations apart.
        """
        model = self.model
        e = model.scenario.enterprises
        candidates = [
            o
            for o in model.organizations
            if o.status is OrgStatus.ACTIVE and o.serves(self.community)
        ]
        budget = e.csr_per_resident * model.residents.sizes()[self.community]
        if not candidates or budget <= 0:
            return
        trust = model.community_trust[self.community]
        amount = budget * e.donation_share * min(1.0, 2.0 * trust)
        disclosure = model.levers.disclosure
        seen = np.array([disclosure * o.reputation + (1 - disclosure) * 0.5 for o in candidates])
        indep = np.array([o.independence for o in candidates])
        weight = seen**2 * (0.3 + indep)
        if weight.sum() <= 0 or not math.isfinite(weight.sum()):
            return
        for org, w in zip(candidates, weight / weight.sum(), strict=True):
            org.record_income("enterprise", amount * w)
        self.donated += amount
