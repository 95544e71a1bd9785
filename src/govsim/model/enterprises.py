"""Enterprises: yearly donations of their social-responsibility budgets."""

from __future__ import annotations

import math

import mesa
import numpy as np

from govsim.model.context import ModelContext
from govsim.model.organizations import OrgStatus

__all__ = ["Enterprise"]


class Enterprise(mesa.Agent):
    """An enterprise with a yearly social-responsibility budget for its community."""

    model: ModelContext

    def __init__(self, model: ModelContext, community: int):
        super().__init__(model)
        self.community = community
        self.donated = 0.0

    def donate(self) -> None:
        """Yearly donations to organizations serving its community, by reputation.

        It gives more where residents trust organizations, and it prefers
        reputable, independent organizations; without disclosure it cannot
        tell reputations apart.
        """
        model = self.model
        e = model.scenario.enterprises
        d = model.scenario.mechanisms.donations
        candidates = [
            o
            for o in model.organizations
            if o.status is OrgStatus.ACTIVE and o.serves(self.community)
        ]
        budget = e.csr_per_resident * model.residents.sizes()[self.community]
        if not candidates or budget <= 0:
            return
        trust = model.community_trust[self.community]
        amount = budget * e.donation_share * min(1.0, d.trust_response * trust)
        seen = np.array([model.government.seen_reputation(o) for o in candidates])
        indep = np.array([o.independence for o in candidates])
        weight = seen**d.reputation_exponent * (d.independence_preference + indep)
        if weight.sum() <= 0 or not math.isfinite(weight.sum()):
            return
        for org, w in zip(candidates, weight / weight.sum(), strict=True):
            org.record_income("enterprise", amount * w)
        self.donated += amount
