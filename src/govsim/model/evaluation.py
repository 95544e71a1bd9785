"""Multi-party evaluation: grades, restructuring, suspension, exit and incentives.

Case study IV.A.3: a review by the purchaser, the service objects and a third
party every three years; four grades; a restructuring period for unqualified
organizations, suspension and then exit for those that fail again; incentive
funds for excellent ones.
"""

from __future__ import annotations

from govsim.model.agents import Grade, OrgStatus, SocialOrganization
from govsim.model.context import ModelContext

__all__ = ["THRESHOLDS", "advance_statuses", "evaluate_all", "evaluation_due", "grade_of", "score"]

#: Lowest score of each grade, best first; below the last is unqualified.
THRESHOLDS = ((Grade.EXCELLENT, 0.62), (Grade.GOOD, 0.5), (Grade.QUALIFIED, 0.4))
#: Weights of the purchaser, the residents served and the third party.
WEIGHTS = (0.3, 0.4, 0.3)
#: Skill gained from spending an incentive fund on staff development, at full strength.
INCENTIVE_SKILL = 0.15
#: Organizations younger than this (months) are not evaluated yet.
MIN_AGE = 12


def score(org: SocialOrganization, model: ModelContext) -> float:
    """Multi-party score in [0, 1], with third-party judging noise.

    purchaser: share of the expected services delivered since the last review;
    residents: the organization's reputation among those it served;
    third party: skill, management and professional share.
    """
    purchaser = min(1.0, org.eval_delivered / org.eval_expected) if org.eval_expected else 0.5
    third = 0.4 * org.skill + 0.3 * org.management + 0.3 * org.professional_share
    w_p, w_r, w_t = WEIGHTS
    noise = model.rng_dyn.normal(0.0, model.scenario.evaluation.judge_noise)
    return min(1.0, max(0.0, w_p * purchaser + w_r * org.reputation + w_t * third + noise))


def grade_of(value: float) -> Grade:
    """The grade a score earns."""
    for grade, low in THRESHOLDS:
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
        if org.status is not OrgStatus.ACTIVE or org.age < MIN_AGE:
            continue
        org.grade = grade_of(score(org, model))
        org.eval_delivered, org.eval_expected = 0, 0.0
        if org.grade is Grade.UNQUALIFIED:
            org.status = OrgStatus.RESTRUCTURING
            org.status_months = e.restructuring_months
        elif org.grade is Grade.EXCELLENT:
            model.pay_government(org, e.incentive * model.levers.evaluation, kind="incentive")
            # the incentive is earmarked for staff development (IV.A.3: "financial support")
            org.skill += INCENTIVE_SKILL * model.levers.evaluation * (1.0 - org.skill)


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
        elif grade_of(score(org, model)) is Grade.UNQUALIFIED:
            org.status = OrgStatus.SUSPENDED
            org.status_months = e.suspension_months
            org.projects = []
        else:
            org.status, org.grade = OrgStatus.ACTIVE, Grade.QUALIFIED
        org.eval_delivered, org.eval_expected = 0, 0.0
