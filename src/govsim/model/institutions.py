"""The rules the government sets, as this month's levers make them.

A lever is an intensity in [0, 1]; these functions turn the scenario's status
quo and a lever into the rule in force, with the mechanism coefficients of the
scenario. They are the only place where the government-level levers
(transfer, legal, threshold) meet the model.
"""

from __future__ import annotations

from govsim.config.schema import Scenario
from govsim.policies import Levers

__all__ = ["budget_volatility", "delegation", "fidelity", "filing_cost", "registration_cost"]


def delegation(scenario: Scenario, levers: Levers) -> float:
    """Share of the service budget planned for purchases from organizations."""
    base = scenario.government.delegation
    top = scenario.mechanisms.procurement.max_delegation
    return base + max(0.0, top - base) * levers.transfer


def fidelity(scenario: Scenario, levers: Levers) -> float:
    """Share of planned purchases actually made (procurement law closes the gap)."""
    base = scenario.government.fidelity
    return base + (1.0 - base) * levers.legal


def budget_volatility(scenario: Scenario, levers: Levers) -> float:
    """Year-to-year spread of purchasing (procurement law steadies it)."""
    return scenario.government.budget_volatility * (1.0 - levers.legal)


def registration_cost(scenario: Scenario, levers: Levers) -> float:
    """What founders pay to register an organization (yuan)."""
    cut = scenario.mechanisms.registration.max_cost_cut * levers.threshold
    return scenario.organizations.registration_cost * (1.0 - cut)


def filing_cost(scenario: Scenario, levers: Levers) -> float:
    """What a group of local volunteers pays to register (easier filing cuts it further)."""
    cut = scenario.mechanisms.registration.filing_cost_cut * levers.threshold
    return registration_cost(scenario, levers) * (1.0 - cut)
