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
    title_zh = "转移政府职能"
    changes = (
        "Delegates community service functions: the share of the service budget bought from "
        "organizations rises toward its maximum; community workers keep the rest."
    )
    changes_zh = (
        "向社会组织转移社区公共服务职能：政府购买服务在服务预算中的占比升向其上限，其余由社区工"
        "作者承担。"
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
    title_zh = "完善法律法规"
    changes = (
        "Procurement law applied faithfully: more of the purchase budget reaches the street "
        "and it varies less from year to year."
    )
    changes_zh = "依法规范政府购买服务：更多购买预算真正落到街道，且年际波动更小。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the legal lever."""
        levers.legal = max(levers.legal, intensity)


class LowerRegistrationThreshold(Policy):
    """Lower registration funds and simpler filing (IV.A.3), against double management."""

    name = "lower_registration_threshold"
    level = "government"
    section = "IV.A.3"
    title = "Lower registration threshold"
    title_zh = "降低登记门槛"
    changes = (
        "Cuts the registration cost founders pay and eases filing, so more introduced and "
        "cultivated organizations register."
    )
    changes_zh = "降低创办者缴纳的登记资金、简化备案手续：更多引进型和培育型社会组织得以登记。"

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
    title_zh = "多元评估体系"
    changes = (
        "Multi-party evaluation on a cycle: four grades that weigh in awarding projects, "
        "restructuring, suspension and exit, incentive funds (from the budget) for excellent "
        "organizations."
    )
    changes_zh = (
        "定期多元评估：四个等级影响项目分配，不合格者限期整改、暂停直至退出，优秀者获得奖励资金。"
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
    title_zh = "信息公开"
    changes = (
        "Organizations' key information is public: residents, enterprises and the government "
        "see which organizations exist and how good they are."
    )
    changes_zh = "社会组织关键信息公开透明：居民、企业和政府知道有哪些社会组织、服务好坏如何。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the disclosure lever."""
        levers.disclosure = max(levers.disclosure, intensity)
