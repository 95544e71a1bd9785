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
    title_zh = "健全内部治理"
    changes = (
        "Charters, boards and departments in use: organizations' management quality rises "
        "month by month."
    )
    changes_zh = "章程、理事会和职能部门真正运转：社会组织的内部管理水平逐月提高。"

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
    title_zh = "增强独立性"
    changes = (
        "No government appointees and diversified income: independence rises, so affiliation "
        "wins fewer projects and own income grows."
    )
    changes_zh = "不由政府人员任职、收入来源多元：独立性提高，靠挂靠赢得的项目减少，自有收入增长。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the independence lever."""
        levers.independence = max(levers.independence, intensity)


class Training(Policy):
    """Service-skill and finance training (IV.B.3): skill and financial management rise."""

    name = "training"
    level = "organizations"
    section = "IV.B.3"
    title = "Training"
    title_zh = "加强人员培训"
    changes = (
        "Service-skill and finance training: staff skill (capacity and quality) and financial "
        "management rise."
    )
    changes_zh = "服务技能与财务培训：员工技能（服务能力与质量）和财务管理水平提高。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the training lever."""
        levers.training = max(levers.training, intensity)


class ProfessionalRecruitment(Policy):
    """Title allowance for professionals and salary support for other staff (IV.B.4).

    Against low pay and turnover: the government tops up staff pay from the
    street's budget, which narrows the pay gap that drives quitting, and more
    new hires are professionals.
    """

    name = "professional_recruitment"
    level = "organizations"
    section = "IV.B.4"
    title = "Professional recruitment"
    title_zh = "引进专业人才"
    changes = (
        "Title allowance and salary support, paid from the street's budget: a smaller pay gap "
        "lowers turnover and more new hires are professionals."
    )
    changes_zh = "职称津贴与薪酬补贴：薪酬差距缩小、流失率下降，新招聘人员中专业人才增多。"

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the recruitment lever."""
        levers.recruitment = max(levers.recruitment, intensity)
