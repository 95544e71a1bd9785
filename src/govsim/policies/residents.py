"""Resident-level countermeasures (case study IV.C)."""

from __future__ import annotations

from govsim.policies.base import Levers, Policy

__all__ = ["CommunityIdentity", "ParticipationInnovation", "ResidentCommunication"]


class CommunityIdentity(Policy):
    """Activities that build residents' identity with the community (IV.C.1)."""

    name = "community_identity"
    level = "residents"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Run identity-building activities."""
        levers.identity_building = intensity


class ResidentCommunication(Policy):
    """Needs surveys and feedback channels (IV.C.2), against information asymmetry.

    Organizations and the government learn residents' real needs faster, from
    surveys and from what participants tell them.
    """

    name = "resident_communication"
    level = "residents"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Open needs channels."""
        levers.communication = intensity


class ParticipationInnovation(Policy):
    """Deliberative councils where residents decide on projects (IV.C.3).

    Raises perceived efficacy, lowers the cost of taking part, and lets
    participants' needs steer the government's choice of projects.
    """

    name = "participation_innovation"
    level = "residents"

    def apply(self, levers: Levers, intensity: float, model) -> None:
        """Introduce the new participation model."""
        levers.innovation = intensity
