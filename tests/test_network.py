import numpy as np
import pytest

from govsim.model.network import assign_communities, build_adjacency, to_networkx


@pytest.fixture
def graph():
    rng = np.random.default_rng(1)
    community = assign_communities(5000, 7, 20.0, rng)
    return community, build_adjacency(community, 8.0, 1.0, rng)


def test_communities_are_contiguous_and_cover_everyone(graph):
    community, _ = graph
    assert community.size == 5000
    assert np.all(np.diff(community) >= 0)
    assert set(community.tolist()) == set(range(7))


def test_adjacency_is_symmetric_binary_without_self_loops(graph):
    _, adj = graph
    assert (adj != adj.T).nnz == 0
    assert adj.diagonal().sum() == 0
    assert set(np.unique(adj.data)) == {1.0}


def test_ties_are_mostly_inside_communities_with_the_requested_degree(graph):
    community, adj = graph
    coo = adj.tocoo()
    inside = (community[coo.row] == community[coo.col]).mean()
    assert inside > 0.85
    mean_degree = adj.nnz / adj.shape[0]
    assert 8.0 < mean_degree < 9.5  # 8 inside + 1 across, less the rare duplicates


def test_same_seed_same_graph_and_networkx_view():
    def build(seed):
        rng = np.random.default_rng(seed)
        c = assign_communities(300, 3, 20.0, rng)
        return c, build_adjacency(c, 6.0, 1.0, rng)

    (c1, a1), (c2, a2) = build(4), build(4)
    assert (a1 != a2).nnz == 0 and np.array_equal(c1, c2)
    g = to_networkx(a1, c1)
    assert g.number_of_nodes() == 300 and g.number_of_edges() == a1.nnz // 2
    assert g.nodes[0]["community"] == int(c1[0])


def test_isolated_and_tiny_graphs():
    rng = np.random.default_rng(0)
    c = assign_communities(1, 1, 20.0, rng)
    adj = build_adjacency(c, 8.0, 1.0, rng)
    assert adj.shape == (1, 1) and adj.nnz == 0
