"""Outcome metrics: one function ``model -> float`` per metric in METRICS.

These are the DataCollector's model reporters. They read the model's monthly
records (see :class:`govsim.model.model.MonthRecord`) and state; they never change
the model. Every rate is in [0, 1]; every count is non-negative.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from govsim.model.agents import OrgStatus
from govsim.model.context import ModelContext
from govsim.model.metric_specs import METRICS

__all__ = ["REPORTERS", "gini"]


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 for equal or empty)."""
    v = np.sort(np.asarray(values, dtype=float))
    n = v.size
    if n == 0 or v.sum() <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * v).sum()) / (n * v.sum()) - (n + 1) / n)


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


def community_identity(model: ModelContext) -> float:
    """Mean resident identity with the community."""
    return _mean(model.residents.identity)


def active_organizations(model: ModelContext) -> float:
    """Organizations neither suspended nor exited."""
    return float(sum(o.is_active for o in model.organizations))


def org_independence(model: ModelContext) -> float:
    """Share of organizations' income over the last 12 months not from government."""
    gov = other = 0.0
    for o in model.organizations:
        by_source = o.income.sum(axis=1)
        gov += by_source[0]
        other += by_source[1:].sum()
    total = gov + other
    return other / total if total > 0 else 0.0


def staff_turnover(model: ModelContext) -> float:
    """Chance a staff member leaves within a year, from the last 12 months' quit rate.

    The yearly hazard (leavers per mean staff) is turned into a probability,
    ``1 - exp(-hazard)``, so the metric stays in [0, 1] however high turnover is.
    """
    staff = model.staff_history.mean()
    return float(1.0 - np.exp(-model.quit_history.sum() / staff)) if staff > 0 else 0.0


def professional_share(model: ModelContext) -> float:
    """Share of staff of active organizations who are professionals."""
    orgs = [o for o in model.organizations if o.status is not OrgStatus.EXITED]
    staff = sum(o.staff for o in orgs)
    return sum(o.professionals for o in orgs) / staff if staff else 0.0


def cost_per_satisfied_resident(model: ModelContext) -> float:
    """Government service spending this month per satisfied-resident equivalent.

    Each resident counts as satisfied in proportion to their satisfaction (0-1).
    A head count above a threshold made the metric jump by orders of magnitude
    when satisfaction clustered near the threshold; the weighted count does not.
    """
    satisfied = float(model.residents.satisfaction.sum())
    return model.month.spending / satisfied if satisfied > 0 else 0.0


def service_inequality(model: ModelContext) -> float:
    """Gini of service coverage across (non-empty) communities."""
    res = model.residents
    needy = res.per_community(res.needy)
    served = res.per_community(res.served & res.needy)
    keep = needy > 0
    return gini(served[keep] / needy[keep])


#: Reporter per metric name, in the order of METRICS.
REPORTERS: dict[str, Callable[[ModelContext], float]] = {name: globals()[name] for name in METRICS}
