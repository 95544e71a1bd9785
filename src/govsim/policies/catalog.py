"""What each of the twelve policies is: level, case-study section, what it changes.

One source of truth for policy metadata. The policy classes (by level, in
:mod:`govsim.policies`), ``govsim policies`` and the generated documentation all
read it; the parameters of every policy (``enabled``, ``intensity``, ``start``)
and their defaults live in :mod:`govsim.config.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass

from govsim.config.schema import POLICY_NAMES

__all__ = ["CATALOG", "LEVEL_TITLES", "POLICY_LEVELS", "PolicyInfo", "policy_info"]


@dataclass(frozen=True)
class PolicyInfo:
    """Description of one countermeasure of the case study.

    Attributes:
        name: the key under ``[policies]`` in a scenario file.
        level: ``"government"``, ``"organizations"`` or ``"residents"``.
        section: the case-study section that proposes it, such as ``"IV.A.1"``.
        title: a short human-readable name.
        changes: one line on the mechanism of the model the policy changes.
    """

    name: str
    level: str
    section: str
    title: str
    changes: str


_INFOS = (
    PolicyInfo(
        "transfer_functions",
        "government",
        "IV.A.1",
        "Transfer functions",
        "Delegates community service functions: the share of the service budget bought "
        "from organizations rises toward 90%; community workers keep the rest.",
    ),
    PolicyInfo(
        "legal_framework",
        "government",
        "IV.A.2",
        "Legal framework",
        "Procurement law applied faithfully: more of the purchase budget reaches the "
        "street and it varies less from year to year.",
    ),
    PolicyInfo(
        "lower_registration_threshold",
        "government",
        "IV.A.3",
        "Lower registration threshold",
        "Cuts the registration cost (by up to 80%) and eases filing, so more introduced "
        "and cultivated organizations register.",
    ),
    PolicyInfo(
        "evaluation_system",
        "government",
        "IV.A.3",
        "Evaluation system",
        "Multi-party evaluation on a cycle: four grades that weigh in awarding projects, "
        "restructuring, suspension and exit, incentive funds for excellent organizations.",
    ),
    PolicyInfo(
        "information_disclosure",
        "government",
        "IV.A.3",
        "Information disclosure",
        "Organizations' key information is public: residents, enterprises and the "
        "government see which organizations exist and how good they are.",
    ),
    PolicyInfo(
        "internal_governance",
        "organizations",
        "IV.B.1",
        "Internal governance",
        "Charters, boards and departments in use: organizations' management quality "
        "rises month by month.",
    ),
    PolicyInfo(
        "independence",
        "organizations",
        "IV.B.2",
        "Independence",
        "No government appointees and diversified income: independence rises, so "
        "affiliation wins fewer projects and own income grows.",
    ),
    PolicyInfo(
        "training",
        "organizations",
        "IV.B.3",
        "Training",
        "Service-skill and finance training: staff skill (capacity and quality) and "
        "financial management rise.",
    ),
    PolicyInfo(
        "professional_recruitment",
        "organizations",
        "IV.B.4",
        "Professional recruitment",
        "Title allowance and salary support: a smaller pay gap lowers turnover and "
        "more new hires are professionals.",
    ),
    PolicyInfo(
        "community_identity",
        "residents",
        "IV.C.1",
        "Community identity",
        "Identity-building activities raise residents' identity with the community, "
        "a driver of participation.",
    ),
    PolicyInfo(
        "resident_communication",
        "residents",
        "IV.C.2",
        "Resident communication",
        "Needs surveys and feedback channels: organizations and the government learn "
        "residents' real needs, so services match needs better.",
    ),
    PolicyInfo(
        "participation_innovation",
        "residents",
        "IV.C.3",
        "Participation innovation",
        "Deliberative councils where residents decide on projects: higher perceived "
        "efficacy, lower cost of taking part, needs steer project choice.",
    ),
)

#: Every policy's metadata by name, in the schema's canonical order.
CATALOG: dict[str, PolicyInfo] = {info.name: info for info in _INFOS}

#: Human-readable names of the three levels, in the case study's order.
LEVEL_TITLES: dict[str, str] = {
    "government": "Government",
    "organizations": "Social organizations",
    "residents": "Residents",
}

#: The policy names of each level, in canonical order.
POLICY_LEVELS: dict[str, tuple[str, ...]] = {
    level: tuple(info.name for info in _INFOS if info.level == level) for level in LEVEL_TITLES
}

if tuple(CATALOG) != POLICY_NAMES:  # pragma: no cover - a programming error, caught on import
    raise RuntimeError("govsim.policies.catalog is out of step with govsim.config.schema.Policies")


def policy_info(name: str) -> PolicyInfo:
    """The metadata of one policy.

    Args:
        name: a policy name from :data:`govsim.config.schema.POLICY_NAMES`.

    Raises:
        KeyError: if no policy has that name.
    """
    return CATALOG[name]
