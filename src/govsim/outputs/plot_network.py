"""The network snapshot figure: communities, participation and organizations."""

from __future__ import annotations

import math

import matplotlib.lines as mlines
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from govsim.i18n import text
from govsim.outputs.panels import StyleArg, legend_below, require_columns
from govsim.outputs.style import OKABE_ITO, style_context

__all__ = ["NETWORK_LAYOUT_SEED", "plot_network"]

#: Seed of the snapshot's layout when none is given: the same snapshot, the same picture.
NETWORK_LAYOUT_SEED = 0


def _cluster(graph: nx.Graph, members: list, seed: int) -> np.ndarray:
    """Layout of one community in the unit disc.

    Residents start evenly spread on a sunflower (Vogel) spiral, then a short
    seeded spring relaxation pulls tied residents together; a long one would
    push the many residents without sampled ties out to a ring.
    """
    n = len(members)
    if n == 1:
        return np.zeros((1, 2))
    i = np.arange(n)
    radius = np.sqrt((i + 0.5) / n)
    angle = i * math.pi * (3 - math.sqrt(5))  # the golden angle
    order = np.random.default_rng(seed).permutation(n)
    start = {
        m: (radius[j] * math.cos(angle[j]), radius[j] * math.sin(angle[j]))
        for m, j in zip(members, order, strict=True)
    }
    local = nx.spring_layout(
        graph.subgraph(members), pos=start, iterations=12, k=1.0 / math.sqrt(n), seed=seed
    )
    xy = np.array([local[m] for m in members])
    xy -= xy.mean(axis=0)
    return xy / max(float(np.linalg.norm(xy, axis=1).max()), 1e-9)


def _layout(nodes: pd.DataFrame, edges: pd.DataFrame, seed: int) -> dict:
    """Seeded layout: communities as spring-laid clusters on a circle.

    A snapshot samples a few hundred residents of thousands, so most sampled
    residents have few ties among themselves and a spring layout of the whole
    sample throws the isolated ones to a ring around the picture. Laying out
    each community on its own and placing the clusters on a circle keeps the
    structure readable; ties across communities run between clusters.
    Organizations sit at the centre of the residents they serve (at their home
    community's centre if they serve none of the sampled residents).
    """
    graph = nx.Graph()
    graph.add_nodes_from(nodes["node"].tolist())
    graph.add_edges_from(zip(edges["source"], edges["target"], strict=True))
    residents = nodes[nodes["kind"] == "resident"]
    communities = sorted(residents["community"].unique())
    m = len(communities)
    # Cluster radius: under half the distance between neighbouring centres.
    ring, radius = (0.0, 1.0) if m == 1 else (1.0, min(0.45, 0.9 * math.sin(math.pi / m)))
    largest = max(int(residents["community"].value_counts().max()), 1) if m else 1
    pos, centres = {}, {}
    for i, community in enumerate(communities):
        angle = math.pi / 2 - 2 * math.pi * i / max(m, 1)
        centre = np.array([ring * math.cos(angle), ring * math.sin(angle)])
        centres[community] = centre
        members = residents.loc[residents["community"] == community, "node"].tolist()
        size = radius * math.sqrt(len(members) / largest)
        for node, xy in zip(members, _cluster(graph, members, seed + i), strict=True):
            pos[node] = centre + size * xy
    rng = np.random.default_rng(seed)
    for node, home in zip(nodes["node"], nodes["community"], strict=True):
        if node in pos:
            continue
        served = [pos[n] for n in graph.neighbors(node) if n in pos]
        base = np.mean(served, axis=0) if served else centres.get(home, np.zeros(2))
        pos[node] = base + rng.normal(0.0, 0.03, 2)
    return pos


def plot_network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    seed: int = NETWORK_LAYOUT_SEED,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """A network snapshot: residents coloured by community, organizations marked.

    Residents who participate are filled circles, the others hollow circles;
    organizations are black squares. The layout is networkx's spring layout with
    a fixed seed, so the same snapshot always gives the same picture.

    Args:
        nodes: ``network_nodes.csv``: node, kind, community, participating.
        edges: ``network_edges.csv``: source, target.
        seed: seed of the spring layout.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(nodes, ["node", "kind", "community", "participating"], "network nodes")
    require_columns(
        edges.assign(_=0) if edges.empty else edges, ["source", "target"], "network edges"
    )
    pos = _layout(nodes, edges, seed)
    xy = np.array([pos[n] for n in nodes["node"]])
    residents = (nodes["kind"] == "resident").to_numpy()
    participating = nodes["participating"].astype(str).str.lower().isin(["true", "1"])
    communities = sorted(nodes.loc[residents, "community"].unique())
    colors = {c: OKABE_ITO[i % len(OKABE_ITO[:-1])] for i, c in enumerate(communities)}
    with style_context(style, lang) as st:
        fig = Figure(figsize=(st.single_width, st.single_width * 1.15), layout="constrained")
        ax = fig.subplots()
        segments = [(pos[s], pos[t]) for s, t in zip(edges["source"], edges["target"], strict=True)]
        org_nodes = set(nodes.loc[nodes["kind"] != "resident", "node"])
        to_org = np.array(
            [
                s in org_nodes or t in org_nodes
                for s, t in zip(edges["source"], edges["target"], strict=True)
            ],
            dtype=bool,
        )
        # Service ties are many and drawn faint; ties among residents stand out.
        ax.add_collection(
            LineCollection(
                [seg for seg, o in zip(segments, to_org, strict=True) if o],
                colors="#999999",
                linewidths=0.3,
                alpha=0.18,
                zorder=1,
            )
        )
        ax.add_collection(
            LineCollection(
                [seg for seg, o in zip(segments, to_org, strict=True) if not o],
                colors="#777777",
                linewidths=0.4,
                alpha=0.6,
                zorder=1,
            )
        )
        size = st.marker_size**2 * 0.9
        for community in communities:
            mask = residents & (nodes["community"] == community).to_numpy()
            for filled in (True, False):
                sel = mask & (participating.to_numpy() == filled)
                ax.scatter(
                    xy[sel, 0],
                    xy[sel, 1],
                    s=size,
                    linewidths=0.9,
                    zorder=2,
                    facecolors=colors[community] if filled else "white",
                    edgecolors=colors[community],
                )
        orgs = ~residents
        ax.scatter(
            xy[orgs, 0],
            xy[orgs, 1],
            s=size * 2.2,
            marker="s",
            color="#000000",
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
        ax.set_aspect("equal")
        ax.set_axis_off()
        handles = [
            mlines.Line2D([], [], marker="o", linestyle="none", color=colors[c])
            for c in communities
        ]
        labels = [text("figure.community", lang, community=c) for c in communities]
        handles += [
            mlines.Line2D([], [], marker="o", linestyle="none", color="#555555"),
            mlines.Line2D(
                [], [], marker="o", linestyle="none", color="#555555", markerfacecolor="white"
            ),
            mlines.Line2D([], [], marker="s", linestyle="none", color="#000000"),
        ]
        labels += [
            text(f"figure.{key}", lang)
            for key in ("participating", "not_participating", "organization")
        ]
        legend_below(fig, handles, labels, st)
    return fig
