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
    changes = (
        "Identity-building activities raise the identity of the residents who attend them, "
        "participants more often than others; identity drives participation."
    )

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
    changes = (
        "Needs surveys and feedback channels: organizations and the government learn "
        "residents' real needs, so services match needs better."
    )

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
    changes = (
        "Deliberative councils where residents decide on projects: higher perceived efficacy, "
        "lower cost of taking part, needs steer project choice."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the innovation lever."""
        levers.innovation = max(levers.innovation, intensity)
