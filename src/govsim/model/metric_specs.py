"""What each outcome metric means: its label, unit and bounds.

Kept apart from :mod:`govsim.model.metrics` (which computes them from a live model) so
that analysis and plotting can label tables without importing the model.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["METRICS", "MetricSpec", "metric_label"]


@dataclass(frozen=True)
class MetricSpec:
    """Description of one outcome metric.

    Attributes:
        name: the column name used everywhere (data collector, store, tables).
        label: a human-readable axis label.
        unit: the unit shown after the label ("" for none).
        description: one sentence on how it is measured.
        low: smallest possible value (None if unbounded).
        high: largest possible value (None if unbounded).
        monthly: measured over a month's services or spending; its step-0
            entry, recorded when the warm-up ends, is the warm-up's last month
            (0 when there is no warm-up).
    """

    name: str
    label: str
    unit: str
    description: str
    low: float | None = 0.0
    high: float | None = 1.0
    monthly: bool = False

    @property
    def is_rate(self) -> bool:
        """True when the metric is a share in [0, 1]."""
        return self.low == 0.0 and self.high == 1.0


_SPECS = [
    MetricSpec(
        "participation_rate",
        "Participation",
        "share of residents",
        "Share of residents who participate in community governance (participants and volunteers).",
    ),
    MetricSpec(
        "service_coverage",
        "Service coverage",
        "share of residents in need",
        "Share of residents with a need who received a service this month.",
        monthly=True,
    ),
    MetricSpec(
        "needs_match",
        "Needs match",
        "0-1",
        "Mean need, in the delivered service's domain, of the residents served this month.",
        monthly=True,
    ),
    MetricSpec(
        "targeting",
        "Targeting",
        "0-1",
        "Need met by this month's services against the most the same number of services "
        "could have met (independent of coverage).",
        monthly=True,
    ),
    MetricSpec(
        "service_quality",
        "Service quality",
        "0-1",
        "Mean quality of the services delivered this month.",
        monthly=True,
    ),
    MetricSpec(
        "satisfaction",
        "Satisfaction",
        "0-1",
        "Mean resident satisfaction with public services.",
    ),
    MetricSpec(
        "trust_in_organizations",
        "Trust in organizations",
        "0-1",
        "Mean resident trust in social organizations.",
    ),
    MetricSpec(
        "awareness",
        "Awareness of organizations",
        "0-1",
        "Mean resident awareness of social organizations.",
    ),
    MetricSpec(
        "community_identity",
        "Community identity",
        "0-1",
        "Mean resident identity with the community.",
    ),
    MetricSpec(
        "active_organizations",
        "Active organizations",
        "count",
        "Organizations neither suspended nor exited.",
        0.0,
        None,
    ),
    MetricSpec(
        "organizations_per_10k",
        "Organizations per 10,000 residents",
        "per 10,000 residents",
        "Active organizations per 10,000 residents.",
        0.0,
        None,
    ),
    MetricSpec(
        "org_births",
        "Organizations founded",
        "per 10,000 residents per year",
        "Organizations registered in the last 12 months, per 10,000 residents.",
        0.0,
        None,
    ),
    MetricSpec(
        "org_exits",
        "Organizations exited",
        "per 10,000 residents per year",
        "Organizations that folded or were removed in the last 12 months, per 10,000 residents.",
        0.0,
        None,
    ),
    MetricSpec(
        "median_org_age",
        "Median age of organizations",
        "months",
        "Median age of the active organizations.",
        0.0,
        None,
    ),
    MetricSpec(
        "sanctioned_share",
        "Organizations restructuring or suspended",
        "share of organizations",
        "Share of living organizations in a restructuring period or suspended after an evaluation.",
    ),
    MetricSpec(
        "org_independence",
        "Organizations' independence",
        "share of income",
        "Share of organizations' income over the last 12 months not from the government.",
    ),
    MetricSpec(
        "staff_turnover",
        "Staff turnover",
        "share per year",
        "Chance a staff member leaves within a year (quits and layoffs), from the last 12 months.",
    ),
    MetricSpec(
        "staff_quit_rate",
        "Staff quitting",
        "share per year",
        "Chance a staff member quits within a year, from the last 12 months.",
    ),
    MetricSpec(
        "staff_layoff_rate",
        "Staff laid off",
        "share per year",
        "Chance a staff member is laid off (or loses the job when the organization exits) "
        "within a year.",
    ),
    MetricSpec(
        "professional_share",
        "Professional staff",
        "share of staff",
        "Share of organization staff who are professionals.",
    ),
    MetricSpec(
        "government_spending",
        "Government spending",
        "yuan per month",
        "Everything the government spent on services this month: purchases, in-house "
        "services and the countermeasures' programmes.",
        0.0,
        None,
        monthly=True,
    ),
    MetricSpec(
        "cumulative_spending",
        "Government spending to date",
        "yuan",
        "Everything the government spent on services since month 0; its final value is "
        "what the scenario cost over the horizon.",
        0.0,
        None,
    ),
    MetricSpec(
        "purchase_spending",
        "Spending on purchases",
        "yuan per month",
        "Installments paid to organizations for purchased services this month.",
        0.0,
        None,
        monthly=True,
    ),
    MetricSpec(
        "inhouse_spending",
        "Spending in-house",
        "yuan per month",
        "Spending on community workers' services this month.",
        0.0,
        None,
        monthly=True,
    ),
    MetricSpec(
        "programme_spending",
        "Spending on programmes",
        "yuan per month",
        "Title allowances, salary support and incentive funds paid this month.",
        0.0,
        None,
        monthly=True,
    ),
    MetricSpec(
        "cost_per_satisfied_resident",
        "Cost per satisfied resident",
        "yuan per month",
        "Government spending on services this month per satisfied-resident equivalent "
        "(each resident counts by their satisfaction, 0-1).",
        0.0,
        None,
        monthly=True,
    ),
    MetricSpec(
        "service_inequality",
        "Service inequality",
        "Gini across communities",
        "Gini coefficient of service coverage across communities.",
        monthly=True,
    ),
]

#: The outcome metrics every run reports, by name, in canonical order.
METRICS: dict[str, MetricSpec] = {spec.name: spec for spec in _SPECS}


def metric_label(name: str, with_unit: bool = True) -> str:
    """Human-readable label for a metric name, with its unit in parentheses."""
    spec = METRICS.get(name)
    if spec is None:
        return name.replace("_", " ").capitalize()
    return f"{spec.label} ({spec.unit})" if with_unit and spec.unit else spec.label
