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


class TransferFunctions(Policy):
    """Delegate community service functions to organizations (IV.A.1).

    Procurement raises the delegated share of the service budget from the status
    quo toward ``mechanisms.procurement.max_delegation``; community workers keep
    the rest.
    """

    name = "transfer_functions"
    level = "government"
    section = "IV.A.1"
    title = "Transfer functions"
    changes = (
        "Delegates community service functions: the share of the service budget bought from "
        "organizations rises toward its maximum; community workers keep the rest."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the transfer lever."""
        levers.transfer = max(levers.transfer, intensity)


class LegalFramework(Policy):
    """Procurement law for services, faithfully implemented (IV.A.2).

    Against "thousands of lines above, one needle below": more of the purchase
    budget reaches the street (fidelity) and it varies less from year to year.
    """

    name = "legal_framework"
    level = "government"
    section = "IV.A.2"
    title = "Legal framework"
    changes = (
        "Procurement law applied faithfully: more of the purchase budget reaches the street "
        "and it varies less from year to year."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the legal lever."""
        levers.legal = max(levers.legal, intensity)


class LowerRegistrationThreshold(Policy):
    """Lower registration funds and simpler filing (IV.A.3), against double management."""

    name = "lower_registration_threshold"
    level = "government"
    section = "IV.A.3"
    title = "Lower registration threshold"
    changes = (
        "Cuts the registration cost founders pay and eases filing, so more introduced and "
        "cultivated organizations register."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the registration-threshold lever."""
        levers.threshold = max(levers.threshold, intensity)


class EvaluationSystem(Policy):
    """Multi-party evaluation with four grades, restructuring, exit and incentives (IV.A.3).

    The intensity scales the incentive fund for excellent organizations and the
    weight of grades when projects are awarded.
    """

    name = "evaluation_system"
    level = "government"
    section = "IV.A.3"
    title = "Evaluation system"
    changes = (
        "Multi-party evaluation on a cycle: four grades that weigh in awarding projects, "
        "restructuring, suspension and exit, incentive funds (from the budget) for excellent "
        "organizations."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the evaluation lever."""
        levers.evaluation = max(levers.evaluation, intensity)


class InformationDisclosure(Policy):
    """Public, jointly supervised information on organizations (IV.A.3).

    Residents and enterprises learn which organizations exist and how good they
    are: awareness spreads and reputations are seen as they are.
    """

    name = "information_disclosure"
    level = "government"
    section = "IV.A.3"
    title = "Information disclosure"
    changes = (
        "Organizations' key information is public: residents, enterprises and the government "
        "see which organizations exist and how good they are."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the disclosure lever."""
        levers.disclosure = max(levers.disclosure, intensity)
