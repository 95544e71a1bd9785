"""GovernanceModel: the wiring of agents, policies and metrics, and the monthly schedule.

One step is one month. Before month 0 the model runs ``world.warmup_months``
months of the status quo (every policy off, nothing recorded), so that the
street has settled when policies start and the baseline does not drift. The
schedule of a month (MODEL-CONCEPT section 3):

0. policies set this month's levers;
1. government: yearly budget and procurement (first month of each year), then
   monthly installments, then incentive funds decided last month;
2. volunteers lend capacity to organizations in their community;
3. organizations deliver on their projects; community workers deliver with
   what is left of the budget after the programmes' share is set aside;
4. organizations: own income, turnover (and programme top-ups), pay and
   hiring, development, survival;
5. residents: satisfaction and trust from services, word of mouth, identity,
   efficacy, participation; participants voice their needs;
6. enterprises: yearly donations (last month of each year);
7. evaluation: restructuring and suspension clocks; reviews when due;
8. registration of new organizations;
9. the month's departures, births and exits are counted; the data collector
   records every metric (from month 0 on).
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
from govsim.model.compiled import UNROLL, tally
from govsim.model.context import IncomeBook, MonthRecord
from govsim.model.enterprises import Enterprise
from govsim.model.government import Government
from govsim.model.kernels import (
    Deliveries,
    Orders,
    deliver,
    monthly_update,
    reach,
    start_month,
)
from govsim.model.metrics import SPENDING, MetricsCollector
from govsim.model.network import assign_communities, build_adjacency, to_networkx
from govsim.model.organizations import (
    INCOME_SOURCES,
    MONTHS,
    OrgStatus,
    Origin,
    SocialOrganization,
)
from govsim.model.population import ResidentView, State, init_residents
from govsim.policies import Levers, Policy, registered

__all__ = ["GovernanceModel", "build_policies"]


def _mean_of(values: list[float]) -> float:
    """``np.mean`` of a non-empty list of floats (the same number), cheaper for short lists.

    numpy adds fewer than eight values one after another (its pairwise sum
    starts in blocks of eight), so a Python loop gives its sum there.
    """
    n = len(values)
    if n >= UNROLL:
        return float(np.add.reduce(np.asarray(values, dtype=float)) / n)
    total = 0.0
    for value in values:
        total += value
    return total / n


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

    Attributes:
        ledger: money by purpose since the start (warm-up included): government
            spending (purchase, inhouse, allowance, support, incentive) and the
            founders' funds of new organizations (founders, of which
            registration was paid for registering).
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
        self._month = -scenario.world.warmup_months
        self._build_residents(rng_graph)
        self.policies = build_policies(scenario)
        self.levers = Levers()
        self.fee_scale = 1.0
        self.programme_scale = 1.0
        self.policy_changes: list[dict[str, Any]] = []
        self.pending_payments: list[tuple[SocialOrganization, float, str]] = []
        self._reset_month()
        self._init_records()
        self.government = Government(self)
        self.organizations: list[SocialOrganization] = []
        self.incomes = IncomeBook(len(INCOME_SOURCES), MONTHS)
        self.enterprises = [
            Enterprise(self, c)
            for c in range(scenario.world.n_communities)
            for _ in range(scenario.enterprises.per_community)
        ]
        self.information = np.zeros(scenario.world.n_communities)
        self.perceived = self.government.perceived_needs(self.information)
        self._seed_organizations()
        self.datacollector = MetricsCollector()
        for month in range(-scenario.world.warmup_months, 0):
            self._advance(month)
        self.spent_before_start = sum(self.ledger[k] for k in SPENDING)
        self._month = 0
        self.datacollector.collect(self)

    # -- construction -----------------------------------------------------------

    def _build_residents(self, rng_graph: np.random.Generator) -> None:
        w, net = self.scenario.world, self.scenario.network
        community = assign_communities(
            w.n_residents, w.n_communities, w.community_size_concentration, self.rng_init
        )
        adjacency = build_adjacency(community, net.degree_within, net.degree_across, rng_graph)
        self.residents = init_residents(
            community, w.n_communities, adjacency, self.scenario, self.rng_init
        )
        self.mean_needs = self.residents.per_community_mean(self.residents.need)
        self.community_trust = self.residents.per_community_mean(self.residents.trust)
        self._graph = None

    def _seed_organizations(self) -> None:
        """The organizations of the street when the run starts (drawn from the initial stream)."""
        p = self.scenario.organizations
        rng = self.rng_init
        n_initial = math.ceil(p.per_10k_residents * self.residents.n / registration.PER_10K)
        for i in range(n_initial):
            origin = Origin.INTRODUCED if rng.random() < p.introduced_share else Origin.CULTIVATED
            home = i % self.scenario.world.n_communities
            org = registration.found_organization(self, origin, home, 0.0, rng=rng)
            self.organizations.append(org)

    def _init_records(self) -> None:
        self.ledger = dict.fromkeys((*SPENDING, "founders", "registration"), 0.0)
        self.spent_before_start = 0.0
        self.quit_history = np.zeros(MONTHS)
        self.layoff_history = np.zeros(MONTHS)
        self.staff_history = np.zeros(MONTHS)
        self.birth_history = np.zeros(MONTHS)
        self.exit_history = np.zeros(MONTHS)
        self.responsiveness = np.zeros(self.scenario.world.n_communities)

    def _reset_month(self) -> None:
        n_comm = self.scenario.world.n_communities
        self.month = MonthRecord()
        self._comm_services = np.zeros(n_comm)
        self._comm_match = np.zeros(n_comm)

    # -- bookkeeping used by agents ---------------------------------------------

    @property
    def month_index(self) -> int:
        """The current month: negative during the warm-up, 0 the first recorded month."""
        return self._month

    @property
    def month_slot(self) -> int:
        """Slot of the current month in 12-month ring buffers."""
        return self._month % MONTHS

    def record_deliveries(self, community: np.ndarray, done: Deliveries) -> None:
        """Add the month's deliveries (one entry per order, in order) to this month's records."""
        m = self.month
        totals = np.array([m.match_sum, m.best_sum, m.quality_sum])
        m.services += tally(
            done.services, done.match_sum, done.best_sum, done.quality_sum, community,
            self._comm_services, self._comm_match, totals,
        )  # fmt: skip
        m.match_sum, m.best_sum, m.quality_sum = totals.tolist()

    def book_spending(self, kind: str, amount: float) -> None:
        """Government spending of this month, by purpose."""
        self.ledger[kind] += amount
        self.month.spending[kind] = self.month.spending.get(kind, 0.0) + amount

    def pay_government(self, org: SocialOrganization, amount: float, kind: str) -> None:
        """Government money to an organization, booked on both sides."""
        self.book_spending(kind, amount)
        org.record_income("government", amount)

    def pay_programme(
        self, org: SocialOrganization, amount: float, kind: str, *, to_staff: bool = False
    ) -> None:
        """A countermeasure's payment, from this year's budget account.

        The account holds what purchases did not commit; a programme payment
        never takes it below zero (it is cut to what is left). A top-up paid
        ``to_staff`` (title allowance, salary support) is government money for
        the organization's staff: it is booked as the organization's government
        income but does not enter its cash or its income for hiring.
        """
        amount = min(amount, max(0.0, self.government.account))
        if amount <= 0:
            return
        self.government.account -= amount
        if to_staff:
            self.book_spending(kind, amount)
            org.total_income["government"] += amount
        else:
            self.pay_government(org, amount, kind)

    def release_projects(self, org: SocialOrganization) -> None:
        """An organization leaves its projects: their unpaid money returns to the account."""
        self.government.account += sum(pr.installment * pr.months_left for pr in org.projects)
        org.projects = []

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
        self.levers = Levers()
        for policy in self.policies:
            if policy.is_active(month):
                policy.apply(self.levers, policy.settings.intensity)

    def _start_month(self, month: int) -> None:
        self._month = month
        self._reset_month()
        start_month(self.residents)
        self.incomes.rows()[:, :, month % MONTHS] = 0.0

    def _pay_pending(self) -> None:
        """Programme payments decided last month (incentive funds), before anything else."""
        for org, amount, kind in self.pending_payments:
            if org.status is not OrgStatus.EXITED:
                self.pay_programme(org, amount, kind)
        self.pending_payments = []

    def _set_programme_scale(self) -> float:
        """Share of the recruitment programme's promised top-ups the budget can pay this month.

        Returns the amount set aside for it, which in-house services cannot spend.
        """
        needed = 0.0
        for org in self.organizations:
            if org.staff and org.is_active:
                allowance, support = org.top_ups()
                needed += org.professionals * allowance + (org.staff - org.professionals) * support
        account = max(0.0, self.government.account)
        self.programme_scale = min(1.0, account / needed) if needed > 0 else 1.0
        return min(needed, account)

    def _lend_volunteers(self) -> None:
        """Volunteers add capacity to organizations with projects in their community."""
        res = self.residents
        # Python floats: the same numbers, cheaper to index and multiply one at a time
        volunteers = res.per_community(res.state == State.VOLUNTEER).tolist()
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

    def _deliver(self, month: int) -> None:
        """Organizations and community workers deliver; every order is served at once."""
        awareness = self.scenario.mechanisms.delivery.awareness_reach
        contact = reach(self.residents, awareness, self.rng_dyn)
        cells: list[tuple[int, int]] = []
        shares: list[float] = []
        made: list[tuple[SocialOrganization, int, int]] = []
        for idx in self.rng_dyn.permutation(len(self.organizations)).tolist():
            org = self.organizations[idx]
            where, services = org.delivery_shares()
            if where:
                made.append((org, len(cells), len(cells) + len(where)))
                cells += where
                shares += services
        own = self._own_orders(cells, shares, made)
        reserved = self._set_programme_scale()
        inhouse = self.government.inhouse_orders(self.perceived, month, reserved)
        orders = Orders.concat([own, inhouse])
        done = deliver(self.residents, orders, contact, month)
        self.record_deliveries(orders.community, done)
        for org, first, last in made:
            org.book_deliveries(done.services[first:last], done.experience_sum[first:last])
        for org in self.organizations:
            org.close_deliveries()

    def _own_orders(
        self,
        cells: list[tuple[int, int]],
        shares: list[float],
        made: list[tuple[SocialOrganization, int, int]],
    ) -> Orders:
        """Organizations' orders from their services, each rounded at random.

        A fraction of a service is one more with that chance: one draw per order,
        in the order the organizations were asked (one call to the generator, the
        same numbers as a draw per order).
        """
        if not cells:
            return Orders.concat([])
        share = np.array(shares)
        whole = share.astype(np.int64)
        capacity = whole + (self.rng_dyn.random(share.size) < share - whole)
        quality = np.empty(share.size)
        knowledge = np.empty(share.size)
        for org, first, last in made:
            quality[first:last] = org.quality()
            knowledge[first:last] = org.knowledge
        where = np.array(cells, dtype=np.int64)
        return Orders(
            where[:, 0], where[:, 1], capacity, quality, knowledge, np.ones(share.size, dtype=bool)
        )

    def _organizations_step(self) -> None:
        self.fee_scale = self._fee_scale()
        for idx in self.rng_dyn.permutation(len(self.organizations)):
            self.organizations[idx].step()

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
        prior = self.scenario.mechanisms.procurement.prior_reputation
        reputation = _mean_of([o.reputation for o in active]) if active else prior
        has = self._comm_services > 0
        self.responsiveness = np.divide(
            self._comm_match, self._comm_services, out=np.zeros_like(self._comm_match), where=has
        )
        monthly_update(
            res,
            self.scenario.residents,
            self.scenario.mechanisms,
            self.levers,
            step=month,
            reputation=reputation,
            responsiveness=self.responsiveness,
            rng=self.rng_dyn,
        )
        self.community_trust = res.per_community_mean(res.trust)
        self._voice(res.per_community_mean(res.participating()))

    def _voice(self, voice: np.ndarray) -> None:
        """Needs reach the government and organizations through residents' channels.

        ``voice`` is each community's participation share. Participants carry
        needs even with no countermeasure (residents' committees); surveys
        inform by themselves; feedback channels and decision rights widen what
        participation carries.
        """
        v, lv = self.scenario.mechanisms.voice, self.levers
        channel = np.minimum(1.0, v.channel_scale * voice)
        to_government = (
            v.participants_to_government
            + v.communication_to_government * lv.communication
            + v.decision_to_government * lv.innovation
        )
        self.information = np.minimum(
            1.0, v.survey_to_government * lv.communication + channel * to_government
        )
        to_organizations = (
            v.participants_to_organizations + v.communication_to_organizations * lv.communication
        )
        org_signal = np.minimum(
            1.0, v.survey_to_organizations * lv.communication + channel * to_organizations
        ).tolist()
        for org in self.organizations:
            if org.is_active:
                places = {pr.community for pr in org.projects} or {org.home}
                org.learn_needs(_mean_of([org_signal[c] for c in places]))

    def _count_organizations(self, month: int, before: int) -> None:
        """Departures, births and exits of this month, into the 12-month rings."""
        quits = layoffs = staff = exits = 0  # counts: exact in any order
        for org in self.organizations:
            quits += org.quits
            layoffs += org.layoffs
            exits += org.died == month
            if org.status is not OrgStatus.EXITED:
                staff += org.staff
            org.quits = org.layoffs = 0
        slot = month % MONTHS
        self.quit_history[slot] = quits
        self.layoff_history[slot] = layoffs
        self.staff_history[slot] = staff
        self.birth_history[slot] = len(self.organizations) - before
        self.exit_history[slot] = exits

    def _advance(self, month: int) -> None:
        """Simulate one month (negative months are the warm-up)."""
        self._apply_policies(month)
        self._start_month(month)
        if month % MONTHS == 0:
            self.perceived = self.government.perceived_needs(self.information)
            self.government.procure(self.information)
        self.government.pay_installments()
        self._pay_pending()
        self._lend_volunteers()
        self._deliver(month)
        self._organizations_step()
        self._residents_step(month)
        if month % MONTHS == MONTHS - 1:
            for enterprise in self.enterprises:
                enterprise.donate()
        evaluation.advance_statuses(self)
        if evaluation.evaluation_due(self, month):
            evaluation.evaluate_all(self)
        before = len(self.organizations)
        registration.register_new(self)
        self._count_organizations(month, before)

    def step(self) -> None:
        """Advance the street by one month and record the metrics."""
        self._advance(self.steps - 1)
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
        return sum(self.ledger[k] for k in ("purchase", "allowance", "support", "incentive"))
