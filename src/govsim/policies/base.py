"""Levers and the policy base class.

Mechanisms never read policy switches directly. Each month the model resets a
:class:`Levers` record to the status quo of the scenario, then every policy
that is enabled and has started moves the levers it owns. Mechanisms read only
the levers. So a policy can start mid-run, be swept by intensity, and its
effect is traceable to the few levers it touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from govsim.config.schema import PolicySettings, Scenario

if TYPE_CHECKING:
    from govsim.model.model import GovernanceModel

__all__ = ["Levers", "Policy"]


@dataclass
class Levers:
    """The quantities policies act on, at their values for the current month.

    Attributes:
        delegation: share of the service budget purchased from organizations.
        fidelity: share of the purchase budget that reaches the street.
        budget_volatility: year-to-year spread (sd) of the purchase budget.
        registration_cost: cost of registering a new organization (yuan).
        filing_ease: 0..1, how much simpler filing makes cultivating organizations.
        evaluation: strength of multi-party evaluation (0 = no evaluation).
        disclosure: 0..1, how public organizations' information is.
        governance: 0..1, push toward charters, boards and departments in use.
        independence: 0..1, push toward no appointees and diversified income.
        training: 0..1, strength of skill and finance training.
        recruitment: 0..1, strength of title allowance and salary support.
        identity_building: 0..1, reach of identity-building activities.
        communication: 0..1, strength of needs surveys and feedback channels.
        innovation: 0..1, strength of the new participation model.
    """

    delegation: float
    fidelity: float
    budget_volatility: float
    registration_cost: float
    filing_ease: float = 0.0
    evaluation: float = 0.0
    disclosure: float = 0.0
    governance: float = 0.0
    independence: float = 0.0
    training: float = 0.0
    recruitment: float = 0.0
    identity_building: float = 0.0
    communication: float = 0.0
    innovation: float = 0.0

    @classmethod
    def status_quo(cls, scenario: Scenario) -> Levers:
        """The levers with no policy applied."""
        gov = scenario.government
        return cls(
            delegation=gov.delegation,
            fidelity=gov.fidelity,
            budget_volatility=gov.budget_volatility,
            registration_cost=scenario.organizations.registration_cost,
        )


class Policy:
    """A countermeasure: settings plus the levers it moves.

    Subclasses set ``name`` (the key under ``[policies]``) and ``level``, and
    implement :meth:`apply`, which receives the intensity in [0, 1].
    """

    name: ClassVar[str]
    level: ClassVar[str]

    def __init__(self, settings: PolicySettings):
        self.settings = settings

    def is_active(self, step: int) -> bool:
        """True when the policy is enabled, has started and has non-zero intensity."""
        s = self.settings
        return s.enabled and step >= s.start and s.intensity > 0.0

    def apply(self, levers: Levers, intensity: float, model: GovernanceModel) -> None:
        """Move the levers this policy owns (override in subclasses)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        s = self.settings
        return (
            f"{type(self).__name__}(enabled={s.enabled}, intensity={s.intensity}, start={s.start})"
        )
