"""Outcome metrics: one function ``model -> float`` per metric in METRICS.

These are the DataCollector's model reporters. They read the model's monthly
records (see :class:`govsim.model.context.MonthRecord`) and state; they never change
the model. Every rate is in [0, 1]; every count is non-negative.
"""

from __future__ import annotations

from collections.abc import Callable

import mesa
import numpy as np

from govsim.model.compiled import coverage_gini
from govsim.model.context import ModelContext
from govsim.model.kernels import sequential_sum
from govsim.model.metric_specs import METRICS
from govsim.model.organizations import OrgStatus
from govsim.model.registration import PER_10K

#: Purposes of government spending, as the ledger books them.
SPENDING = ("purchase", "inhouse", "allowance", "support", "incentive")

__all__ = ["REPORTERS", "MetricsCollector", "gini", "measure", "median_of_ints"]


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 for equal or empty)."""
    v = np.sort(np.asarray(values, dtype=float))
    n = v.size
    total = v.sum() if n else 0.0
    if total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * v).sum()) / (n * total) - (n + 1) / n)


def median_of_ints(values: list[int]) -> float:
    """``np.median`` of a non-empty list of integers (below 2**53), without numpy's overhead.

    The middle value, or the mean of the two middle values, as np.median gives it.
    """
    ranked = sorted(values)
    mid = len(ranked) // 2
    return float(ranked[mid]) if len(ranked) % 2 else (ranked[mid - 1] + ranked[mid]) / 2


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else 0.0


def participation_rate(model: ModelContext) -> float:
    """Share of residents participating or volunteering."""
    return _mean(model.residents.participating())


def service_coverage(model: ModelContext) -> float:
    """Share of residents with a need served this month."""
    res = model.residents
    needy = res.needy.sum()
    return float((res.served & res.needy).sum() / needy) if needy else 0.0


def needs_match(model: ModelContext) -> float:
    """Mean need of the served in the domain they were served in."""
    m = model.month
    return m.match_sum / m.services if m.services else 0.0


def targeting(model: ModelContext) -> float:
    """Need met by this month's services against the most the same services could meet.

    Separates targeting from coverage: serving more residents lowers the mean
    need of the served (needs_match) even when every service goes to the
    neediest, but it does not lower targeting.
    """
    m = model.month
    return m.match_sum / m.best_sum if m.best_sum > 0 else 0.0


def service_quality(model: ModelContext) -> float:
    """Mean quality of the services delivered this month."""
    m = model.month
    return m.quality_sum / m.services if m.services else 0.0


def satisfaction(model: ModelContext) -> float:
    """Mean resident satisfaction."""
    return _mean(model.residents.satisfaction)


def trust_in_organizations(model: ModelContext) -> float:
    """Mean resident trust in social organizations."""
    return _mean(model.residents.trust)


def awareness(model: ModelContext) -> float:
    """Mean resident awareness of social organizations."""
    return _mean(model.residents.awareness)


def community_identity(model: ModelContext) -> float:
    """Mean resident identity with the community."""
    return _mean(model.residents.identity)


def _alive(model: ModelContext) -> list:
    return [o for o in model.organizations if o.status is not OrgStatus.EXITED]


def _per_10k(model: ModelContext, count: float) -> float:
    return count * PER_10K / model.residents.n if model.residents.n else 0.0


def active_organizations(model: ModelContext) -> float:
    """Organizations neither suspended nor exited."""
    return float(sum(o.is_active for o in model.organizations))


def organizations_per_10k(model: ModelContext) -> float:
    """Active organizations per 10,000 residents."""
    return _per_10k(model, active_organizations(model))


def org_births(model: ModelContext) -> float:
    """Organizations registered in the last 12 months, per 10,000 residents."""
    return _per_10k(model, float(model.birth_history.sum()))


def org_exits(model: ModelContext) -> float:
    """Organizations that exited in the last 12 months, per 10,000 residents."""
    return _per_10k(model, float(model.exit_history.sum()))


def median_org_age(model: ModelContext) -> float:
    """Median age of the active organizations (months)."""
    ages = [o.age for o in model.organizations if o.is_active]
    return float(np.median(ages)) if ages else 0.0


def sanctioned_share(model: ModelContext) -> float:
    """Share of living organizations restructuring or suspended after an evaluation."""
    alive = _alive(model)
    held = sum(o.status in (OrgStatus.RESTRUCTURING, OrgStatus.SUSPENDED) for o in alive)
    return held / len(alive) if alive else 0.0


def org_independence(model: ModelContext) -> float:
    """Share of organizations' income over the last 12 months not from government."""
    gov = other = 0.0
    for o in model.organizations:
        by_source = o.income.sum(axis=1)
        gov += by_source[0]
        other += by_source[1:].sum()
    total = gov + other
    return other / total if total > 0 else 0.0


def _yearly_chance(leavers: float, model: ModelContext) -> float:
    """Chance a staff member leaves within a year, from leavers over the last 12 months.

    The yearly hazard (leavers per mean staff) is turned into a probability,
    ``1 - exp(-hazard)``, so the metric stays in [0, 1] however high it is.
    """
    return _chance(leavers, model.staff_history.mean())


def _chance(leavers: float, staff: float) -> float:
    return float(1.0 - np.exp(-leavers / staff)) if staff > 0 else 0.0


def staff_turnover(model: ModelContext) -> float:
    """Chance a staff member leaves within a year, by quitting or being laid off."""
    return _yearly_chance(model.quit_history.sum() + model.layoff_history.sum(), model)


def staff_quit_rate(model: ModelContext) -> float:
    """Chance a staff member quits within a year."""
    return _yearly_chance(model.quit_history.sum(), model)


def staff_layoff_rate(model: ModelContext) -> float:
    """Chance a staff member is laid off (or loses the job at an exit) within a year."""
    return _yearly_chance(model.layoff_history.sum(), model)


def professional_share(model: ModelContext) -> float:
    """Share of staff of living organizations who are professionals."""
    orgs = _alive(model)
    staff = sum(o.staff for o in orgs)
    return sum(o.professionals for o in orgs) / staff if staff else 0.0


def government_spending(model: ModelContext) -> float:
    """Government spending on services this month, every purpose (yuan)."""
    return float(sum(model.month.spending.values()))


def cumulative_spending(model: ModelContext) -> float:
    """Government spending on services since month 0, every purpose (yuan).

    Its final value is what a scenario cost over the horizon: under one budget,
    every package of countermeasures spends what the status quo spends.
    """
    return float(sum(model.ledger[k] for k in SPENDING)) - model.spent_before_start


def purchase_spending(model: ModelContext) -> float:
    """Installments paid to organizations for purchased services this month (yuan)."""
    return model.month.spending.get("purchase", 0.0)


def inhouse_spending(model: ModelContext) -> float:
    """Spending on community workers' in-house services this month (yuan)."""
    return model.month.spending.get("inhouse", 0.0)


def programme_spending(model: ModelContext) -> float:
    """Title allowances, salary support and incentive funds paid this month (yuan)."""
    s = model.month.spending
    return s.get("allowance", 0.0) + s.get("support", 0.0) + s.get("incentive", 0.0)


def cost_per_satisfied_resident(model: ModelContext) -> float:
    """Government service spending this month per satisfied-resident equivalent.

    Each resident counts as satisfied in proportion to their satisfaction (0-1).
    A head count above a threshold made the metric jump by orders of magnitude
    when satisfaction clustered near the threshold; the weighted count does not.
    Fewer than one satisfied-resident equivalent counts as one.
    """
    # fewer than one satisfied-resident equivalent counts as one: the metric stays
    # finite (at most the month's spending) when almost nobody is satisfied
    satisfied = max(float(model.residents.satisfaction.sum()), 1.0)
    return government_spending(model) / satisfied if model.residents.n else 0.0


def service_inequality(model: ModelContext) -> float:
    """Gini of service coverage across (non-empty) communities."""
    res = model.residents
    needy = res.per_community(res.needy)
    served = res.per_community(res.served & res.needy)
    keep = needy > 0
    return gini(served[keep] / needy[keep])


#: Reporter per metric name, in the order of METRICS.
REPORTERS: dict[str, Callable[[ModelContext], float]] = {name: globals()[name] for name in METRICS}


def _sum(values: np.ndarray) -> float:
    """``values.sum()`` without the method's Python wrapper (the same reduction)."""
    return np.add.reduce(values)


def measure(model: ModelContext) -> dict[str, float]:
    """Every metric's value, as the reporters give them, computed in one pass.

    The reporters are the definitions; this computes the same numbers by the
    same operations in the same order (a test checks them for equality), but
    shares what several metrics read: one pass over the organizations, each
    resident array reduced once, the static counts of residents in need.
    """
    res, m, n = model.residents, model.month, model.residents.n
    satisfied = _sum(res.satisfaction)
    out = {
        "participation_rate": np.count_nonzero(res.participating()) / n if n else 0.0,
        "service_coverage": (
            np.count_nonzero(res.served & res.needy) / res.needy_count if res.needy_count else 0.0
        ),
        "needs_match": needs_match(model),
        "targeting": targeting(model),
        "service_quality": service_quality(model),
        "satisfaction": float(satisfied / n) if n else 0.0,
        "trust_in_organizations": float(_sum(res.trust) / n) if n else 0.0,
        "awareness": float(_sum(res.awareness) / n) if n else 0.0,
        "community_identity": float(_sum(res.identity) / n) if n else 0.0,
    }
    out.update(_organization_metrics(model))
    out["org_births"] = _per_10k(model, float(_sum(model.birth_history)))
    out["org_exits"] = _per_10k(model, float(_sum(model.exit_history)))
    quits, layoffs = _sum(model.quit_history), _sum(model.layoff_history)
    # the mean of the twelve months, as ndarray.mean divides the sum
    staff = _sum(model.staff_history) / model.staff_history.size
    out["staff_turnover"] = _chance(quits + layoffs, staff)
    out["staff_quit_rate"] = _chance(quits, staff)
    out["staff_layoff_rate"] = _chance(layoffs, staff)
    spending = m.spending
    out["government_spending"] = government_spending(model)
    out["cumulative_spending"] = cumulative_spending(model)
    out["purchase_spending"] = spending.get("purchase", 0.0)
    out["inhouse_spending"] = spending.get("inhouse", 0.0)
    out["programme_spending"] = programme_spending(model)
    out["cost_per_satisfied_resident"] = (
        out["government_spending"] / max(float(satisfied), 1.0) if n else 0.0
    )
    out["service_inequality"] = _service_inequality(res)
    return {name: float(out[name]) for name in METRICS}


def _organization_metrics(model: ModelContext) -> dict[str, float]:
    """The metrics of organizations, from one pass over them."""
    active_ages: list[int] = []
    alive = held = staff = professionals = 0
    gov = other = 0.0
    if model.organizations:
        # each organization's income by source (rows of twelve months summed as
        # o.income.sum(axis=1) does), then added up organization after organization
        by_source = model.incomes.rows().sum(axis=2)
        gov = sequential_sum(gov, by_source[:, 0])
        other = sequential_sum(other, by_source[:, 1] + by_source[:, 2])
    for o in model.organizations:
        if o.status is OrgStatus.EXITED:
            continue
        alive += 1
        staff += o.staff
        professionals += o.professionals
        if o.status is OrgStatus.ACTIVE or o.status is OrgStatus.RESTRUCTURING:
            active_ages.append(o.age)
        if o.status is OrgStatus.RESTRUCTURING or o.status is OrgStatus.SUSPENDED:
            held += 1
    active = float(len(active_ages))
    total = gov + other
    return {
        "active_organizations": active,
        "organizations_per_10k": _per_10k(model, active),
        "median_org_age": median_of_ints(active_ages) if active_ages else 0.0,
        "sanctioned_share": held / alive if alive else 0.0,
        "org_independence": other / total if total > 0 else 0.0,
        "professional_share": professionals / staff if staff else 0.0,
    }


def _service_inequality(res) -> float:
    """service_inequality in one compiled pass, with the static counts of residents in need."""
    return coverage_gini(res.served, res.needy, res.bounds, res.needy_per_community)


class MetricsCollector(mesa.DataCollector):
    """Mesa's DataCollector for the metrics, collecting without Mesa's per-value checks.

    Mesa validates reporters and deep-copies every value on every step; the
    metrics are plain floats, computed together by :func:`measure`, so each
    step appends their values directly. Everything else (``model_vars``,
    ``get_model_vars_dataframe``, ``mesa.batch_run``) is Mesa's own.
    """

    def __init__(self) -> None:
        super().__init__(model_reporters=dict(REPORTERS))

    def collect(self, model: ModelContext) -> None:
        """Append every metric's value for this step."""
        values = measure(model)
        for name, column in self.model_vars.items():
            column.append(values[name])
