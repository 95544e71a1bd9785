"""What agents and institutions read from the model: a small Protocol, not the model class.

Organizations, the government, enterprises, evaluation, registration and the
metrics depend on this Protocol, so none of them imports
:class:`~govsim.model.model.GovernanceModel` (not even for type hints) and the
model package has no import circle. ``GovernanceModel`` satisfies it; a test
double can too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from govsim.config.schema import Scenario
from govsim.model.kernels import Deliveries
from govsim.model.population import ResidentState
from govsim.policies import Levers

__all__ = ["IncomeBook", "ModelContext", "MonthRecord"]


@dataclass
class MonthRecord:
    """What happened this month, for the metrics.

    Attributes:
        services: residents served.
        match_sum: summed need of the served in the domains served.
        best_sum: the most need the same services could have met (for targeting).
        quality_sum: summed quality of the services.
        spending: government spending by purpose (yuan).
    """

    services: int = 0
    match_sum: float = 0.0
    best_sum: float = 0.0
    quality_sum: float = 0.0
    spending: dict[str, float] = field(default_factory=dict)


class IncomeBook:
    """Every organization's income of the last twelve months, by source, in one array.

    Row ``r`` belongs to the ``r``-th organization registered
    (``SocialOrganization.income`` is a view of it), so clearing a month's slot
    and summing every organization's income are one operation each.

    Args:
        sources: income sources (rows of each organization's block).
        months: months kept (the ring of a year).
    """

    def __init__(self, sources: int, months: int):
        self.months = np.zeros((0, sources, months))
        self.count = 0

    def add(self) -> int:
        """A new organization's row (zeros), growing the array when it is full."""
        if self.count == self.months.shape[0]:
            grown = np.zeros((max(1, 2 * self.count), *self.months.shape[1:]))
            grown[: self.count] = self.months
            self.months = grown
        self.count += 1
        return self.count - 1

    def rows(self) -> np.ndarray:
        """The blocks of every organization registered, in order (a view)."""
        return self.months[: self.count]


class ModelContext(Protocol):
    """The model as its agents see it.

    Attributes:
        scenario: the validated scenario being run.
        levers: this month's policy levers.
        rng_init: the generator of initial draws.
        rng_dyn: the generator of the dynamics.
        residents: the resident population (arrays).
        mean_needs: true mean need per community and domain.
        perceived: the government's current picture of needs (communities x domains).
        community_trust: mean trust in organizations per community.
        fee_scale: share of organizations' fee potential residents pay this month.
        programme_scale: share of the recruitment programme's top-ups the budget pays.
        organizations: every organization ever registered (exited ones included).
        incomes: their incomes of the last twelve months, in registration order.
        government: the street government agent.
        ledger: government spending so far by purpose (yuan).
        spent_before_start: what the ledger's spending held at month 0 (the warm-up's).
        pending_payments: programme payments decided, to be paid next month.
        month: this month's service records.
        staff_history, quit_history, layoff_history, birth_history, exit_history:
            12-month ring buffers of staff, quits, layoffs, organizations born and
            organizations exited.
    """

    scenario: Scenario
    levers: Levers
    rng_init: np.random.Generator
    rng_dyn: np.random.Generator
    residents: ResidentState
    mean_needs: np.ndarray
    perceived: np.ndarray
    community_trust: np.ndarray
    fee_scale: float
    programme_scale: float
    # Typed loosely on purpose: naming the agent classes here would make the
    # agents module and this Protocol import each other.
    organizations: list[Any]
    incomes: IncomeBook
    government: Any
    ledger: dict[str, float]
    spent_before_start: float
    pending_payments: list[tuple[Any, float, str]]
    month: MonthRecord
    staff_history: np.ndarray
    quit_history: np.ndarray
    layoff_history: np.ndarray
    birth_history: np.ndarray
    exit_history: np.ndarray

    @property
    def month_index(self) -> int:
        """The current month: negative during the warm-up, 0 the first recorded month."""

    @property
    def month_slot(self) -> int:
        """Slot of the current month in 12-month ring buffers."""

    def record_deliveries(self, community: np.ndarray, done: Deliveries) -> None:
        """Add the month's deliveries (one entry per order) to this month's records."""

    def pay_government(self, org: Any, amount: float, kind: str) -> None:
        """Government money to an organization, booked on both sides."""

    def pay_programme(self, org: Any, amount: float, kind: str, *, to_staff: bool = False) -> None:
        """A countermeasure's payment, from the budget account (to staff: not into cash)."""

    def book_spending(self, kind: str, amount: float) -> None:
        """Government spending of this month, by purpose."""

    def release_projects(self, org: Any) -> None:
        """An organization leaves its projects; their unpaid money returns to the account."""
