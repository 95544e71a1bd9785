"""Resident-level countermeasures (case study IV.C)."""

from __future__ import annotations

from govsim.policies.base import Levers, Policy

__all__ = ["CommunityIdentity", "ParticipationInnovation", "ResidentCommunication"]


class CommunityIdentity(Policy):
    """Activities that build residents' identity with the community (IV.C.1)."""

    name = "community_identity"
    level = "residents"
    section = "IV.C.1"
    title = "Community identity"
    title_zh = "增进社区认同"
    changes = (
        "Identity-building activities raise the identity of the residents who attend them, "
        "participants more often than others; identity drives participation."
    )
    changes_zh = "开展社区认同活动：居民对社区的认同感增强，带动居民参与。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the identity building lever."""
        levers.identity_building = max(levers.identity_building, intensity)


class ResidentCommunication(Policy):
    """Needs surveys and feedback channels (IV.C.2), against information asymmetry.

    Organizations and the government learn residents' real needs faster, from
    surveys and from what participants tell them.
    """

    name = "resident_communication"
    level = "residents"
    section = "IV.C.2"
    title = "Resident communication"
    title_zh = "居民与社会组织沟通"
    changes = (
        "Needs surveys and feedback channels: organizations and the government learn "
        "residents' real needs, so services match needs better."
    )
    changes_zh = "需求调查与反馈渠道：社会组织和政府了解居民的真实需求，服务与需求更加匹配。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the communication lever."""
        levers.communication = max(levers.communication, intensity)


class ParticipationInnovation(Policy):
    """Deliberative councils where residents decide on projects (IV.C.3).

    Raises perceived efficacy, lowers the cost of taking part, and lets
    participants' needs steer the government's choice of projects.
    """

    name = "participation_innovation"
    level = "residents"
    section = "IV.C.3"
    title = "Participation innovation"
    title_zh = "创新居民参与模式"
    changes = (
        "Deliberative councils where residents decide on projects: higher perceived efficacy, "
        "lower cost of taking part, needs steer project choice."
    )
    changes_zh = "居民议事会决定项目：效能感提高、参与成本降低，由需求引导项目选择。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the innovation lever."""
        levers.innovation = max(levers.innovation, intensity)
