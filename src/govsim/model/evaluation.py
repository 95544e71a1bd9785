"""Multi-party evaluation: grades, restructuring, suspension, exit and incentives.

Case study IV.A.3: a review by the purchaser, the service objects and a third
party every three years; four grades; a restructuring period for unqualified
organizations, suspension and then exit for those that fail again; incentive
funds for excellent ones. Evaluation acts only through what it changes: grades
weigh in awards (selection), unqualified organizations restructure or leave,
and incentive funds are money from the street's budget. It adds no bonus to
skill or management: an organization restructuring puts charters and boards to
use through the internal-governance mechanism (submodel 7.5), as restructuring
means. ``[evaluation]`` holds every coefficient.
"""

from __future__ import annotations

from govsim.model.context import ModelContext
from govsim.model.organizations import Grade, OrgStatus, SocialOrganization

__all__ = ["advance_statuses", "evaluate_all", "evaluation_due", "grade_of", "score"]


def score(org: SocialOrganization, model: ModelContext) -> float:
    """Multi-party score in [0, 1], with judging noise.

    purchaser: share of the expected services delivered since the last review;
    residents: the organization's reputation among those it served;
    third party: skill, management and professional share.
    """
    e = model.scenario.evaluation
    if org.eval_expected:
        purchaser = min(1.0, org.eval_delivered / org.eval_expected)
    else:
        purchaser = e.purchaser_prior
    third = (
        e.third_party_skill * org.skill
        + e.third_party_management * org.management
        + e.third_party_professional * org.professional_share
    )
    total = e.purchaser_weight + e.residents_weight + e.third_party_weight
    value = (
        (
            e.purchaser_weight * purchaser
            + e.residents_weight * org.reputation
            + e.third_party_weight * third
        )
        / total
        if total > 0
        else 0.0
    )
    noise = model.rng_dyn.normal(0.0, e.judge_noise)
    return min(1.0, max(0.0, value + noise))


def grade_of(value: float, model: ModelContext) -> Grade:
    """The grade a score earns."""
    e = model.scenario.evaluation
    for grade, low in (
        (Grade.EXCELLENT, e.excellent_score),
        (Grade.GOOD, e.good_score),
        (Grade.QUALIFIED, e.qualified_score),
    ):
        if value >= low:
            return grade
    return Grade.UNQUALIFIED


def evaluation_due(model: ModelContext, month: int) -> bool:
    """True in the last month of each evaluation cycle since the policy started."""
    if model.levers.evaluation <= 0:
        return False
    start = model.scenario.policies.evaluation_system.start
    cycle = model.scenario.evaluation.cycle_months
    return (month - start) % cycle == cycle - 1


def evaluate_all(model: ModelContext) -> None:
    """Grade every active organization old enough; act on the grades."""
    e = model.scenario.evaluation
    for org in model.organizations:
        if org.status is not OrgStatus.ACTIVE or org.age < e.min_age:
            continue
        org.grade = grade_of(score(org, model), model)
        org.eval_delivered, org.eval_expected = 0, 0.0
        if org.grade is Grade.UNQUALIFIED:
            org.status = OrgStatus.RESTRUCTURING
            org.status_months = e.restructuring_months
        elif org.grade is Grade.EXCELLENT:
            # grades are announced at the cycle's end; funds are paid next month
            model.pending_payments.append((org, e.incentive * model.levers.evaluation, "incentive"))


def advance_statuses(model: ModelContext) -> None:
    """Count down restructuring and suspension; re-review, suspend or exit."""
    e = model.scenario.evaluation
    for org in model.organizations:
        if org.status not in (OrgStatus.RESTRUCTURING, OrgStatus.SUSPENDED):
            continue
        org.status_months -= 1
        if org.status_months > 0:
            continue
        if org.status is OrgStatus.SUSPENDED:
            org.exit()
        elif grade_of(score(org, model), model) is Grade.UNQUALIFIED:
            org.status = OrgStatus.SUSPENDED
            org.status_months = e.suspension_months
            model.release_projects(org)
        else:
            org.status, org.grade = OrgStatus.ACTIVE, Grade.QUALIFIED
        org.eval_delivered, org.eval_expected = 0, 0.0
