import mesa
import numpy as np
import pandas as pd
import pytest

from govsim import METRICS, GovernanceModel
from govsim.config.schema import DOMAINS
from govsim.model.enterprises import Enterprise
from govsim.model.government import Government
from govsim.model.organizations import SocialOrganization
from govsim.model.runner import run


def test_government_organizations_and_enterprises_are_mesa_agents(small):
    model = GovernanceModel(small(residents=500), seed=1)
    kinds = {type(a) for a in model.agents}
    assert kinds == {Government, SocialOrganization, Enterprise}
    assert all(isinstance(a, mesa.Agent) for a in model.agents)
    ids = [a.unique_id for a in model.agents]
    assert len(set(ids)) == len(ids)


def test_residents_are_arrays_with_a_read_only_view(small):
    model = GovernanceModel(small(residents=200), seed=1)
    assert model.residents.n == 200
    resident = model.resident(7)
    model.residents.trust[7] = 0.123
    assert resident.trust == pytest.approx(0.123)
    assert resident.state in ("inactive", "service user", "participant", "volunteer")
    assert tuple(resident.needs) == DOMAINS
    with pytest.raises(IndexError):
        model.resident(200)


def test_every_model_attribute_exists_after_init(small):
    model = GovernanceModel(small(residents=200), seed=1)
    before = set(vars(model))
    model.step()
    assert set(vars(model)) <= before | {"_steps", "time"}


def test_datacollector_reports_exactly_the_metrics_every_step(small):
    model = GovernanceModel(small(steps=6), seed=2)
    while model.running:
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(METRICS)
    assert len(frame) == 7  # the initial state plus six months
    assert model.steps == 6


def test_same_seed_same_run_and_different_seeds_differ(small):
    a = run(small(), seed=5).timeseries
    b = run(small(), seed=5).timeseries
    c = run(small(), seed=6).timeseries
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_keyword_parameters_map_to_key_paths():
    model = GovernanceModel(
        "baseline",
        seed=0,
        n_residents=300,
        policies__training__enabled=True,
        **{"policies.training.intensity": 0.4},
    )
    assert model.scenario.world.n_residents == 300
    assert model.scenario.policies.training.enabled
    assert model.scenario.policies.training.intensity == 0.4


def test_mesa_batch_run_returns_metric_columns():
    results = mesa.batch_run(
        GovernanceModel,
        parameters={
            "n_residents": 300,
            "steps": 6,
            "seed": [1, 2],
            "policies__training__enabled": [False, True],
        },
        iterations=1,
        max_steps=6,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert len(frame) == 4
    assert set(METRICS) <= set(frame.columns)
    # batch_run reads row ``model.steps - 1`` of the collector, which holds the
    # initial state in row 0 as Mesa's own examples do
    assert frame["Step"].eq(5).all()
    assert frame["participation_rate"].between(0, 1).all()


def test_policy_switched_on_mid_run_changes_only_later_months(small):
    late = small(
        steps=30,
        **{"policies.community_identity.enabled": True, "policies.community_identity.start": 18},
    )
    base = run(small(steps=30), seed=3).timeseries
    policy = run(late, seed=3).timeseries
    pd.testing.assert_frame_equal(base.iloc[:19], policy.iloc[:19])
    assert policy["community_identity"].iloc[-1] > base["community_identity"].iloc[-1]


def test_graph_view_matches_the_adjacency(small):
    model = GovernanceModel(small(residents=200), seed=1)
    assert model.graph.number_of_nodes() == 200
    assert model.graph.number_of_edges() == model.residents.adjacency.nnz // 2


def test_snapshot_has_residents_and_organizations(small):
    result = run(small(residents=2000, steps=24), seed=1, snapshot=True)
    nodes, edges = result.snapshot.nodes, result.snapshot.edges
    assert (nodes["kind"] == "resident").sum() == 300
    assert set(nodes.columns) == {"node", "kind", "community", "participating"}
    assert edges[["source", "target"]].isin(nodes["node"].tolist()).all().all()


def test_stopping_purchases_ends_government_purchasing(small):
    scenario = small(residents=3000, steps=60, **{"government.stop_purchasing_at": 24})
    model = GovernanceModel(scenario, seed=1)
    for _ in range(24):
        model.step()
    paid = model.ledger["purchase"]
    assert paid > 0
    for _ in range(36):
        model.step()
    assert model.ledger["purchase"] == paid
    assert all(not o.projects for o in model.organizations)


def test_set_policy_mid_run_moves_levers_updates_the_scenario_and_is_recorded(small):
    model = GovernanceModel(small(residents=300, steps=12), seed=3)
    for _ in range(3):
        model.step()
    assert model.levers.training == 0.0
    model.set_policy("training", enabled=True, intensity=0.6)
    assert model.scenario.policies.training.enabled
    assert model.scenario.policies.training.intensity == 0.6
    model.step()
    assert model.levers.training == 0.6
    assert model.policy_changes == [
        {"month": 3, "policy": "training", "enabled": True, "intensity": 0.6, "start": 0}
    ]
    model.set_policy("training", enabled=False)
    model.step()
    assert model.levers.training == 0.0


def test_set_policy_refuses_unknown_names_and_bad_values(small):
    from govsim.errors import ScenarioError

    model = GovernanceModel(small(residents=200), seed=1)
    with pytest.raises(ScenarioError, match="did you mean 'policies.training.enabled'"):
        model.set_policy("trainng", enabled=True)
    with pytest.raises(ScenarioError, match="<= 1"):
        model.set_policy("training", intensity=1.5)
    assert not model.scenario.policies.training.enabled
    assert model.policy_changes == []


def test_a_run_switched_mid_way_equals_a_run_scheduled_to_start_then(small):
    scheduled = GovernanceModel(
        small(residents=300, steps=10),
        seed=5,
        policies__training__enabled=True,
        policies__training__start=4,
    )
    switched = GovernanceModel(small(residents=300, steps=10), seed=5)
    for month in range(10):
        if month == 4:
            switched.set_policy("training", enabled=True)
        scheduled.step()
        switched.step()
    a = scheduled.datacollector.get_model_vars_dataframe()
    b = switched.datacollector.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(a, b)


def test_organizations_incomes_are_rows_of_one_book_in_registration_order():
    from govsim.model.context import IncomeBook

    model = GovernanceModel("all_levels", seed=2, n_residents=1500, warmup_months=24)
    for _ in range(13):
        model.step()
    orgs = model.organizations
    assert [o.row for o in orgs] == list(range(len(orgs)))
    assert model.incomes.count == len(orgs)
    for o in orgs:
        assert np.shares_memory(o.income, model.incomes.months)
        np.testing.assert_array_equal(o.income, model.incomes.rows()[o.row])
    book = IncomeBook(3, 12)
    for r in range(5):  # grows from nothing, keeping what each row holds
        assert book.add() == r
        book.months[r] = r + 1.0
    assert book.rows().shape == (5, 3, 12)
    assert book.rows()[:, 0, 0].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
