"""GovernanceModel: the wiring of agents, policies and metrics, and the monthly schedule.

One step is one month. The schedule (MODEL-CONCEPT section 3):

0. policies set this month's levers;
1. government: yearly procurement (first month of each year), monthly payments;
2. volunteers lend capacity to organizations in their community;
3. organizations deliver on their projects, community workers in-house;
4. organizations: own income, turnover, pay and hiring, development, survival;
5. residents: satisfaction and trust from services, word of mouth, identity,
   efficacy, participation; participants voice their needs;
6. enterprises: yearly donations (last month of each year);
7. evaluation: restructuring and suspension clocks; reviews when due;
8. registration of new organizations;
9. the data collector records every metric.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from govsim.config.scenario import apply_overrides, load_scenario, parameters
from govsim.config.schema import Scenario
from govsim.model import evaluation, registration
from govsim.model.agents import (
    Enterprise,
    Government,
    OrgStatus,
    Origin,
    SocialOrganization,
)
from govsim.model.context import MonthRecord
from govsim.model.metrics import REPORTERS
from govsim.model.network import assign_communities, build_adjacency, to_networkx
from govsim.model.population import (
    Delivery,
    ResidentView,
    State,
    init_residents,
    monthly_update,
    reach,
    start_month,
)
from govsim.policies import Levers, Policy, registered

__all__ = ["GovernanceModel"]


def _keyword_paths(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Map keyword arguments to scenario key paths.

    ``policies__training__intensity`` is ``policies.training.intensity``; a bare
    leaf name (``n_residents``) works when it is unique in the schema.
    """
    leaves: dict[str, list[str]] = {}
    for p in parameters():
        leaves.setdefault(p.path.rsplit(".", 1)[-1], []).append(p.path)
    out = {}
    for key, value in kwargs.items():
        path = key.replace("__", ".")
        if "." not in path and len(leaves.get(path, [])) == 1:
            path = leaves[path][0]
        out[path] = value
    return out


def status_quo_levers(scenario: Scenario) -> Levers:
    """The levers with no policy applied: the scenario's status quo."""
    gov = scenario.government
    return Levers(
        delegation=gov.delegation,
        fidelity=gov.fidelity,
        budget_volatility=gov.budget_volatility,
        registration_cost=scenario.organizations.registration_cost,
    )


def build_policies(scenario: Scenario) -> list[Policy]:
    """One policy object per registered policy, carrying its settings in ``scenario``."""
    return [cls(getattr(scenario.policies, name)) for name, cls in registered().items()]


class GovernanceModel(mesa.Model):
    """Collaborative governance of a street of communities.

    Args:
        scenario: a :class:`~govsim.config.schema.Scenario`, a path to a scenario file, a
            bundled scenario name, a mapping, or None for the baseline.
        seed: seed of every random draw; the same scenario and seed give the
            same run in any process. None draws a fresh seed (recorded in
            ``model.seed``).
        **params: overrides by key path, written ``policies__training__enabled=True``
            or, for a unique leaf name, ``n_residents=500`` (this is how
            ``mesa.batch_run`` passes parameters).
    """

    def __init__(
        self,
        scenario: Scenario | str | Path | Mapping | None = None,
        *,
        seed: int | None = None,
        **params: Any,
    ):
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        super().__init__(seed=seed)
        self.seed = int(seed)
        scenario = load_scenario(scenario)
        if params:
            scenario = apply_overrides(scenario, _keyword_paths(params))
        self.scenario = scenario
        streams = np.random.SeedSequence(self.seed).spawn(3)
        self.rng_init, rng_graph, self.rng_dyn = (np.random.default_rng(s) for s in streams)
        self._build_residents(rng_graph)
        self.policies = build_policies(scenario)
        self.levers = status_quo_levers(scenario)
        self.fee_scale = 1.0
        self.policy_changes: list[dict[str, Any]] = []
        self._reset_month()
        self._init_records()
        self.government = Government(self)
        self.organizations: list[SocialOrganization] = []
        self._seed_organizations()
        self.enterprises = [
            Enterprise(self, c)
            for c in range(scenario.world.n_communities)
            for _ in range(scenario.enterprises.per_community)
        ]
        self.information = np.zeros(scenario.world.n_communities)
        self.perceived = self.government.perceived_needs(self.information)
        self.datacollector = mesa.DataCollector(model_reporters=dict(REPORTERS))
        self.datacollector.collect(self)

    # -- construction -----------------------------------------------------------

    def _build_residents(self, rng_graph: np.random.Generator) -> None:
        w, net = self.scenario.world, self.scenario.network
        community = assign_communities(w.n_residents, w.n_communities, self.rng_init)
        adjacency = build_adjacency(community, net.degree_within, net.degree_across, rng_graph)
        self.residents = init_residents(
            community, w.n_communities, adjacency, self.scenario.residents, self.rng_init
        )
        sizes = np.maximum(self.residents.sizes(), 1)[:, None]
        self.mean_needs = np.zeros((w.n_communities, self.residents.need.shape[1]))
        for c in range(w.n_communities):
            sl = self.residents.community_slice(c)
            self.mean_needs[c] = self.residents.need[sl].sum(axis=0) / sizes[c]
        self.community_trust = self.residents.per_community(self.residents.trust) / sizes[:, 0]
        self._graph = None

    def _seed_organizations(self) -> None:
        p = self.scenario.organizations
        rng = self.rng_init
        n_initial = math.ceil(p.per_10k_residents * self.residents.n / 10_000)
        # introduced organizations pick domains by what the uninformed government buys
        self.perceived = self.government.perceived_needs(np.zeros(len(self.mean_needs)))
        for i in range(n_initial):
            origin = Origin.INTRODUCED if rng.random() < p.introduced_share else Origin.CULTIVATED
            home = i % self.scenario.world.n_communities
            org = registration.new_organization(self, origin, home)
            org.independence = float(np.clip(rng.normal(p.independence, 0.05), 0.0, 1.0))
            self.organizations.append(org)

    def _init_records(self) -> None:
        self.ledger = {"purchase": 0.0, "incentive": 0.0, "allowance": 0.0, "inhouse": 0.0}
        self.quit_history = np.zeros(12)
        self.staff_history = np.zeros(12)
        self.responsiveness = np.zeros(self.scenario.world.n_communities)

    def _reset_month(self) -> None:
        n_comm = self.scenario.world.n_communities
        self.month = MonthRecord()
        self._comm_services = np.zeros(n_comm)
        self._comm_match = np.zeros(n_comm)

    # -- bookkeeping used by agents ---------------------------------------------

    @property
    def month_index(self) -> int:
        """The current month, from 0."""
        return max(self.steps - 1, 0)

    @property
    def month_slot(self) -> int:
        """Slot of the current month in 12-month ring buffers."""
        return self.month_index % 12

    def record_delivery(self, delivery: Delivery, community: int) -> None:
        """Add a delivery to this month's records."""
        self.month.services += delivery.services
        self.month.match_sum += delivery.match_sum
        self.month.quality_sum += delivery.quality_sum
        self._comm_services[community] += delivery.services
        self._comm_match[community] += delivery.match_sum

    def pay_government(self, org: SocialOrganization, amount: float, kind: str) -> None:
        """Government money to an organization, booked on both sides."""
        self.ledger[kind] += amount
        self.month.spending += amount
        org.record_income("government", amount)

    # -- switching policies during a run -------------------------------------------

    def set_policy(
        self,
        name: str,
        *,
        enabled: bool | None = None,
        intensity: float | None = None,
        start: int | None = None,
    ) -> None:
        """Switch a countermeasure on or off, or change its strength, while the run goes on.

        The change is validated like a scenario file, replaces ``model.scenario``
        (so the scenario always says what runs) and takes effect from the next
        step. Every change is recorded in ``model.policy_changes`` with the month
        it was made, for the run's provenance.

        Args:
            name: a registered policy name, such as ``"training"``.
            enabled: switch it on or off (None: unchanged).
            intensity: its strength in [0, 1] (None: unchanged).
            start: the month it starts (None: unchanged).

        Raises:
            ScenarioError: for an unknown policy or a value out of range.
        """
        values = {"enabled": enabled, "intensity": intensity, "start": start}
        changes = {f"policies.{name}.{k}": v for k, v in values.items() if v is not None}
        self.scenario = apply_overrides(self.scenario, changes)
        self.policies = build_policies(self.scenario)
        settings = getattr(self.scenario.policies, name)
        self.policy_changes.append({"month": self.steps, "policy": name, **settings.model_dump()})

    # -- the monthly schedule -----------------------------------------------------

    def _apply_policies(self, month: int) -> None:
        self.levers = status_quo_levers(self.scenario)
        for policy in self.policies:
            if policy.is_active(month):
                policy.apply(self.levers, policy.settings.intensity)

    def _start_month(self, month: int) -> None:
        self._reset_month()
        start_month(self.residents)
        for org in self.organizations:
            org.income[:, month % 12] = 0.0

    def _lend_volunteers(self) -> None:
        """Volunteers add capacity to organizations with projects in their community."""
        res = self.residents
        volunteers = res.per_community(res.state == State.VOLUNTEER)
        per_service = self.scenario.residents.volunteer_services
        holders: dict[int, list[SocialOrganization]] = {}
        for org in self.organizations:
            org.volunteer_capacity = 0.0
            if org.is_active:
                for c in {pr.community for pr in org.projects}:
                    holders.setdefault(c, []).append(org)
        for c, orgs in holders.items():
            for org in orgs:
                org.volunteer_capacity += volunteers[c] * per_service / len(orgs)

    def _deliver(self) -> None:
        noise = reach(self.residents, self.rng_dyn)
        for idx in self.rng_dyn.permutation(len(self.organizations)):
            self.organizations[idx].deliver_services(noise)
        self.government.deliver_inhouse(noise, self.perceived)
        self.month.spending += self.government.inhouse_budget / 12.0

    def _organizations_step(self) -> None:
        self.fee_scale = self._fee_scale()
        for idx in self.rng_dyn.permutation(len(self.organizations)):
            self.organizations[idx].step()
        alive = [o for o in self.organizations if o.status is not OrgStatus.EXITED]
        self.quit_history[self.month_slot] = sum(o.quits for o in alive)
        self.staff_history[self.month_slot] = sum(o.staff for o in alive)

    def _fee_scale(self) -> float:
        """Share of organizations' fee potential that residents pay for this month.

        Residents spend at most ``fee_market`` yuan each a month on
        organizations' services, in proportion to their trust in them; when
        organizations could sell more, each gets the same share of its potential.
        """
        potential = sum(o.fee_potential() for o in self.organizations)
        res = self.residents
        market = self.scenario.organizations.fee_market * float(res.trust.sum())
        return min(1.0, market / potential) if potential > 0 else 1.0

    def _residents_step(self, month: int) -> None:
        res = self.residents
        active = [o for o in self.organizations if o.is_active]
        reputation = float(np.mean([o.reputation for o in active])) if active else 0.0
        has = self._comm_services > 0
        self.responsiveness = np.divide(
            self._comm_match, self._comm_services, out=np.zeros_like(self._comm_match), where=has
        )
        lv = self.levers
        monthly_update(
            res,
            self.scenario.residents,
            step=month,
            disclosure=lv.disclosure,
            reputation=reputation,
            identity_building=lv.identity_building,
            innovation=lv.innovation,
            responsiveness=self.responsiveness,
            rng=self.rng_dyn,
        )
        sizes = np.maximum(res.sizes(), 1)
        self.community_trust = res.per_community(res.trust) / sizes
        self._voice(res.per_community(res.participating()) / sizes)

    def _voice(self, voice: np.ndarray) -> None:
        """Needs reach the government and organizations through residents' channels.

        ``voice`` is each community's participation share. Needs surveys
        (communication) inform by themselves; participation carries needs in
        proportion to the channels open to it.
        """
        lv = self.levers
        channel = np.minimum(1.0, 4.0 * voice)
        self.information = np.minimum(
            1.0, 0.3 * lv.communication + channel * (0.3 * lv.communication + 0.7 * lv.innovation)
        )
        org_signal = np.minimum(
            1.0, 0.5 * lv.communication + channel * (0.3 + 0.7 * lv.communication)
        )
        for org in self.organizations:
            if org.is_active:
                places = {pr.community for pr in org.projects} or {org.home}
                org.learn_needs(float(np.mean([org_signal[c] for c in places])))

    def step(self) -> None:
        """Advance the street by one month."""
        month = self.steps - 1
        self._apply_policies(month)
        self._start_month(month)
        if month % 12 == 0:
            self.perceived = self.government.perceived_needs(self.information)
            self.government.procure(self.information)
        self.government.pay_installments()
        self._lend_volunteers()
        self._deliver()
        self._organizations_step()
        self._residents_step(month)
        if month % 12 == 11:
            for enterprise in self.enterprises:
                enterprise.donate()
        evaluation.advance_statuses(self)
        if evaluation.evaluation_due(self, month):
            evaluation.evaluate_all(self)
        registration.register_new(self)
        self.datacollector.collect(self)
        if self.steps >= self.scenario.world.steps:
            self.running = False

    # -- views ----------------------------------------------------------------------

    def resident(self, index: int) -> ResidentView:
        """A read-only view of one resident (residents are arrays, not Mesa agents)."""
        if not 0 <= index < self.residents.n:
            raise IndexError(f"resident {index} out of range 0..{self.residents.n - 1}")
        return ResidentView(self.residents, index)

    @property
    def graph(self):
        """The residents' social graph as networkx (built on first use)."""
        if self._graph is None:
            self._graph = to_networkx(self.residents.adjacency, self.residents.community)
        return self._graph

    def government_paid(self) -> float:
        """Everything the government paid organizations so far (yuan)."""
        return self.ledger["purchase"] + self.ledger["incentive"] + self.ledger["allowance"]
