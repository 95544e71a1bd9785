"""Registration of new organizations: introduced from outside, cultivated inside.

A would-be organization registers when the funding it can expect is large
against the cost of registering (the double management system makes that
cost high, case study III.A). Outside organizations arrive at a yearly rate;
inside, groups of active volunteers grow into organizations (case study II).
"""

from __future__ import annotations

import numpy as np

from govsim.config.schema import DOMAINS
from govsim.model.agents import OrgStatus, Origin, SocialOrganization
from govsim.model.context import ModelContext
from govsim.model.population import State

__all__ = ["barrier", "new_organization", "register_new"]


def barrier(cost: float, expected: float) -> float:
    """Share of would-be organizations deterred: cost against expected funding."""
    if cost <= 0:
        return 0.0
    return cost / (cost + max(expected, 0.0))


def new_organization(model: ModelContext, origin: Origin, home: int) -> SocialOrganization:
    """Create an organization with traits typical of its origin."""
    p = model.scenario.organizations
    rng = model.rng_dyn
    if origin is Origin.CULTIVATED:
        local = model.mean_needs[home]
        domains = (int(np.argmax(local)), int(rng.integers(len(DOMAINS))))
        traits = dict(
            staff=max(1, p.initial_staff // 2),
            skill=_vary(0.8 * p.skill, rng),
            knowledge=min(1.0, p.knowledge + 0.35),
            independence=min(1.0, p.independence + 0.2),
        )
    else:
        weights = model.perceived.mean(axis=0)
        domains = tuple(
            int(d)
            for d in rng.choice(len(DOMAINS), size=2, replace=False, p=weights / weights.sum())
        )
        traits = dict(
            staff=p.initial_staff,
            skill=_vary(min(1.0, p.skill + 0.1), rng),
            knowledge=p.knowledge,
            independence=p.independence,
        )
    # with no appointees allowed, new organizations start out more independent
    traits["independence"] = max(traits["independence"], 0.5 * model.levers.independence)
    return SocialOrganization(
        model,
        origin=origin,
        domains=tuple(dict.fromkeys(domains)),
        home=home,
        management=_vary(p.management, rng),
        professional_share=p.professional_share,
        **traits,
    )


def _vary(mean: float, rng: np.random.Generator, concentration: float = 12.0) -> float:
    """A draw in [0, 1] around ``mean``: organizations differ in quality."""
    if mean <= 0.0 or mean >= 1.0:
        return float(mean)
    return float(rng.beta(mean * concentration, (1.0 - mean) * concentration))


def register_new(model: ModelContext) -> list[SocialOrganization]:
    """Monthly registrations; returns the new organizations."""
    p = model.scenario.organizations
    lv = model.levers
    alive = sum(o.status is not OrgStatus.EXITED for o in model.organizations)
    room = p.max_organizations - alive
    if room <= 0 or model.residents.n == 0:
        return []
    rng = model.rng_dyn
    expected = model.government.purchase_budget / (alive + 1)
    n_intro = int(rng.poisson(p.entry_rate * (1.0 - barrier(lv.registration_cost, expected)) / 12))
    cost_local = lv.registration_cost * (1.0 - 0.5 * lv.filing_ease)
    local_odds = 1.0 - barrier(cost_local, expected + 12 * p.own_income)
    sizes = model.residents.sizes()
    volunteers = model.residents.per_community(model.residents.state == State.VOLUNTEER)
    share = np.divide(volunteers, sizes, out=np.zeros(sizes.size), where=sizes > 0)
    founding = np.minimum(1.0, p.cultivation_rate * 100 * share * local_odds / 12)
    founded = np.flatnonzero(rng.random(sizes.size) < founding)
    homes = [(Origin.INTRODUCED, int(rng.integers(sizes.size))) for _ in range(n_intro)]
    homes += [(Origin.CULTIVATED, int(c)) for c in founded]
    new = [new_organization(model, origin, home) for origin, home in homes[:room]]
    model.organizations.extend(new)
    return new
