"""A small, plottable snapshot of the social graph at the end of a run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from govsim.model.model import GovernanceModel

__all__ = ["NetworkSnapshot", "network_snapshot"]

#: Most residents kept in a snapshot (a figure cannot show more).
MAX_RESIDENTS = 300


@dataclass(frozen=True)
class NetworkSnapshot:
    """A sample of the graph.

    Attributes:
        nodes: ``node``, ``kind``, ``community``, ``participating``.
        edges: ``source``, ``target``.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame


def network_snapshot(model: GovernanceModel, max_residents: int = MAX_RESIDENTS) -> NetworkSnapshot:
    """Sample residents (seeded), their ties among themselves, and the organizations serving them.

    Organizations are tied to the sampled residents of the communities where
    they hold projects and who were served within ``mechanisms.participation.user_window`` months.
    """
    res = model.residents
    rng = np.random.default_rng(model.seed)
    keep = np.sort(rng.choice(res.n, size=min(max_residents, res.n), replace=False))
    sub = res.adjacency[keep][:, keep].tocoo()
    upper = sub.row < sub.col
    nodes = pd.DataFrame(
        {
            "node": np.arange(keep.size),
            "kind": "resident",
            "community": res.community[keep].astype(int),
            "participating": res.participating()[keep],
        }
    )
    edges = [pd.DataFrame({"source": sub.row[upper], "target": sub.col[upper]})]
    window = model.scenario.mechanisms.participation.user_window
    recent = res.last_served[keep] > model.month_index - window  # never served: no wrap-around
    orgs = []
    for org in (o for o in model.organizations if o.is_active):
        node = keep.size + len(orgs)
        orgs.append(
            {"node": node, "kind": "organization", "community": org.home, "participating": False}
        )
        places = {pr.community for pr in org.projects}
        tied = np.flatnonzero(recent & np.isin(res.community[keep], list(places)))
        edges.append(pd.DataFrame({"source": tied, "target": node}))
    if orgs:
        nodes = pd.concat([nodes, pd.DataFrame(orgs)], ignore_index=True)
    return NetworkSnapshot(nodes, pd.concat(edges, ignore_index=True).astype(int))
