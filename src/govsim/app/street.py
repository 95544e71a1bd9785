"""The street view: a fixed sample of residents on the social graph, and the organizations.

The layout is computed once per street (both runs share the graph, since they
share the seed and size) and never again: recomputing a spring layout every
frame is what makes network views slow. Communities sit on a circle; inside
each, its sampled residents fill a disc, the best-tied in the middle. Organizations sit on a
small ring inside their home community and change with the run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from govsim.model.model import GovernanceModel

__all__ = ["GRADE_STYLE", "STATE_STYLE", "StreetLayout", "street_artists", "street_layout"]

#: Residents shown: enough to see the street, few enough to draw in milliseconds.
SAMPLE = 300

#: Participation state code -> (catalogue key, colour, marker size). Colours from
#: the Okabe-Ito palette, darker and larger as involvement grows, so the states
#: read in grey as well.
STATE_STYLE = {
    0: ("state.inactive", "#d0d0d0", 10),
    1: ("state.user", "#56b4e9", 16),
    2: ("state.participant", "#0072b2", 26),
    3: ("state.volunteer", "#d55e00", 36),
}

#: Organization grade -> (catalogue key, face colour, marker).
GRADE_STYLE = {
    "unrated": ("grade.unrated", "#ffffff", "s"),
    "excellent": ("grade.excellent", "#009e73", "*"),
    "good": ("grade.good", "#56b4e9", "D"),
    "qualified": ("grade.qualified", "#f0e442", "s"),
    "unqualified": ("grade.unqualified", "#d55e00", "X"),
}


@dataclass(frozen=True)
class StreetLayout:
    """Where the sampled residents and the community centres are drawn.

    Attributes:
        residents: indices of the sampled residents in the model's arrays.
        positions: (n, 2) positions of the sampled residents.
        edges: (m, 2) pairs of rows of ``positions`` that are tied.
        centres: (communities, 2) centres of the communities.
        radius: radius of a community's disc.
    """

    residents: np.ndarray
    positions: np.ndarray
    edges: np.ndarray
    centres: np.ndarray
    radius: float

    def draw_ties(self, ax: Axes) -> None:
        """Draw the ties between sampled residents (they never change) and fix the view."""
        segments = self.positions[self.edges]
        ax.add_collection(LineCollection(segments, colors="#c8c8c8", linewidths=0.4, zorder=1))
        lim = 1.0 + self.radius
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_axis_off()


def street_layout(model: GovernanceModel, sample: int = SAMPLE) -> StreetLayout:
    """Sample residents (seeded by the model's seed) and lay them out once."""
    res = model.residents
    rng = np.random.default_rng(model.seed)
    keep = np.sort(rng.choice(res.n, size=min(sample, res.n), replace=False))
    ties = res.adjacency[keep][:, keep].tocoo()
    edges = np.column_stack([ties.row, ties.col])[ties.row < ties.col]
    n_comm = int(res.community.max()) + 1
    angle = 2 * np.pi * np.arange(n_comm) / n_comm
    centres = np.column_stack([np.cos(angle), np.sin(angle)]) * (1.0 if n_comm > 1 else 0.0)
    radius = 0.85 * np.sin(np.pi / n_comm) if n_comm > 1 else 1.0
    degree = np.bincount(edges.ravel(), minlength=keep.size)
    positions = np.zeros((keep.size, 2))
    community = res.community[keep]
    for c in range(n_comm):
        rows = np.flatnonzero(community == c)
        rows = rows[np.argsort(-degree[rows], kind="stable")]  # the well-tied in the middle
        positions[rows] = centres[c] + radius * _sunflower(rows.size)
    return StreetLayout(keep, positions, edges, centres, radius)


def _sunflower(n: int) -> np.ndarray:
    """``n`` evenly spread points in the unit disc, from the centre out (Vogel's spiral)."""
    k = np.arange(n)
    r = np.sqrt((k + 0.5) / max(n, 1))
    theta = k * np.pi * (3.0 - np.sqrt(5.0))
    return 0.9 * np.column_stack([r * np.cos(theta), r * np.sin(theta)])


def _organization_positions(model: GovernanceModel, layout: StreetLayout) -> dict[int, np.ndarray]:
    """Positions of the living organizations: a small ring inside their home community."""
    living = [o for o in model.organizations if o.status.value != "exited"]
    positions = {}
    for home in {o.home for o in living}:
        orgs = [o for o in living if o.home == home]
        angle = 2 * np.pi * np.arange(len(orgs)) / len(orgs) + 0.3
        ring = 0.5 * layout.radius * np.column_stack([np.cos(angle), np.sin(angle)])
        for org, offset in zip(orgs, ring, strict=True):
            positions[org.unique_id] = layout.centres[home] + offset
    return positions


def street_artists(ax: Axes, model: GovernanceModel, layout: StreetLayout) -> list[Artist]:
    """Residents coloured by participation state and organizations by grade, added to ``ax``."""
    state = model.residents.state[layout.residents]
    colours = np.array([STATE_STYLE[code][1] for code in range(4)])[state]
    sizes = np.array([STATE_STYLE[code][2] for code in range(4)])[state]
    xy = layout.positions
    artists = [ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colours, linewidths=0, zorder=2)]
    spots = _organization_positions(model, layout)
    for grade, (_key, colour, marker) in GRADE_STYLE.items():
        for faded in (False, True):  # restructuring or suspended: faded
            orgs = [
                o
                for o in model.organizations
                if o.unique_id in spots
                and o.grade.value == grade
                and (o.status.value != "active") == faded
            ]
            if orgs:
                at = np.array([spots[o.unique_id] for o in orgs])
                artists.append(
                    ax.scatter(
                        at[:, 0],
                        at[:, 1],
                        s=90 if marker == "*" else 60,
                        marker=marker,
                        c=colour,
                        edgecolors="black",
                        linewidths=0.8,
                        alpha=0.4 if faded else 1.0,
                        zorder=3,
                    )
                )
    return artists
