"""Organization-level countermeasures (case study IV.B)."""

from __future__ import annotations

from govsim.policies.base import Levers, Policy

__all__ = ["Independence", "InternalGovernance", "ProfessionalRecruitment", "Training"]


class InternalGovernance(Policy):
    """Charters, boards and departments actually used (IV.B.1): management improves."""

    name = "internal_governance"
    level = "organizations"
    section = "IV.B.1"
    title = "Internal governance"
    changes = (
        "Charters, boards and departments in use: organizations' management quality rises "
        "month by month."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the governance lever."""
        levers.governance = max(levers.governance, intensity)


class Independence(Policy):
    """No government appointees and diversified income (IV.B.2).

    Organizations' independence rises: affiliation stops winning projects and
    own income (fees, local resources) grows.
    """

    name = "independence"
    level = "organizations"
    section = "IV.B.2"
    title = "Independence"
    changes = (
        "No government appointees and diversified income: independence rises, so affiliation "
        "wins fewer projects and own income grows."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the independence lever."""
        levers.independence = max(levers.independence, intensity)


class Training(Policy):
    """Service-skill and finance training (IV.B.3): skill and financial management rise."""

    name = "training"
    level = "organizations"
    section = "IV.B.3"
    title = "Training"
    changes = (
        "Service-skill and finance training: staff skill (capacity and quality) and financial "
        "management rise."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the training lever."""
        levers.training = max(levers.training, intensity)


class ProfessionalRecruitment(Policy):
    """Title allowance and salary support for professionals (IV.B.4).

    Against low pay and turnover: the government tops up professionals' pay,
    which narrows the pay gap that drives quitting and attracts professionals.
    """

    name = "professional_recruitment"
    level = "organizations"
    section = "IV.B.4"
    title = "Professional recruitment"
    changes = (
        "Title allowance and salary support, paid from the street's budget: a smaller pay gap "
        "lowers turnover and more new hires are professionals."
    )

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the recruitment lever."""
        levers.recruitment = max(levers.recruitment, intensity)
