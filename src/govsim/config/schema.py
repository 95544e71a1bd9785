"""The scenario schema: every parameter with its default, range and description.

This module is the single source of truth for parameters. The loader
(:mod:`govsim.config.scenario`), the command line, the sensitivity designs and the ODD
parameter tables all read the defaults and ranges declared here.

Units: money in yuan, time in months (one model step), rates per month unless
the description says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from govsim.config.fields import Strict, count, number, section
from govsim.config.mechanisms import MechanismSettings
from govsim.policies import PolicySettings, policy_names

__all__ = [
    "DOMAINS",
    "EnterpriseSettings",
    "EvaluationSettings",
    "GovernmentSettings",
    "NetworkSettings",
    "OrganizationSettings",
    "PopulationSettings",
    "Policies",
    "ResidentSettings",
    "Scenario",
    "WorldSettings",
]

#: Service domains of the case study (section II).
DOMAINS: tuple[str, ...] = (
    "children",
    "adolescents",
    "elderly",
    "orphans",
    "education",
    "disability",
    "environment",
    "construction",
)


_A = "assumed"


def _shares(default: list[float], text: str, source: str, length: int) -> Any:
    """A fixed-length list of values in [0, 1] (input data, not swept by designs)."""
    return Field(
        default,
        min_length=length,
        max_length=length,
        description=text,
        json_schema_extra={"unit": "share", "source": source},
    )


UnitList = list[Annotated[float, Field(ge=0.0, le=1.0)]]


class WorldSettings(Strict):
    """Size and horizon of the simulated street."""

    n_communities: int = count(
        7,
        1,
        50,
        "Communities under the street government",
        unit="communities",
        source="case study II (seven communities)",
        plausible=(3, 12),
    )
    n_residents: int = count(
        10_000,
        1,
        2_000_000,
        "Residents in the whole street",
        unit="residents",
        source=_A,
        plausible=(2_000, 50_000),
    )
    steps: int = count(
        120,
        1,
        1200,
        "Months simulated after the warm-up (default 10 years)",
        unit="months",
        source="model concept (ten-year horizon)",
        plausible=(60, 240),
    )
    warmup_months: int = count(
        360,
        0,
        1200,
        "Months run before month 0 with every policy off and nothing recorded, so the "
        "status quo has settled when policies start",
        unit="months",
        source="measured (participation and trust settle in about 30 years, odd.md 3)",
        plausible=(240, 480),
    )
    community_size_concentration: float = number(
        20.0,
        0.1,
        1e4,
        "Concentration of community sizes around equal shares (Dirichlet)",
        unit="1",
        source=_A,
        plausible=(5.0, 50.0),
    )


class NetworkSettings(Strict):
    """The residents' social graph."""

    degree_within: float = number(
        8.0,
        0.0,
        50.0,
        "Mean ties per resident inside the own community",
        unit="ties",
        source=_A,
        plausible=(4.0, 12.0),
    )
    degree_across: float = number(
        1.0,
        0.0,
        20.0,
        "Mean extra ties per resident to anyone in the street (mostly other communities)",
        unit="ties",
        source=_A,
        plausible=(0.25, 3.0),
    )


class PopulationSettings(Strict):
    """Who lives in the street: age groups and their needs (input data, drawn at the start)."""

    age_shares: UnitList = _shares(
        [0.25, 0.15, 0.35, 0.25],
        "Shares of families with children, adolescents, working age and elderly",
        _A,
        4,
    )
    need_families: UnitList = _shares(
        [0.75, 0.20, 0.15, 0.05, 0.60, 0.05, 0.35, 0.30],
        "Mean need of families with children in each domain, in the order of the domains",
        "case study II (service domains); assumed",
        8,
    )
    need_adolescents: UnitList = _shares(
        [0.10, 0.75, 0.10, 0.05, 0.55, 0.05, 0.30, 0.20],
        "Mean need of adolescents in each domain",
        "case study II (service domains); assumed",
        8,
    )
    need_working_age: UnitList = _shares(
        [0.15, 0.10, 0.20, 0.05, 0.25, 0.05, 0.50, 0.45],
        "Mean need of working-age residents in each domain",
        "case study II (service domains); assumed",
        8,
    )
    need_elderly: UnitList = _shares(
        [0.05, 0.05, 0.80, 0.05, 0.15, 0.20, 0.35, 0.30],
        "Mean need of elderly residents in each domain",
        "case study II (service domains); assumed",
        8,
    )
    need_noise: float = number(
        0.15,
        0.0,
        1.0,
        "Standard deviation of a resident's need around the group's mean",
        unit="score",
        source=_A,
        plausible=(0.05, 0.25),
    )
    opinion_spread: float = number(
        8.0,
        1.0,
        1000.0,
        "Concentration of initial trust, awareness, identity and satisfaction (beta; higher: "
        "more alike)",
        unit="1",
        source=_A,
        plausible=(4.0, 16.0),
    )

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> PopulationSettings:
        if abs(sum(self.age_shares) - 1.0) > 1e-6:
            raise PydanticCustomError(
                "shares_sum",
                "age shares that sum to 1 (they sum to {total})",
                {"total": round(sum(self.age_shares), 6)},
            )
        return self


class GovernmentSettings(Strict):
    """The street government: budget, delegation and its picture of needs."""

    budget_per_resident: float = number(
        300.0,
        0.0,
        5000.0,
        "Yearly service budget per resident: every yuan the government spends on services, "
        "purchases and programmes comes out of it",
        unit="yuan per resident-year",
        source="Chengdu 2018 public-service funds (~100 yuan per resident-year for community "
        "funds alone); assumed",
        plausible=(150.0, 450.0),
    )
    delegation: float = number(
        0.35,
        0.0,
        1.0,
        "Share of service functions delegated to organizations before policy (the transfer "
        "policy raises it toward mechanisms.procurement.max_delegation, never lowers it)",
        unit="share",
        source="case study II.A ('big government, small society'); assumed",
        plausible=(0.2, 0.5),
    )
    fidelity: float = number(
        0.7,
        0.0,
        1.0,
        "Share of planned purchases actually made before policy (rest in-house)",
        unit="share",
        source="case study IV.A.2 ('one needle below'); assumed",
        plausible=(0.5, 0.9),
    )
    budget_volatility: float = number(
        0.3,
        0.0,
        1.0,
        "Year-to-year spread of purchasing before the legal framework",
        unit="sd of a share",
        source="case study IV.A.2; assumed",
        plausible=(0.1, 0.5),
    )
    needs_bias: float = number(
        0.7,
        0.0,
        1.0,
        "Weight of the government's own priorities over residents' real needs",
        unit="share",
        source="case study III.C (information asymmetry); assumed",
        plausible=(0.5, 0.9),
    )
    priority_concentration: float = number(
        0.8,
        0.01,
        100.0,
        "Concentration of the government's drawn priorities over domains (Dirichlet; low: "
        "lopsided, high: even)",
        unit="1",
        source=_A,
        plausible=(0.3, 3.0),
    )
    priorities: list[Annotated[float, Field(ge=0.0)]] = Field(
        [],
        max_length=len(DOMAINS),
        description="The government's priorities over the domains, if given (else drawn); "
        "normalised to sum to 1",
        json_schema_extra={"unit": "weight", "source": "input"},
    )
    inhouse_cost: float = number(
        90.0,
        1.0,
        1000.0,
        "Cost of one service delivered by community workers",
        unit="yuan",
        source=_A,
        plausible=(60.0, 150.0),
    )
    inhouse_quality: float = number(
        0.4,
        0.0,
        1.0,
        "Quality of services by community workers",
        unit="score",
        source=_A,
        plausible=(0.3, 0.5),
    )
    inhouse_knowledge: float = number(
        0.1,
        0.0,
        1.0,
        "How well community workers target services to real needs",
        unit="score",
        source="case study II.C, III.C; assumed",
        plausible=(0.0, 0.3),
    )
    affiliation_weight: float = number(
        0.4,
        0.0,
        1.0,
        "Weight of affiliation with the government in awarding projects",
        unit="1",
        source="case study II.B ('dispatch agency'); assumed",
        plausible=(0.2, 0.6),
    )
    stop_purchasing_at: int = count(
        0,
        0,
        10_000,
        "Month from whose yearly procurement on the government buys no services (0 = never)",
        unit="month",
        source="model concept (pattern P4)",
        plausible=(0, 0),
    )
    min_project_budget: float = number(
        20_000.0,
        0.0,
        1e8,
        "Smallest project tendered: smaller needs are not bought",
        unit="yuan per year",
        source=_A,
        plausible=(10_000.0, 40_000.0),
    )
    lot_size: float = number(
        50_000.0,
        1.0,
        1e9,
        "Typical project: the money for one domain in one community is tendered in lots "
        "of about this size",
        unit="yuan per year",
        source="Dujiangyan 2021 (389,900 yuan for 8 projects)",
        plausible=(25_000.0, 150_000.0),
    )

    @model_validator(mode="after")
    def _priorities_complete(self) -> GovernmentSettings:
        if self.priorities and (len(self.priorities) != len(DOMAINS) or sum(self.priorities) <= 0):
            raise PydanticCustomError(
                "priorities",
                "no priorities, or {n} non-negative weights with a positive sum",
                {"n": len(DOMAINS)},
            )
        return self


class OrganizationSettings(Strict):
    """Social organizations: initial population, money and staff."""

    per_10k_residents: float = number(
        10.0,
        0.0,
        500.0,
        "Organizations at the start per 10,000 residents (rounded up)",
        unit="per 10,000 residents",
        source="MCA 2022 (~6 registered, ~12 with filed community groups, per 10,000)",
        plausible=(5.0, 15.0),
    )
    introduced_share: float = number(
        0.5,
        0.0,
        1.0,
        "Share of initial organizations introduced from outside",
        unit="share",
        source="case study II (introduced and cultivated)",
        plausible=(0.3, 0.7),
    )
    max_per_10k: float = number(
        40.0,
        0.0,
        1000.0,
        "Most organizations alive at once per 10,000 residents",
        unit="per 10,000 residents",
        source=_A,
        plausible=(20.0, 80.0),
    )
    initial_staff: int = count(
        2,
        1,
        200,
        "Staff of a new organization",
        unit="staff",
        source="case study III.B (small organizations); assumed",
        plausible=(1, 4),
    )
    salary: float = number(
        3500.0,
        500.0,
        20000.0,
        "Monthly salary paid per staff member",
        unit="yuan per month",
        source="Shenzhen 2018 (pay about 0.6-0.8 of the local wage)",
        plausible=(3000.0, 4500.0),
    )
    market_wage: float = number(
        5500.0,
        500.0,
        30000.0,
        "Monthly wage staff could earn elsewhere",
        unit="yuan per month",
        source="Shenzhen 2018",
        plausible=(5000.0, 6500.0),
    )
    services_per_staff: float = number(
        110.0,
        1.0,
        1000.0,
        "Services one staff member delivers per month at full skill",
        unit="services per month",
        source=_A,
        plausible=(60.0, 160.0),
    )
    base_turnover: float = number(
        0.02,
        0.0,
        0.5,
        "Monthly quit probability with no pay gap",
        unit="per month",
        source="Zeng, Li & He 2020 (about 20% a year)",
        plausible=(0.01, 0.03),
    )
    pay_gap_turnover: float = number(
        0.08,
        0.0,
        1.0,
        "Extra monthly quit probability at a 100% pay gap",
        unit="per month",
        source="case study III.B (low pay); assumed",
        plausible=(0.02, 0.15),
    )
    workload_turnover: float = number(
        0.02,
        0.0,
        1.0,
        "Extra monthly quit probability at double the normal workload",
        unit="per month",
        source="case study III.B (intensive work); assumed",
        plausible=(0.0, 0.05),
    )
    skill: float = number(
        0.35,
        0.0,
        1.0,
        "Initial service skill (capacity and quality)",
        unit="score",
        source="case study II.B, IV.B.3; assumed",
        plausible=(0.2, 0.5),
    )
    management: float = number(
        0.3,
        0.0,
        1.0,
        "Initial internal-management quality",
        unit="score",
        source="case study II.B ('chaotic'); assumed",
        plausible=(0.15, 0.45),
    )
    independence: float = number(
        0.1,
        0.0,
        1.0,
        "Initial independence from the government",
        unit="score",
        source="case study II.B ('rely too much on the government'); assumed",
        plausible=(0.0, 0.3),
    )
    professional_share: float = number(
        0.1,
        0.0,
        1.0,
        "Initial share of professional staff",
        unit="share",
        source=_A,
        plausible=(0.05, 0.25),
    )
    professional_hire: float = number(
        0.1,
        0.0,
        1.0,
        "Chance a new hire is a professional before policy",
        unit="share",
        source="case study III.B; assumed",
        plausible=(0.05, 0.25),
    )
    knowledge: float = number(
        0.15,
        0.0,
        1.0,
        "Initial knowledge of residents' real needs",
        unit="score",
        source="case study II.C, III.C; assumed",
        plausible=(0.05, 0.3),
    )
    knowledge_decay: float = number(
        0.02,
        0.0,
        1.0,
        "Monthly loss of needs knowledge",
        unit="per month",
        source=_A,
        plausible=(0.01, 0.05),
    )
    own_income: float = number(
        3000.0,
        0.0,
        1e5,
        "Monthly fees and own income per staff of a fully independent organization, per "
        "unit of (fee_reputation_floor + reputation)",
        unit="yuan per staff-month",
        source=_A,
        plausible=(1000.0, 5000.0),
    )
    fee_market: float = number(
        6.0,
        0.0,
        1000.0,
        "Most a fully trusting resident spends on organizations' fees",
        unit="yuan per resident-month",
        source=_A,
        plausible=(2.0, 12.0),
    )
    founding_months: float = number(
        9.0,
        0.0,
        60.0,
        "Founders' own funds, in months of payroll, brought to a new organization (booked as "
        "the founders' money)",
        unit="months of payroll",
        source=_A,
        plausible=(3.0, 18.0),
    )
    reserve_months: float = number(
        3.0,
        0.0,
        24.0,
        "Payroll months kept in reserve before hiring",
        unit="months",
        source=_A,
        plausible=(1.0, 6.0),
    )
    registration_cost: float = number(
        80_000.0,
        0.0,
        1e7,
        "Cost of registering a new organization before policy (registration funds and filing), "
        "paid by its founders",
        unit="yuan",
        source="case study III.A, IV.A.3; assumed",
        plausible=(30_000.0, 150_000.0),
    )
    entry_rate: float = number(
        2.0,
        0.0,
        100.0,
        "Outside organizations considering entry per 10,000 residents per year",
        unit="per 10,000 residents per year",
        source="Blue Book of Social Organizations 2023 (growth 0-15% a year)",
        plausible=(0.5, 4.0),
    )
    cultivation_rate: float = number(
        2.0,
        0.0,
        100.0,
        "Groups founded per 10,000 residents per year per 1% of residents volunteering "
        "(before the registration barrier)",
        unit="per 10,000 residents per year per %",
        source="case study II (internal cultivation); assumed",
        plausible=(0.5, 4.0),
    )
    exit_months: int = count(
        6,
        1,
        60,
        "Months without staff or money before an organization folds",
        unit="months",
        source=_A,
        plausible=(3, 12),
    )


class ResidentSettings(Strict):
    """Residents: initial opinions, and how they decide to take part."""

    need_threshold: float = number(
        0.5,
        0.0,
        1.0,
        "Need level above which a resident has a need",
        unit="score",
        source=_A,
        plausible=(0.4, 0.6),
    )
    identity: float = number(
        0.3,
        0.0,
        1.0,
        "Mean initial identity with the community",
        unit="score",
        source="case study III.C ('unit person' to 'social person'); assumed",
        plausible=(0.2, 0.45),
    )
    trust: float = number(
        0.35,
        0.0,
        1.0,
        "Mean initial trust in social organizations",
        unit="score",
        source="case study II.A (low awareness); assumed",
        plausible=(0.2, 0.5),
    )
    awareness: float = number(
        0.2,
        0.0,
        1.0,
        "Mean initial awareness of social organizations",
        unit="score",
        source="case study II.A; assumed",
        plausible=(0.1, 0.35),
    )
    satisfaction: float = number(
        0.35,
        0.0,
        1.0,
        "Mean initial satisfaction with public services",
        unit="score",
        source="case study II.C; assumed",
        plausible=(0.25, 0.5),
    )
    participation: float = number(
        0.05,
        0.0,
        1.0,
        "Initial share of residents participating",
        unit="share",
        source="CAF 2016 (6% volunteered in the past month)",
        plausible=(0.02, 0.1),
    )
    revision_rate: float = number(
        0.1,
        0.0,
        1.0,
        "Share of residents reconsidering participation monthly",
        unit="per month",
        source=_A,
        plausible=(0.05, 0.2),
    )
    base_utility: float = number(
        -3.5,
        -10.0,
        10.0,
        "Participation utility intercept",
        unit="logit",
        source=_A,
        plausible=(-4.5, -2.5),
    )
    identity_weight: float = number(
        2.0,
        0.0,
        10.0,
        "Weight of identity in participation",
        unit="logit",
        source="case study IV.C.1; assumed",
        plausible=(1.0, 3.0),
    )
    trust_weight: float = number(
        1.5,
        0.0,
        10.0,
        "Weight of trust in participation",
        unit="logit",
        source=_A,
        plausible=(0.5, 2.5),
    )
    peer_weight: float = number(
        2.0,
        0.0,
        10.0,
        "Weight of neighbours' participation",
        unit="logit",
        source=_A,
        plausible=(1.0, 3.0),
    )
    efficacy_weight: float = number(
        1.5,
        0.0,
        10.0,
        "Weight of perceived efficacy",
        unit="logit",
        source="Wu et al. 2024; assumed",
        plausible=(0.5, 2.5),
    )
    cost: float = number(
        1.0,
        0.0,
        10.0,
        "Time cost of participating",
        unit="logit",
        source=_A,
        plausible=(0.5, 1.5),
    )
    volunteer_share: float = number(
        0.2,
        0.0,
        1.0,
        "Chance that a participant with full identity volunteers (scaled by identity)",
        unit="share",
        source="CASS 2021 (15% registered volunteers); assumed",
        plausible=(0.1, 0.35),
    )
    volunteer_services: float = number(
        1.0,
        0.0,
        100.0,
        "Services a volunteer adds to organizations per month",
        unit="services per month",
        source="CASS 2021 (7.4 hours a year per volunteer); assumed",
        plausible=(0.5, 2.0),
    )
    word_of_mouth: float = number(
        0.1,
        0.0,
        1.0,
        "Monthly pull of opinions toward neighbours'",
        unit="per month",
        source=_A,
        plausible=(0.05, 0.2),
    )
    learning: float = number(
        0.3,
        0.0,
        1.0,
        "Monthly weight of a new experience in satisfaction and trust",
        unit="per month",
        source=_A,
        plausible=(0.15, 0.45),
    )
    identity_decay: float = number(
        0.01,
        0.0,
        1.0,
        "Monthly relaxation of identity to its baseline",
        unit="per month",
        source=_A,
        plausible=(0.005, 0.03),
    )


class EnterpriseSettings(Strict):
    """Enterprises and their corporate social responsibility budgets."""

    per_community: int = count(
        2,
        0,
        50,
        "Enterprises per community",
        unit="enterprises",
        source=_A,
        plausible=(1, 4),
    )
    csr_per_resident: float = number(
        5.0,
        0.0,
        1000.0,
        "Yearly social-responsibility budget per resident of its community",
        unit="yuan per resident-year",
        source="China Charity Alliance (enterprises give ~70% of donations); assumed",
        plausible=(2.0, 10.0),
    )
    donation_share: float = number(
        0.4,
        0.0,
        1.0,
        "Share of the budget donated when organizations are trusted",
        unit="share",
        source=_A,
        plausible=(0.2, 0.6),
    )


class EvaluationSettings(Strict):
    """The multi-party evaluation cycle (active with the evaluation policy)."""

    cycle_months: int = count(
        36,
        1,
        240,
        "Months between evaluations",
        unit="months",
        source="case study IV.A.3 ('every three years')",
        plausible=(24, 48),
    )
    restructuring_months: int = count(
        12,
        1,
        120,
        "Restructuring period of unqualified organizations",
        unit="months",
        source="case study IV.A.3 ('a year's restructuring')",
        plausible=(6, 18),
    )
    suspension_months: int = count(
        6,
        1,
        120,
        "Suspension before a failing organization exits",
        unit="months",
        source="case study IV.A.3; assumed",
        plausible=(3, 12),
    )
    incentive: float = number(
        30_000.0,
        0.0,
        1e7,
        "Incentive fund for an excellent organization, from the budget",
        unit="yuan",
        source="case study IV.A.3 ('financial support'); assumed",
        plausible=(10_000.0, 60_000.0),
    )
    judge_noise: float = number(
        0.05,
        0.0,
        1.0,
        "Noise in the multi-party score",
        unit="sd of a score",
        source="case study III.A ('differentiation of expert judges')",
        plausible=(0.0, 0.1),
    )
    excellent_score: float = number(
        0.62,
        0.0,
        1.0,
        "Lowest score graded excellent",
        unit="score",
        source=_A,
        plausible=(0.55, 0.7),
    )
    good_score: float = number(
        0.5,
        0.0,
        1.0,
        "Lowest score graded good",
        unit="score",
        source=_A,
        plausible=(0.45, 0.55),
    )
    qualified_score: float = number(
        0.4,
        0.0,
        1.0,
        "Lowest score graded qualified (below: unqualified)",
        unit="score",
        source=_A,
        plausible=(0.3, 0.45),
    )
    purchaser_weight: float = number(
        0.3,
        0.0,
        1.0,
        "Weight of the purchaser (delivered against expected services)",
        unit="1",
        source="case study IV.A.3 (purchaser, service objects, third party)",
        plausible=(0.2, 0.4),
    )
    residents_weight: float = number(
        0.4,
        0.0,
        1.0,
        "Weight of the service objects (the organization's reputation)",
        unit="1",
        source="case study IV.A.3",
        plausible=(0.3, 0.5),
    )
    third_party_weight: float = number(
        0.3,
        0.0,
        1.0,
        "Weight of the third party (skill, management, professionals)",
        unit="1",
        source="case study IV.A.3",
        plausible=(0.2, 0.4),
    )
    third_party_skill: float = number(
        0.4,
        0.0,
        1.0,
        "Third party's weight of skill",
        unit="1",
        source=_A,
        plausible=(0.3, 0.5),
    )
    third_party_management: float = number(
        0.3,
        0.0,
        1.0,
        "Third party's weight of management",
        unit="1",
        source=_A,
        plausible=(0.2, 0.4),
    )
    third_party_professional: float = number(
        0.3,
        0.0,
        1.0,
        "Third party's weight of the professional share",
        unit="1",
        source=_A,
        plausible=(0.2, 0.4),
    )
    purchaser_prior: float = number(
        0.5,
        0.0,
        1.0,
        "Purchaser's score of an organization expected to deliver nothing",
        unit="score",
        source=_A,
        plausible=(0.3, 0.7),
    )
    min_age: int = count(
        12,
        0,
        240,
        "Organizations younger than this are not evaluated yet",
        unit="months",
        source=_A,
        plausible=(6, 24),
    )


class Policies(BaseModel):
    """The countermeasures: one table of :class:`PolicySettings` per registered policy.

    The policies are not listed here: they are the classes registered in
    :mod:`govsim.policies`, so a new policy class appears in the schema without
    editing it. Missing policies get their default settings; an unknown name is
    an error (the scenario loader reports it with its line and the closest name).
    """

    model_config = ConfigDict(strict=True, extra="allow", frozen=True)
    __pydantic_extra__: dict[str, PolicySettings] = Field(init=False)

    @model_validator(mode="before")
    @classmethod
    def _registered_policies(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        names = policy_names()
        unknown = [key for key in data if key not in names]
        if unknown:
            raise PydanticCustomError(
                "unknown_policy", "unknown policy {name}", {"name": str(unknown[0])}
            )
        return {name: data.get(name, {}) for name in names}

    def __getattr__(self, name: str) -> PolicySettings:
        # typed access for the registered names; pydantic keeps them as extras
        return super().__getattr__(name)  # type: ignore[misc]

    def items(self) -> list[tuple[str, PolicySettings]]:
        """(name, settings) of every policy, in canonical order."""
        return list((self.__pydantic_extra__ or {}).items())


class Scenario(Strict):
    """A fully resolved, validated and immutable scenario."""

    name: str = Field("scenario", description="Short name of the scenario")
    description: str = Field("", description="What the scenario represents")
    world: WorldSettings = section(WorldSettings, "Size and horizon")
    network: NetworkSettings = section(NetworkSettings, "Social graph")
    government: GovernmentSettings = section(GovernmentSettings, "Street government")
    organizations: OrganizationSettings = section(OrganizationSettings, "Social organizations")
    residents: ResidentSettings = section(ResidentSettings, "Residents")
    enterprises: EnterpriseSettings = section(EnterpriseSettings, "Enterprises")
    population: PopulationSettings = section(PopulationSettings, "Age groups and needs")
    evaluation: EvaluationSettings = section(EvaluationSettings, "Evaluation cycle")
    mechanisms: MechanismSettings = section(MechanismSettings, "Behavioural coefficients")
    policies: Policies = section(Policies, "Countermeasures")
