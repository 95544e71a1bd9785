"""The twelve countermeasures of the case study, one small class each.

``POLICIES`` maps each policy's scenario key to its class, in the canonical
order of :data:`govsim.config.schema.POLICY_NAMES`.
"""

from __future__ import annotations

from govsim.config.schema import POLICY_NAMES, Scenario
from govsim.policies.base import Levers, Policy
from govsim.policies.government import (
    EvaluationSystem,
    InformationDisclosure,
    LegalFramework,
    LowerRegistrationThreshold,
    TransferFunctions,
)
from govsim.policies.organizations import (
    Independence,
    InternalGovernance,
    ProfessionalRecruitment,
    Training,
)
from govsim.policies.residents import (
    CommunityIdentity,
    ParticipationInnovation,
    ResidentCommunication,
)

__all__ = ["POLICIES", "Levers", "Policy", "build_policies"]

_CLASSES: tuple[type[Policy], ...] = (
    TransferFunctions,
    LegalFramework,
    LowerRegistrationThreshold,
    EvaluationSystem,
    InformationDisclosure,
    InternalGovernance,
    Independence,
    Training,
    ProfessionalRecruitment,
    CommunityIdentity,
    ResidentCommunication,
    ParticipationInnovation,
)

#: Policy classes by scenario key, in canonical order.
POLICIES: dict[str, type[Policy]] = {cls.name: cls for cls in _CLASSES}


def build_policies(scenario: Scenario) -> list[Policy]:
    """One policy object per scenario policy, carrying its settings."""
    return [POLICIES[name](getattr(scenario.policies, name)) for name in POLICY_NAMES]
