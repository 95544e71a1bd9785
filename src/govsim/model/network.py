"""The residents' social graph: dense ties inside communities, sparse ties across.

The graph is a stochastic block model drawn edge list first, directly into a
symmetric ``scipy.sparse`` CSR adjacency: building it costs O(edges) numpy work,
which keeps 100,000 residents well under a second. A networkx view is built
only on request (:func:`to_networkx`), for the teaching app and snapshots.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = ["assign_communities", "build_adjacency", "to_networkx"]


def assign_communities(
    n_residents: int, n_communities: int, concentration: float, rng: np.random.Generator
) -> np.ndarray:
    """Community of each resident, sorted so each community is a contiguous block.

    Community sizes vary moderately (a Dirichlet draw around equal shares), as
    the seven communities of a real street do.

    Args:
        n_residents: number of residents.
        n_communities: number of communities.
        concentration: Dirichlet concentration of the shares (higher: more equal).
        rng: the model's seeded generator.

    Returns:
        An int array of length ``n_residents``, non-decreasing.
    """
    shares = rng.dirichlet(np.full(n_communities, concentration))
    sizes = rng.multinomial(n_residents, shares)
    return np.repeat(np.arange(n_communities, dtype=np.int32), sizes)


def _block_edges(
    community: np.ndarray, n_edges: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Endpoints of ``n_edges`` ties whose two ends share a community."""
    n = community.size
    sizes = np.bincount(community)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    src = rng.integers(0, n, n_edges)
    c = community[src]
    dst = starts[c] + (rng.random(n_edges) * sizes[c]).astype(np.int64)
    return src, dst


def build_adjacency(
    community: np.ndarray,
    degree_within: float,
    degree_across: float,
    rng: np.random.Generator,
) -> sp.csr_matrix:
    """Symmetric 0/1 adjacency of the residents' social graph.

    Args:
        community: community of each resident (contiguous blocks).
        degree_within: mean number of ties inside the own community.
        degree_across: mean number of ties to any resident of the street.
        rng: the model's seeded generator.

    Returns:
        A CSR matrix of shape (n, n), float64, symmetric, no self-loops, no
        duplicate ties.
    """
    n = community.size
    n_within = int(round(n * degree_within / 2))
    n_across = int(round(n * degree_across / 2))
    src_w, dst_w = _block_edges(community, n_within, rng)
    src_a = rng.integers(0, n, n_across)
    dst_a = rng.integers(0, n, n_across)
    src = np.concatenate((src_w, src_a))
    dst = np.concatenate((dst_w, dst_a))
    keep = src != dst
    src, dst = src[keep], dst[keep]
    rows = np.concatenate((src, dst))
    cols = np.concatenate((dst, src))
    adj = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    adj.sum_duplicates()
    adj.data[:] = 1.0
    return adj


def to_networkx(adjacency: sp.spmatrix, community: np.ndarray) -> nx.Graph:
    """A networkx graph of the residents with a ``community`` node attribute."""
    graph = nx.from_scipy_sparse_array(adjacency)
    nx.set_node_attributes(graph, dict(enumerate(community.tolist())), "community")
    return graph
