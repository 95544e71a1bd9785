"""The behavioural coefficients of every submodel, as scenario parameters.

One table per submodel under ``[mechanisms]`` (docs/odd.md describes each
submodel and names these keys). Nothing here is a policy: a policy moves a
lever, and these coefficients say how strongly a mechanism responds to it. Each
has a valid range, a plausible range (the default bounds of sensitivity and
robustness designs), a unit and a source; ``assumed`` marks the many that no
publication pins down, which is why a robustness study sweeps them.
"""

from __future__ import annotations

from govsim.config.fields import Strict, count, number, section

__all__ = [
    "AwarenessMechanism",
    "DeliveryMechanism",
    "DisclosureMechanism",
    "DonationMechanism",
    "EfficacyMechanism",
    "IdentityMechanism",
    "LearningMechanism",
    "MechanismSettings",
    "ParticipationMechanism",
    "ProcurementMechanism",
    "RegistrationMechanism",
    "SatisfactionMechanism",
    "StaffingMechanism",
    "VoiceMechanism",
]

_A = "assumed"


class ProcurementMechanism(Strict):
    """How the government sizes projects and scores bids (ODD submodel 7.1)."""

    max_delegation: float = number(
        0.9,
        0.0,
        1.0,
        "Largest share of the service budget a street can delegate",
        unit="share",
        source="case study IV.A.1; assumed",
        plausible=(0.7, 1.0),
    )
    need_exponent: float = number(
        2.0,
        0.0,
        6.0,
        "Exponent of perceived need in a project's budget weight",
        unit="1",
        source=_A,
        plausible=(1.0, 3.0),
    )
    grade_weight: float = number(
        0.35,
        0.0,
        2.0,
        "Weight of the evaluation grade in a bid's score (with evaluation on)",
        unit="1",
        source="case study IV.A.3; assumed",
        plausible=(0.15, 0.6),
    )
    fit_weight: float = number(
        0.25,
        0.0,
        2.0,
        "Weight of capacity fit (capacity against the services a project needs)",
        unit="1",
        source=_A,
        plausible=(0.1, 0.4),
    )
    knowledge_weight: float = number(
        0.15,
        0.0,
        2.0,
        "Weight of the bidder's knowledge of residents' needs",
        unit="1",
        source=_A,
        plausible=(0.0, 0.3),
    )
    reputation_weight: float = number(
        0.15,
        0.0,
        2.0,
        "Weight of the reputation the buyer sees",
        unit="1",
        source=_A,
        plausible=(0.0, 0.3),
    )
    home_bonus: float = number(
        0.1,
        0.0,
        1.0,
        "Score bonus of a bid in the bidder's home community",
        unit="1",
        source=_A,
        plausible=(0.0, 0.2),
    )
    incumbency_bonus: float = number(
        0.1,
        0.0,
        1.0,
        "Score bonus of the organization that held the project last year",
        unit="1",
        source="case study II.C (project renewals); assumed",
        plausible=(0.0, 0.2),
    )
    award_noise: float = number(
        0.05,
        0.0,
        1.0,
        "Standard deviation of the buyer's noise in scoring bids",
        unit="1",
        source=_A,
        plausible=(0.0, 0.1),
    )
    grade_good: float = number(
        0.75,
        0.0,
        1.0,
        "Grade score of 'good' (excellent 1, unqualified 0)",
        unit="score",
        source=_A,
        plausible=(0.6, 0.9),
    )
    grade_qualified: float = number(
        0.5,
        0.0,
        1.0,
        "Grade score of 'qualified'",
        unit="score",
        source=_A,
        plausible=(0.3, 0.7),
    )
    grade_unrated: float = number(
        0.5,
        0.0,
        1.0,
        "Grade score of an organization not yet evaluated",
        unit="score",
        source=_A,
        plausible=(0.3, 0.7),
    )
    prior_reputation: float = number(
        0.5,
        0.0,
        1.0,
        "Reputation a buyer or donor assumes where information is not disclosed",
        unit="score",
        source=_A,
        plausible=(0.3, 0.7),
    )
    serve_elsewhere_reputation: float = number(
        0.6,
        0.0,
        1.0,
        "Reputation above which a cultivated organization bids outside its home",
        unit="score",
        source=_A,
        plausible=(0.4, 0.8),
    )
    extra_projects: int = count(
        2,
        0,
        50,
        "Projects an organization may hold beyond one per staff member",
        unit="projects",
        source=_A,
        plausible=(1, 4),
    )
    overhead: float = number(
        1.3,
        1.0,
        3.0,
        "Price of a service as a multiple of its staff cost",
        unit="1",
        source=_A,
        plausible=(1.1, 1.6),
    )


class DeliveryMechanism(Strict):
    """Capacity, quality and targeting of services, and in-house domains (ODD 7.2, 7.3)."""

    skill_capacity_floor: float = number(
        0.4,
        0.0,
        1.0,
        "Capacity of unskilled staff as a share of fully skilled staff",
        unit="share",
        source=_A,
        plausible=(0.2, 0.6),
    )
    management_capacity_floor: float = number(
        0.7,
        0.0,
        1.0,
        "Capacity under the worst management as a share of the best",
        unit="share",
        source="case study II.B (chaotic management); assumed",
        plausible=(0.5, 0.9),
    )
    quality_base: float = number(
        0.2,
        0.0,
        1.0,
        "Quality of a service by unskilled, unmanaged non-professionals",
        unit="score",
        source=_A,
        plausible=(0.1, 0.3),
    )
    quality_skill: float = number(
        0.4,
        0.0,
        1.0,
        "Quality added by full skill",
        unit="score",
        source=_A,
        plausible=(0.25, 0.55),
    )
    quality_professional: float = number(
        0.2,
        0.0,
        1.0,
        "Quality added when all staff are professionals",
        unit="score",
        source="case study II.B (professional skills); assumed",
        plausible=(0.1, 0.3),
    )
    quality_management: float = number(
        0.2,
        0.0,
        1.0,
        "Quality added by the best management",
        unit="score",
        source=_A,
        plausible=(0.1, 0.3),
    )
    awareness_reach: float = number(
        0.15,
        0.0,
        1.0,
        "Weight of awareness of organizations in who a provider reaches",
        unit="share",
        source=_A,
        plausible=(0.0, 0.3),
    )
    inhouse_domains: int = count(
        3,
        1,
        8,
        "Domains community workers cover in each community",
        unit="domains",
        source=_A,
        plausible=(2, 5),
    )


class StaffingMechanism(Strict):
    """Pay, hiring, quitting, the recruitment programme and starving (ODD 7.4, 7.6)."""

    staff_income_share: float = number(
        0.85,
        0.1,
        1.0,
        "Share of income an organization spends on staff",
        unit="share",
        source=_A,
        plausible=(0.7, 0.95),
    )
    reserve_drawdown_months: float = number(
        24.0,
        1.0,
        240.0,
        "Months over which reserves above the buffer are spent on staff",
        unit="months",
        source=_A,
        plausible=(12.0, 48.0),
    )
    hiring_step: float = number(
        0.25,
        0.0,
        1.0,
        "Most an organization grows its staff in a month, as a share of staff",
        unit="share per month",
        source=_A,
        plausible=(0.1, 0.5),
    )
    hire_skill: float = number(
        0.2,
        0.0,
        1.0,
        "Skill of a newly hired ordinary staff member",
        unit="score",
        source="case study III.B (new graduates); assumed",
        plausible=(0.1, 0.3),
    )
    professional_skill: float = number(
        0.6,
        0.0,
        1.0,
        "Skill of a newly hired professional",
        unit="score",
        source=_A,
        plausible=(0.45, 0.75),
    )
    professional_pull: float = number(
        0.5,
        0.0,
        1.0,
        "Share of non-professional hires the recruitment programme makes professional",
        unit="share",
        source="case study IV.B.4; assumed",
        plausible=(0.2, 0.8),
    )
    management_retention: float = number(
        0.4,
        0.0,
        1.0,
        "Cut in quitting under the best management",
        unit="share",
        source=_A,
        plausible=(0.2, 0.6),
    )
    skill_loss_on_quit: float = number(
        0.3,
        0.0,
        1.0,
        "Share of leavers' skill above a new hire's that leaves with them",
        unit="share",
        source=_A,
        plausible=(0.1, 0.5),
    )
    allowance_share: float = number(
        0.4,
        0.0,
        2.0,
        "Title allowance of a professional at full intensity, as a share of salary",
        unit="share of salary",
        source="case study IV.B.4; assumed",
        plausible=(0.2, 0.6),
    )
    support_share: float = number(
        0.15,
        0.0,
        2.0,
        "Salary support of ordinary staff at full intensity, as a share of salary",
        unit="share of salary",
        source="case study IV.B.4; assumed",
        plausible=(0.05, 0.3),
    )
    starving_salaries: float = number(
        1.0,
        0.0,
        24.0,
        "An organization starves when cash and yearly income are both below this many salaries",
        unit="salaries",
        source=_A,
        plausible=(0.5, 3.0),
    )


class LearningMechanism(Strict):
    """How organizations' skill, management, independence and knowledge change (ODD 7.5)."""

    skill_learning: float = number(
        0.004,
        0.0,
        0.2,
        "Monthly share of the skill gap closed by experience alone",
        unit="per month",
        source=_A,
        plausible=(0.0, 0.01),
    )
    training_skill: float = number(
        0.03,
        0.0,
        0.5,
        "Monthly share of the skill gap closed by training at full intensity",
        unit="per month",
        source="case study IV.B.3; assumed",
        plausible=(0.01, 0.06),
    )
    training_management: float = number(
        0.01,
        0.0,
        0.5,
        "Monthly share of the management gap closed by finance training",
        unit="per month",
        source="case study IV.B.3; assumed",
        plausible=(0.0, 0.03),
    )
    governance_management: float = number(
        0.03,
        0.0,
        0.5,
        "Monthly share of the management gap closed by charters and boards in use "
        "(also while restructuring)",
        unit="per month",
        source="case study IV.B.1, IV.A.3; assumed",
        plausible=(0.01, 0.06),
    )
    independence_rate: float = number(
        0.03,
        0.0,
        0.5,
        "Monthly share of the independence gap closed at full intensity",
        unit="per month",
        source="case study IV.B.2; assumed",
        plausible=(0.01, 0.06),
    )
    knowledge_learning: float = number(
        0.1,
        0.0,
        1.0,
        "Monthly share of the knowledge gap closed by a full needs signal",
        unit="per month",
        source=_A,
        plausible=(0.05, 0.2),
    )
    reputation_learning: float = number(
        0.2,
        0.0,
        1.0,
        "Monthly weight of this month's served experience in reputation",
        unit="per month",
        source=_A,
        plausible=(0.1, 0.4),
    )
    fee_reputation_floor: float = number(
        0.5,
        0.0,
        2.0,
        "Fee potential per staff with no reputation, as a multiple of own_income (reputation "
        "adds up to one more)",
        unit="1",
        source=_A,
        plausible=(0.25, 1.0),
    )


class RegistrationMechanism(Strict):
    """Entry of new organizations and the registration policy's reach (ODD 7.15)."""

    domains_per_org: int = count(
        2,
        1,
        8,
        "Service domains a new organization offers",
        unit="domains",
        source="case study II (eight domains); assumed",
        plausible=(1, 3),
    )
    max_cost_cut: float = number(
        0.8,
        0.0,
        1.0,
        "Share of the registration cost the threshold policy removes at full intensity",
        unit="share",
        source="case study IV.A.3; assumed",
        plausible=(0.5, 1.0),
    )
    filing_cost_cut: float = number(
        0.5,
        0.0,
        1.0,
        "Further cut of the cost for cultivated groups by easy filing",
        unit="share",
        source="case study IV.A.3 (filing system); assumed",
        plausible=(0.2, 0.8),
    )
    new_org_independence: float = number(
        0.5,
        0.0,
        1.0,
        "Independence of new organizations per unit of the independence lever",
        unit="share",
        source="case study IV.B.2 (no appointees); assumed",
        plausible=(0.2, 0.8),
    )
    cultivated_staff_share: float = number(
        0.5,
        0.0,
        1.0,
        "Staff of a cultivated organization as a share of an introduced one's",
        unit="share",
        source="case study II (small inside groups); assumed",
        plausible=(0.3, 1.0),
    )
    cultivated_skill_factor: float = number(
        0.8,
        0.0,
        2.0,
        "Skill of a cultivated organization relative to the initial mean",
        unit="1",
        source=_A,
        plausible=(0.6, 1.0),
    )
    cultivated_knowledge_bonus: float = number(
        0.35,
        0.0,
        1.0,
        "Knowledge of needs a cultivated organization has above the initial mean",
        unit="score",
        source="case study II, III.C; assumed",
        plausible=(0.15, 0.5),
    )
    cultivated_independence_bonus: float = number(
        0.2,
        0.0,
        1.0,
        "Independence a cultivated organization has above the initial mean",
        unit="score",
        source=_A,
        plausible=(0.0, 0.4),
    )
    introduced_skill_bonus: float = number(
        0.1,
        0.0,
        1.0,
        "Skill an introduced organization has above the initial mean",
        unit="score",
        source=_A,
        plausible=(0.0, 0.2),
    )
    trait_spread: float = number(
        12.0,
        1.0,
        1000.0,
        "Concentration of organizations' trait draws (higher: more alike)",
        unit="1",
        source=_A,
        plausible=(6.0, 24.0),
    )


class SatisfactionMechanism(Strict):
    """Satisfaction and trust from services (ODD 7.7)."""

    unmet_level: float = number(
        0.2,
        0.0,
        1.0,
        "Satisfaction an unmet need drifts toward",
        unit="score",
        source=_A,
        plausible=(0.1, 0.3),
    )
    unmet_learning: float = number(
        0.1,
        0.0,
        1.0,
        "Pull of an unmet need relative to a served experience",
        unit="share",
        source=_A,
        plausible=(0.05, 0.3),
    )


class AwarenessMechanism(Strict):
    """Awareness of organizations (ODD 7.8, 7.11)."""

    forgetting: float = number(
        0.01,
        0.0,
        0.5,
        "Monthly share of awareness forgotten",
        unit="per month",
        source=_A,
        plausible=(0.0, 0.03),
    )
    disclosure_rate: float = number(
        0.05,
        0.0,
        1.0,
        "Monthly share of the awareness gap public information closes",
        unit="per month",
        source="case study IV.A.3 (information network); assumed",
        plausible=(0.01, 0.1),
    )
    weight: float = number(
        0.5,
        0.0,
        5.0,
        "Participation utility per unit of awareness of organizations",
        unit="logit",
        source=_A,
        plausible=(0.0, 1.0),
    )


class DisclosureMechanism(Strict):
    """What public information does to trust (ODD 7.8): it shows reputations as they are."""

    trust_rate: float = number(
        0.01,
        0.0,
        0.5,
        "Monthly pull of trust toward organizations' actual mean reputation at full disclosure",
        unit="per month",
        source="case study IV.A.3; assumed",
        plausible=(0.0, 0.03),
    )


class IdentityMechanism(Strict):
    """Community identity: from taking part, and from identity-building activities (ODD 7.9)."""

    participation_gain: float = number(
        0.01,
        0.0,
        0.2,
        "Monthly share of the identity gap closed by taking part",
        unit="per month",
        source="case study IV.C.1; assumed",
        plausible=(0.0, 0.02),
    )
    activity_gain: float = number(
        0.02,
        0.0,
        0.5,
        "Monthly share of the identity gap an attended activity closes",
        unit="per month",
        source="case study IV.C.1; assumed",
        plausible=(0.005, 0.04),
    )
    reach_participants: float = number(
        0.5,
        0.0,
        1.0,
        "Share of participants attending activities in a month at full intensity",
        unit="share",
        source=_A,
        plausible=(0.2, 0.8),
    )
    reach_others: float = number(
        0.05,
        0.0,
        1.0,
        "Share of other residents attending in a month at full intensity",
        unit="share",
        source=_A,
        plausible=(0.0, 0.15),
    )


class EfficacyMechanism(Strict):
    """Perceived efficacy of taking part (ODD 7.10)."""

    initial: float = number(
        0.2,
        0.0,
        1.0,
        "Initial perceived efficacy",
        unit="score",
        source=_A,
        plausible=(0.1, 0.3),
    )
    rate: float = number(
        0.1,
        0.0,
        1.0,
        "Monthly pull of efficacy toward its target",
        unit="per month",
        source=_A,
        plausible=(0.05, 0.2),
    )
    base: float = number(
        0.15,
        0.0,
        1.0,
        "Efficacy target with no responsiveness and no decision rights",
        unit="score",
        source=_A,
        plausible=(0.05, 0.25),
    )
    responsiveness_weight: float = number(
        0.4,
        0.0,
        1.0,
        "Efficacy target added by fully needs-matched services",
        unit="score",
        source=_A,
        plausible=(0.2, 0.6),
    )
    decision_weight: float = number(
        0.3,
        0.0,
        1.0,
        "Efficacy target added by deciding on projects (participation innovation)",
        unit="score",
        source="Wu et al. 2024 (participatory budgeting); assumed",
        plausible=(0.0, 0.4),
    )


class ParticipationMechanism(Strict):
    """Reconsidering participation (ODD 7.11)."""

    decision_cost_cut: float = number(
        0.3,
        0.0,
        1.0,
        "Share of the time cost a deliberative council removes at full intensity",
        unit="share",
        source="case study IV.C.3; assumed",
        plausible=(0.0, 0.5),
    )
    user_window: int = count(
        12,
        1,
        120,
        "Months a served resident counts as a service user",
        unit="months",
        source=_A,
        plausible=(6, 24),
    )


class VoiceMechanism(Strict):
    """How residents' needs reach the government and organizations (ODD 7.12)."""

    channel_scale: float = number(
        4.0,
        0.0,
        100.0,
        "Participation share at which the participants' channel is full, inverted",
        unit="1",
        source=_A,
        plausible=(2.0, 8.0),
    )
    participants_to_government: float = number(
        0.1,
        0.0,
        1.0,
        "Information a full participants' channel carries to the government with no policy "
        "(residents' committees)",
        unit="share",
        source="case study III.C; assumed",
        plausible=(0.0, 0.3),
    )
    survey_to_government: float = number(
        0.3,
        0.0,
        1.0,
        "Information needs surveys carry to the government at full intensity",
        unit="share",
        source="case study IV.C.2; assumed",
        plausible=(0.1, 0.5),
    )
    communication_to_government: float = number(
        0.3,
        0.0,
        1.0,
        "Information a full participants' channel adds with feedback channels",
        unit="share",
        source="case study IV.C.2; assumed",
        plausible=(0.1, 0.5),
    )
    decision_to_government: float = number(
        0.7,
        0.0,
        1.0,
        "Information a full participants' channel adds when residents decide",
        unit="share",
        source="case study IV.C.3; assumed",
        plausible=(0.3, 0.9),
    )
    survey_to_organizations: float = number(
        0.5,
        0.0,
        1.0,
        "Needs signal surveys give organizations at full intensity",
        unit="share",
        source="case study IV.C.2; assumed",
        plausible=(0.2, 0.7),
    )
    participants_to_organizations: float = number(
        0.3,
        0.0,
        1.0,
        "Needs signal a full participants' channel gives organizations",
        unit="share",
        source="case study III.C; assumed",
        plausible=(0.1, 0.5),
    )
    communication_to_organizations: float = number(
        0.7,
        0.0,
        1.0,
        "Needs signal a full participants' channel adds with feedback channels",
        unit="share",
        source="case study IV.C.2; assumed",
        plausible=(0.3, 0.9),
    )


class DonationMechanism(Strict):
    """Enterprise donations (ODD 7.13)."""

    trust_response: float = number(
        2.0,
        0.0,
        20.0,
        "Donations reach their full share at a community trust of 1 / this",
        unit="1",
        source=_A,
        plausible=(1.0, 4.0),
    )
    independence_preference: float = number(
        0.3,
        0.0,
        10.0,
        "Weight of a fully dependent organization relative to independence gain",
        unit="1",
        source="Shen & Yu 2019 (crowding in); assumed",
        plausible=(0.1, 1.0),
    )
    reputation_exponent: float = number(
        2.0,
        0.0,
        6.0,
        "Exponent of seen reputation in donors' choice",
        unit="1",
        source=_A,
        plausible=(1.0, 3.0),
    )


class MechanismSettings(Strict):
    """The behavioural coefficients of every submodel."""

    procurement: ProcurementMechanism = section(ProcurementMechanism, "Procurement and awards")
    delivery: DeliveryMechanism = section(DeliveryMechanism, "Service delivery")
    staffing: StaffingMechanism = section(StaffingMechanism, "Pay, hiring and quitting")
    learning: LearningMechanism = section(LearningMechanism, "Organizations' development")
    registration: RegistrationMechanism = section(RegistrationMechanism, "Entry of organizations")
    satisfaction: SatisfactionMechanism = section(SatisfactionMechanism, "Satisfaction")
    awareness: AwarenessMechanism = section(AwarenessMechanism, "Awareness of organizations")
    disclosure: DisclosureMechanism = section(DisclosureMechanism, "Public information")
    identity: IdentityMechanism = section(IdentityMechanism, "Community identity")
    efficacy: EfficacyMechanism = section(EfficacyMechanism, "Perceived efficacy")
    participation: ParticipationMechanism = section(ParticipationMechanism, "Participation")
    voice: VoiceMechanism = section(VoiceMechanism, "Residents' voice")
    donations: DonationMechanism = section(DonationMechanism, "Enterprise donations")
