"""Government-level countermeasures (case study IV.A)."""

from __future__ import annotations

from govsim.policies.base import Levers, Policy

__all__ = [
    "EvaluationSystem",
    "InformationDisclosure",
    "LegalFramework",
    "LowerRegistrationThreshold",
    "TransferFunctions",
]

#: Largest share of functions a street can sensibly delegate.
MAX_DELEGATION = 0.9


class TransferFunctions(Policy):
    """Delegate community service functions to organizations (IV.A.1).

    Raises the delegated share of the service budget from the status quo toward
    ``MAX_DELEGATION``; community workers keep the rest.
    """

    name = "transfer_functions"
    level = "government"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Raise delegation toward its maximum."""
        base = levers.delegation
        levers.delegation = base + max(0.0, MAX_DELEGATION - base) * intensity


class LegalFramework(Policy):
    """Procurement law for services, faithfully implemented (IV.A.2).

    Against "thousands of lines above, one needle below": more of the purchase
    budget reaches the street (fidelity) and it varies less from year to year.
    """

    name = "legal_framework"
    level = "government"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Raise fidelity and steady the yearly budget."""
        levers.fidelity += (1.0 - levers.fidelity) * intensity
        levers.budget_volatility *= 1.0 - intensity


class LowerRegistrationThreshold(Policy):
    """Lower registration funds and simpler filing (IV.A.3), against double management."""

    name = "lower_registration_threshold"
    level = "government"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Cut the registration cost and ease filing for cultivated groups."""
        levers.registration_cost *= 1.0 - 0.8 * intensity
        levers.filing_ease = intensity


class EvaluationSystem(Policy):
    """Multi-party evaluation with four grades, restructuring, exit and incentives (IV.A.3).

    The intensity scales the incentive fund for excellent organizations and the
    weight of grades when projects are awarded.
    """

    name = "evaluation_system"
    level = "government"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Switch evaluation on with the given strength."""
        levers.evaluation = intensity


class InformationDisclosure(Policy):
    """Public, jointly supervised information on organizations (IV.A.3).

    Residents and enterprises learn which organizations exist and how good they
    are: awareness spreads and reputations are seen as they are.
    """

    name = "information_disclosure"
    level = "government"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Make organizations' information public."""
        levers.disclosure = intensity
