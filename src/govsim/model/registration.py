"""Registration of new organizations: introduced from outside, cultivated inside.

A would-be organization registers when the funding it can expect is large
against the cost of registering (the double management system makes that
cost high, case study III.A). Outside organizations consider entering at a
rate per 10,000 residents; inside, groups of active volunteers grow into
organizations at a rate per 10,000 residents and per share volunteering, so the
number of organizations per resident does not depend on the size of the street.
Founders bring their own funds and pay the registration cost from them; both
are booked (``model.ledger``), so no money appears from nowhere.
"""

from __future__ import annotations

import numpy as np

from govsim.config.schema import DOMAINS
from govsim.model import institutions
from govsim.model.context import ModelContext
from govsim.model.organizations import MONTHS, OrgStatus, Origin, SocialOrganization
from govsim.model.population import State

__all__ = ["PER_10K", "barrier", "found_organization", "register_new", "vary_trait"]

#: Rates and caps of organizations are per this many residents.
PER_10K = 10_000
#: Percent per share: cultivation rates are per 1% of residents volunteering.
PERCENT = 100


def barrier(cost: float, expected: float) -> float:
    """Share of would-be organizations deterred: cost against expected funding."""
    if cost <= 0:
        return 0.0
    return cost / (cost + max(expected, 0.0))


def vary_trait(mean: float, rng: np.random.Generator, concentration: float) -> float:
    """A draw in [0, 1] around ``mean``: organizations differ in quality."""
    if mean <= 0.0 or mean >= 1.0:
        return float(mean)
    return float(rng.beta(mean * concentration, (1.0 - mean) * concentration))


def _traits(model: ModelContext, origin: Origin, home: int, rng: np.random.Generator) -> dict:
    """Domains, staff, skill, knowledge and independence typical of an origin."""
    p = model.scenario.organizations
    r = model.scenario.mechanisms.registration
    if origin is Origin.CULTIVATED:
        local = model.mean_needs[home]
        # the most needed domain at home, plus others drawn at random (repeats merge)
        others = rng.integers(len(DOMAINS), size=r.domains_per_org - 1)
        domains = (int(np.argmax(local)), *(int(d) for d in others))
        return dict(
            domains=domains,
            staff=max(1, int(p.initial_staff * r.cultivated_staff_share)),
            skill=vary_trait(min(1.0, r.cultivated_skill_factor * p.skill), rng, r.trait_spread),
            knowledge=min(1.0, p.knowledge + r.cultivated_knowledge_bonus),
            independence=vary_trait(
                min(1.0, p.independence + r.cultivated_independence_bonus), rng, r.trait_spread
            ),
        )
    weights = model.perceived.mean(axis=0)
    size = min(r.domains_per_org, int(np.count_nonzero(weights)))
    picks = rng.choice(len(DOMAINS), size=size, replace=False, p=weights / weights.sum())
    return dict(
        domains=tuple(int(d) for d in picks),
        staff=p.initial_staff,
        skill=vary_trait(min(1.0, p.skill + r.introduced_skill_bonus), rng, r.trait_spread),
        knowledge=p.knowledge,
        independence=vary_trait(p.independence, rng, r.trait_spread),
    )


def found_organization(
    model: ModelContext,
    origin: Origin,
    home: int,
    registration_cost: float,
    rng: np.random.Generator | None = None,
) -> SocialOrganization:
    """Create an organization; its founders bring their funds and pay the registration.

    Args:
        model: the model.
        origin: introduced or cultivated.
        home: home community.
        registration_cost: what registering costs the founders (yuan; 0 for the
            organizations that exist when the run starts).
        rng: the generator of its traits (default: the dynamics stream; the
            organizations that exist at the start use the initialization stream).
    """
    p = model.scenario.organizations
    r = model.scenario.mechanisms.registration
    rng = model.rng_dyn if rng is None else rng
    traits = _traits(model, origin, home, rng)
    # with no appointees allowed, new organizations start out more independent
    floor = r.new_org_independence * model.levers.independence
    traits["independence"] = max(traits["independence"], floor)
    payroll_funds = traits["staff"] * p.salary * p.founding_months
    model.ledger["founders"] += payroll_funds + registration_cost
    model.ledger["registration"] += registration_cost
    return SocialOrganization(
        model,
        origin=origin,
        domains=tuple(dict.fromkeys(traits.pop("domains"))),
        home=home,
        management=vary_trait(p.management, rng, r.trait_spread),
        professional_share=p.professional_share,
        cash=payroll_funds,
        **traits,
    )


def _entrants(model: ModelContext, alive: int) -> list[tuple[Origin, int]]:
    """This month's would-be organizations that are not deterred: (origin, home)."""
    p = model.scenario.organizations
    s, lv, rng = model.scenario, model.levers, model.rng_dyn
    res = model.residents
    sizes = res.sizes()
    expected = model.government.purchase_budget / (alive + 1)
    outside = institutions.registration_cost(s, lv)
    rate = p.entry_rate * res.n / PER_10K * (1.0 - barrier(outside, expected)) / MONTHS
    homes = [(Origin.INTRODUCED, int(rng.integers(sizes.size))) for _ in range(rng.poisson(rate))]
    inside = institutions.filing_cost(s, lv)
    odds = 1.0 - barrier(inside, expected + MONTHS * p.own_income)
    volunteers = res.per_community(res.state == State.VOLUNTEER).tolist()
    # community by community, the same arithmetic (and the same draws, one per
    # community in order) as on arrays, without numpy's overhead for a handful
    for c, size in enumerate(sizes.tolist()):
        share = volunteers[c] / size if size > 0 else 0.0
        founding = p.cultivation_rate * size / PER_10K * PERCENT * share * odds / MONTHS
        homes += [(Origin.CULTIVATED, c)] * int(rng.poisson(founding))
    return homes


def register_new(model: ModelContext) -> list[SocialOrganization]:
    """Monthly registrations, up to the cap per 10,000 residents; returns the new ones."""
    p = model.scenario.organizations
    if model.residents.n == 0:
        return []
    alive = sum(o.status is not OrgStatus.EXITED for o in model.organizations)
    room = int(p.max_per_10k * model.residents.n / PER_10K) - alive
    if room <= 0:
        return []
    s, lv = model.scenario, model.levers
    new = []
    for origin, home in _entrants(model, alive)[:room]:
        cost = (
            institutions.filing_cost(s, lv)
            if origin is Origin.CULTIVATED
            else institutions.registration_cost(s, lv)
        )
        new.append(found_organization(model, origin, home, cost))
    model.organizations.extend(new)
    return new
