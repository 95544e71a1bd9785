"""The scenario schema: every parameter with its default, range and description.

This module is the single source of truth for parameters. The loader
(:mod:`govsim.config.scenario`), the command line, the sensitivity designs and the ODD
parameter tables all read the defaults and ranges declared here.

Units: money in yuan, time in months (one model step), rates per month unless
the description says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from govsim.policies import PolicySettings, policy_names

__all__ = [
    "DOMAINS",
    "EnterpriseSettings",
    "EvaluationSettings",
    "GovernmentSettings",
    "NetworkSettings",
    "OrganizationSettings",
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


class _Strict(BaseModel):
    """Base: strict types (no "200" -> 200, no "off" -> False), unknown keys rejected."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _p(default: float, lo: float, hi: float, text: str) -> float:
    """A bounded float parameter with its description."""
    return Field(default, ge=lo, le=hi, description=text)


def _n(default: int, lo: int, hi: int, text: str) -> int:
    """A bounded integer parameter with its description."""
    return Field(default, ge=lo, le=hi, description=text)


class WorldSettings(_Strict):
    """Size and horizon of the simulated street."""

    n_communities: int = _n(7, 1, 50, "Communities under the street government")
    n_residents: int = _n(10_000, 1, 2_000_000, "Residents in the whole street")
    steps: int = _n(120, 1, 1200, "Months simulated (default 10 years)")


class NetworkSettings(_Strict):
    """The residents' social graph."""

    degree_within: float = _p(8.0, 0.0, 50.0, "Mean ties per resident inside the own community")
    degree_across: float = _p(1.0, 0.0, 20.0, "Mean ties per resident to other communities")


class GovernmentSettings(_Strict):
    """The street government: budget, delegation and its picture of needs."""

    budget_per_resident: float = _p(
        300.0, 0.0, 5000.0, "Yearly public-service budget per resident (yuan)"
    )
    delegation: float = _p(
        0.35, 0.0, 1.0, "Share of service functions delegated to organizations before policy"
    )
    fidelity: float = _p(
        0.7, 0.0, 1.0, "Share of planned purchases actually made before policy (rest in-house)"
    )
    budget_volatility: float = _p(
        0.3, 0.0, 1.0, "Year-to-year spread of purchasing before the legal framework (sd)"
    )
    needs_bias: float = _p(
        0.7, 0.0, 1.0, "Weight of the government's own priorities over residents' real needs"
    )
    inhouse_cost: float = _p(
        90.0, 1.0, 1000.0, "Cost of one service delivered by community workers (yuan)"
    )
    inhouse_quality: float = _p(0.4, 0.0, 1.0, "Quality of services by community workers")
    inhouse_knowledge: float = _p(
        0.1, 0.0, 1.0, "How well community workers target services to real needs"
    )
    affiliation_weight: float = _p(
        0.4, 0.0, 1.0, "Weight of affiliation with the government in awarding projects"
    )
    stop_purchasing_at: int = _n(
        0, 0, 10_000, "Month from which the government buys no services (0 = never)"
    )
    min_project_share: float = _p(
        0.06, 0.0, 1.0, "Smallest project tendered, as a share of the yearly purchase budget"
    )


class OrganizationSettings(_Strict):
    """Social organizations: initial population and behaviour."""

    per_10k_residents: float = _p(
        10.0, 0.0, 500.0, "Organizations at the start per 10,000 residents (rounded up)"
    )
    introduced_share: float = _p(
        0.5, 0.0, 1.0, "Share of initial organizations introduced from outside"
    )
    max_organizations: int = _n(80, 0, 2000, "Upper bound on organizations alive at once")
    initial_staff: int = _n(2, 1, 200, "Staff of a new organization")
    salary: float = _p(3500.0, 500.0, 20000.0, "Monthly salary paid per staff member (yuan)")
    market_wage: float = _p(
        5500.0, 500.0, 30000.0, "Monthly wage staff could earn elsewhere (yuan)"
    )
    services_per_staff: float = _p(
        110.0, 1.0, 1000.0, "Services one staff member delivers per month at full skill"
    )
    base_turnover: float = _p(0.02, 0.0, 0.5, "Monthly quit probability with no pay gap")
    pay_gap_turnover: float = _p(0.08, 0.0, 1.0, "Extra monthly quit probability at a 100% pay gap")
    workload_turnover: float = _p(
        0.02, 0.0, 1.0, "Extra monthly quit probability at double the normal workload"
    )
    skill: float = _p(0.35, 0.0, 1.0, "Initial service skill (capacity and quality)")
    management: float = _p(0.3, 0.0, 1.0, "Initial internal-management quality")
    independence: float = _p(0.1, 0.0, 1.0, "Initial independence from the government")
    professional_share: float = _p(0.1, 0.0, 1.0, "Initial share of professional staff")
    professional_hire: float = _p(
        0.1, 0.0, 1.0, "Chance a new hire is a professional before policy"
    )
    knowledge: float = _p(0.15, 0.0, 1.0, "Initial knowledge of residents' real needs")
    knowledge_decay: float = _p(0.02, 0.0, 1.0, "Monthly loss of needs knowledge")
    own_income: float = _p(
        3000.0,
        0.0,
        1e5,
        "Monthly fees and own income per staff of a fully independent organization",
    )
    fee_market: float = _p(
        6.0, 0.0, 1000.0, "Most a fully trusting resident spends on organizations' fees per month"
    )
    founding_months: float = _p(
        9.0, 0.0, 60.0, "Months of payroll the founders of an organization bring"
    )
    reserve_months: float = _p(3.0, 0.0, 24.0, "Payroll months kept in reserve before hiring")
    registration_cost: float = _p(
        80000.0, 0.0, 1e7, "Cost of registering a new organization before policy (yuan)"
    )
    entry_rate: float = _p(2.0, 0.0, 100.0, "Outside organizations considering entry per year")
    cultivation_rate: float = _p(
        0.3, 0.0, 10.0, "Yearly founding chance per community per 1% of residents volunteering"
    )
    exit_months: int = _n(6, 1, 60, "Months without staff or money before an organization folds")


class ResidentSettings(_Strict):
    """Residents: needs, opinions and participation."""

    need_threshold: float = _p(0.5, 0.0, 1.0, "Need level above which a resident has a need")
    identity: float = _p(0.3, 0.0, 1.0, "Mean initial identity with the community")
    trust: float = _p(0.35, 0.0, 1.0, "Mean initial trust in social organizations")
    awareness: float = _p(0.2, 0.0, 1.0, "Mean initial awareness of social organizations")
    satisfaction: float = _p(0.35, 0.0, 1.0, "Mean initial satisfaction with public services")
    participation: float = _p(0.05, 0.0, 1.0, "Initial share of residents participating")
    revision_rate: float = _p(
        0.1, 0.0, 1.0, "Share of residents reconsidering participation monthly"
    )
    base_utility: float = _p(-3.5, -10.0, 10.0, "Participation utility intercept (logit)")
    identity_weight: float = _p(2.0, 0.0, 10.0, "Weight of identity in participation (logit)")
    trust_weight: float = _p(1.5, 0.0, 10.0, "Weight of trust in participation (logit)")
    peer_weight: float = _p(2.0, 0.0, 10.0, "Weight of neighbours' participation (logit)")
    efficacy_weight: float = _p(1.5, 0.0, 10.0, "Weight of perceived efficacy (logit)")
    cost: float = _p(1.0, 0.0, 10.0, "Time cost of participating (logit)")
    volunteer_share: float = _p(0.2, 0.0, 1.0, "Share of committed participants who volunteer")
    volunteer_services: float = _p(
        1.0, 0.0, 100.0, "Services a volunteer adds to organizations per month"
    )
    word_of_mouth: float = _p(0.1, 0.0, 1.0, "Monthly pull of opinions toward neighbours'")
    learning: float = _p(0.3, 0.0, 1.0, "Monthly weight of a new experience in trust")
    identity_decay: float = _p(0.01, 0.0, 1.0, "Monthly relaxation of identity to its baseline")


class EnterpriseSettings(_Strict):
    """Enterprises and their corporate social responsibility budgets."""

    per_community: int = _n(2, 0, 50, "Enterprises per community")
    csr_per_resident: float = _p(
        5.0, 0.0, 1000.0, "Yearly social-responsibility budget per resident of its community (yuan)"
    )
    donation_share: float = _p(
        0.4, 0.0, 1.0, "Share of the budget donated when organizations are trusted"
    )


class EvaluationSettings(_Strict):
    """The multi-party evaluation cycle (active with the evaluation policy)."""

    cycle_months: int = _n(36, 1, 240, "Months between evaluations")
    restructuring_months: int = _n(12, 1, 120, "Restructuring period of unqualified organizations")
    suspension_months: int = _n(6, 1, 120, "Suspension before a failing organization exits")
    incentive: float = _p(30000.0, 0.0, 1e7, "Incentive fund for an excellent organization (yuan)")
    judge_noise: float = _p(0.05, 0.0, 1.0, "Noise in third-party judgement (sd of score)")


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


def _section(cls: type[_Strict], text: str) -> _Strict:
    return Field(default_factory=cls, description=text)


class Scenario(_Strict):
    """A fully resolved, validated and immutable scenario."""

    name: str = Field("scenario", description="Short name of the scenario")
    description: str = Field("", description="What the scenario represents")
    world: WorldSettings = _section(WorldSettings, "Size and horizon")
    network: NetworkSettings = _section(NetworkSettings, "Social graph")
    government: GovernmentSettings = _section(GovernmentSettings, "Street government")
    organizations: OrganizationSettings = _section(OrganizationSettings, "Social organizations")
    residents: ResidentSettings = _section(ResidentSettings, "Residents")
    enterprises: EnterpriseSettings = _section(EnterpriseSettings, "Enterprises")
    evaluation: EvaluationSettings = _section(EvaluationSettings, "Evaluation cycle")
    policies: Policies = _section(Policies, "Countermeasures")
