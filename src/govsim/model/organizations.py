"""Social organizations: delivering services, paying and losing staff, learning, surviving.

Organizations are Mesa agents that read the model through
:class:`~govsim.model.context.ModelContext`. Their coefficients are scenario
parameters (``[organizations]``, ``[mechanisms.delivery]``, ``[mechanisms.staffing]``,
``[mechanisms.learning]``); the numbers written here are 0 and 1 and the twelve
months of a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import mesa
import numpy as np

from govsim.config.schema import DOMAINS
from govsim.model.context import ModelContext
from govsim.model.kernels import sequential_sum

__all__ = [
    "INCOME_SOURCES",
    "MONTHS",
    "Grade",
    "OrgStatus",
    "Origin",
    "Project",
    "SocialOrganization",
    "offers_matrix",
    "serves_matrix",
]

#: Months in a year: budgets are yearly, ring buffers hold twelve months.
MONTHS = 12
#: Sources of an organization's income, in the row order of ``income``.
INCOME_SOURCES = ("government", "enterprise", "own")
_SOURCE_ROW = {source: row for row, source in enumerate(INCOME_SOURCES)}


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


@dataclass
class Project:
    """A yearly service contract for one domain in one community."""

    community: int
    domain: int
    budget: float
    months_left: int = MONTHS

    @property
    def installment(self) -> float:
        """Monthly payment."""
        return self.budget / MONTHS


class SocialOrganization(mesa.Agent):
    """A social organization delivering services under government projects.

    Attributes:
        origin: introduced from outside or cultivated inside.
        domains: indices of the domains it serves.
        home: its home community; introduced organizations serve any community.
        staff, professionals: head counts (professionals <= staff).
        skill, management, independence, knowledge, reputation: qualities in [0, 1].
        cash: money in hand (yuan), founders' funds included.
        income: income over the last 12 months, one row per source in
            INCOME_SOURCES (government, enterprise, own), one column per month.
        status, grade: life cycle and evaluation grade.
        projects: current government projects.
        born, died: months of founding and exit (died None while alive).
        quits, layoffs: staff who quit or were laid off since the model last counted them.
    """

    model: ModelContext

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
        cash: float,
    ):
        super().__init__(model)
        self.origin = origin
        self.domains = domains
        self.home = home
        self.staff = staff
        self.professionals = int(round(staff * professional_share))
        self.skill = skill
        self.management = management
        self.independence = independence
        self.knowledge = knowledge
        self.reputation = model.scenario.mechanisms.procurement.prior_reputation
        self.cash = cash
        self.row = model.incomes.add()
        self.total_income = dict.fromkeys(INCOME_SOURCES, 0.0)
        self.status = OrgStatus.ACTIVE
        self.grade = Grade.UNRATED
        self.status_months = 0
        self.broke_months = 0
        self.age = 0
        self.born = model.month_index
        self.died: int | None = None
        self.projects: list[Project] = []
        self.incumbent: set[tuple[int, int]] = set()
        self.volunteer_capacity = 0.0
        self.quits = 0
        self.layoffs = 0
        self.delivered = 0
        self.expected = 0.0
        self.served_experience = 0.0
        self.eval_delivered = 0
        self.eval_expected = 0.0

    # -- qualities ---------------------------------------------------------------

    @property
    def income(self) -> np.ndarray:
        """Income of the last twelve months: rows ``INCOME_SOURCES``, columns month slots.

        A view of its row of the model's :class:`~govsim.model.context.IncomeBook`.
        """
        return self.model.incomes.months[self.row]

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
        d = self.model.scenario.mechanisms.delivery
        per_staff = self.model.scenario.organizations.services_per_staff
        by_skill = d.skill_capacity_floor + (1.0 - d.skill_capacity_floor) * self.skill
        by_management = (
            d.management_capacity_floor + (1.0 - d.management_capacity_floor) * self.management
        )
        return self.staff * per_staff * by_skill * by_management + self.volunteer_capacity

    def quality(self) -> float:
        """Quality of the services it delivers, [0, 1]."""
        d = self.model.scenario.mechanisms.delivery
        value = (
            d.quality_base
            + d.quality_skill * self.skill
            + d.quality_professional * self.professional_share
            + d.quality_management * self.management
        )
        return min(1.0, max(0.0, value))

    def serves(self, community: int) -> bool:
        """Whether it can bid for projects in a community."""
        threshold = self.model.scenario.mechanisms.procurement.serve_elsewhere_reputation
        return (
            self.origin is Origin.INTRODUCED
            or community == self.home
            or self.reputation > threshold
        )

    def nominal_price(self) -> float:
        """What one service costs it, as the government prices a project."""
        s = self.model.scenario
        return (
            s.mechanisms.procurement.overhead
            * s.organizations.salary
            / (s.organizations.services_per_staff)
        )

    def record_income(self, source: str, amount: float) -> None:
        """Add income of this month from a source."""
        self.model.incomes.months[self.row, _SOURCE_ROW[source], self.model.month_slot] += amount
        self.total_income[source] += amount
        self.cash += amount

    # -- monthly behaviour --------------------------------------------------------

    def delivery_shares(self) -> tuple[list[tuple[int, int]], list[float]]:
        """This month's services, one order per (community, domain) it holds projects in.

        Capacity is split over its projects by budget; several lots of one
        community and domain are served as one order (the organization does not
        serve the same residents twice). Returns the orders' (community, domain)
        and the services each stands for, a fraction of a service included: the
        model rounds them at random, one draw per order in this order, so that
        capacity is kept on average (:meth:`GovernanceModel._deliver`).
        """
        self.delivered, self.expected, self.served_experience = 0, 0.0, 0.0
        if not self.projects or not self.is_active:
            return [], []
        cells: dict[tuple[int, int], float] = {}
        price = self.nominal_price()
        expected = 0.0
        for pr in self.projects:
            cell = (pr.community, pr.domain)
            cells[cell] = cells.get(cell, 0.0) + pr.budget
            expected += pr.installment / price
        self.expected = expected
        total = sum(cells.values())
        capacity = self.capacity()
        return list(cells), [capacity * budget / total for budget in cells.values()]

    def book_deliveries(self, services: np.ndarray, experience: np.ndarray) -> None:
        """Count its orders' services (and their summed experience) toward the month's total."""
        self.delivered += int(services.sum())
        self.served_experience = sequential_sum(self.served_experience, experience)

    def close_deliveries(self) -> None:
        """After all orders: reputation learns from the month, evaluation counts it."""
        if self.delivered:
            mean_exp = self.served_experience / self.delivered
            rate = self.model.scenario.mechanisms.learning.reputation_learning
            self.reputation += rate * (mean_exp - self.reputation)
        self.eval_delivered += self.delivered
        self.eval_expected += self.expected

    def workload(self) -> float:
        """Services expected of staff relative to what staff can deliver."""
        staff_cap = max(self.capacity() - self.volunteer_capacity, 1.0)
        return self.expected / staff_cap

    def pay_staff(self) -> None:
        """Pay salaries; lay off whom it cannot pay; hire with reserves and work."""
        p = self.model.scenario.organizations
        payroll = self.staff * p.salary
        if self.cash >= payroll:
            self.cash -= payroll
        else:
            affordable = int(max(self.cash, 0.0) // p.salary)
            self.layoffs += self._lose_staff(self.staff - affordable)
            self.cash -= self.staff * p.salary
        target = self._staff_target()
        reserve = (self.staff + 1) * p.salary * p.reserve_months
        if self.staff < target and self.cash > reserve and self.status is OrgStatus.ACTIVE:
            step = self.model.scenario.mechanisms.staffing.hiring_step
            self._hire(min(target - self.staff, 1 + int(self.staff * step)))

    def _staff_target(self) -> int:
        """Staff its income and spare reserves pay for (at least a coordinator)."""
        p = self.model.scenario.organizations
        s = self.model.scenario.mechanisms.staffing
        monthly = self.income.sum() / MONTHS
        spare = max(0.0, self.cash - self.staff * p.salary * p.reserve_months)
        budget = s.staff_income_share * monthly + spare / s.reserve_drawdown_months
        return max(1, int(budget / p.salary))

    def _hire(self, n: int) -> None:
        p = self.model.scenario.organizations
        s = self.model.scenario.mechanisms.staffing
        pull = s.professional_pull * self.model.levers.recruitment * self.model.programme_scale
        chance = p.professional_hire + (1.0 - p.professional_hire) * pull
        pros = int(self.model.rng_dyn.binomial(n, min(chance, 1.0)))
        new_skill = (n - pros) * s.hire_skill + pros * s.professional_skill
        self.skill = (self.skill * self.staff + new_skill) / (self.staff + n)
        self.staff += n
        self.professionals += pros

    def _lose_staff(self, n: int) -> int:
        """Staff leave; professionals leave in proportion. Returns how many left."""
        n = min(n, self.staff)
        if n <= 0:
            return 0
        pros = int(
            self.model.rng_dyn.hypergeometric(
                self.professionals, self.staff - self.professionals, n
            )
        )
        self.professionals -= pros
        self.staff -= n
        return n

    def top_ups(self) -> tuple[float, float]:
        """Monthly title allowance per professional and salary support per other staff member.

        What the recruitment programme promises at full funding; the government
        pays a share ``programme_scale`` of it (its budget may not cover it all),
        to active and restructuring organizations' staff.
        """
        salary = self.model.scenario.organizations.salary
        s = self.model.scenario.mechanisms.staffing
        lever = self.model.levers.recruitment
        return s.allowance_share * salary * lever, s.support_share * salary * lever

    def turnover(self) -> None:
        """Staff quit, more so with a pay gap, overwork and poor management."""
        if self.staff == 0:
            return
        model = self.model
        p = model.scenario.organizations
        s = model.scenario.mechanisms.staffing
        if self.status is OrgStatus.ACTIVE or self.status is OrgStatus.RESTRUCTURING:
            allowance, support = self.top_ups()
            allowance *= model.programme_scale
            support *= model.programme_scale
        else:
            allowance = support = 0.0  # a suspended organization's staff get no top-up
        overwork = max(0.0, self.workload() - 1.0)
        calm = 1.0 - s.management_retention * self.management
        market, salary = p.market_wage, p.salary

        def quit_prob(pay: float) -> float:
            gap = max(0.0, (market - pay) / market)
            raw = p.base_turnover + p.pay_gap_turnover * gap + p.workload_turnover * overwork
            return min(1.0, raw * calm)

        binomial = model.rng_dyn.binomial
        ordinary = self.staff - self.professionals
        quit_o = int(binomial(ordinary, quit_prob(salary + support)))
        quit_p = int(binomial(self.professionals, quit_prob(salary + allowance)))
        # top-ups go to the staff, not to the organization's cash
        model.pay_programme(self, self.professionals * allowance, "allowance", to_staff=True)
        model.pay_programme(self, ordinary * support, "support", to_staff=True)
        quits = quit_o + quit_p
        self.staff -= quits
        self.professionals -= quit_p
        self.quits += quits
        # leavers take experience with them; newcomers are hired at the hire skill later
        share = quits / (self.staff + quits)
        self.skill -= s.skill_loss_on_quit * share * max(0.0, self.skill - s.hire_skill)

    def develop(self) -> None:
        """Learning, training, governance, independence.

        A restructuring organization puts charters, boards and departments to
        use as the internal-governance countermeasure does at full strength:
        that is what restructuring means (case study IV.A.3), not a bonus.
        """
        lv = self.model.levers
        g = self.model.scenario.mechanisms.learning
        self.skill += (g.skill_learning + g.training_skill * lv.training) * (1.0 - self.skill)
        governance = 1.0 if self.status is OrgStatus.RESTRUCTURING else lv.governance
        gain = g.training_management * lv.training + g.governance_management * governance
        self.management += gain * (1.0 - self.management)
        self.independence += g.independence_rate * lv.independence * (1.0 - self.independence)

    def learn_needs(self, signal: float) -> None:
        """Knowledge of residents' needs grows with what residents tell it."""
        s = self.model.scenario
        decay = s.organizations.knowledge_decay
        rate = s.mechanisms.learning.knowledge_learning
        self.knowledge += rate * signal * (1.0 - self.knowledge) - decay * self.knowledge
        self.knowledge = min(max(self.knowledge, 0.0), 1.0)

    def fee_potential(self) -> float:
        """Fees it could raise this month: independent, reputable staff sell services."""
        if not self.is_active:
            return 0.0
        s = self.model.scenario
        floor = s.mechanisms.learning.fee_reputation_floor
        return (
            s.organizations.own_income * self.staff * self.independence * (floor + self.reputation)
        )

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
        floor = self.model.scenario.mechanisms.staffing.starving_salaries * p.salary
        starving = self.staff == 0 or (self.cash < floor and self.income.sum() < floor)
        self.broke_months = self.broke_months + 1 if starving else 0
        if self.broke_months >= p.exit_months:
            self.exit()

    def exit(self) -> None:
        """Leave the street for good; unpaid project money returns to the government."""
        self.status = OrgStatus.EXITED
        self.died = self.model.month_index
        self.model.release_projects(self)
        self.layoffs += self._lose_staff(self.staff)

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


def serves_matrix(orgs: list[SocialOrganization], n_communities: int) -> np.ndarray:
    """Mask (organizations, communities): :meth:`SocialOrganization.serves` of each pair."""
    if not orgs:
        return np.zeros((0, n_communities), dtype=bool)
    threshold = orgs[0].model.scenario.mechanisms.procurement.serve_elsewhere_reputation
    anywhere = np.array(
        [o.origin is Origin.INTRODUCED or o.reputation > threshold for o in orgs], dtype=bool
    )
    home = np.array([o.home for o in orgs], dtype=np.int64)
    return anywhere[:, None] | (home[:, None] == np.arange(n_communities)[None, :])


def offers_matrix(orgs: list[SocialOrganization]) -> np.ndarray:
    """Mask (organizations, domains): whether each organization serves each domain."""
    mask = np.zeros((len(orgs), len(DOMAINS)), dtype=bool)
    for i, o in enumerate(orgs):
        mask[i, list(o.domains)] = True
    return mask
