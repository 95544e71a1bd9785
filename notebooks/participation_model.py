"""A small Mesa model for notebook 5: residents who join when enough neighbours do.

A threshold model of collective action (Granovetter 1978) on a small-world
network (Watts and Strogatz 1998). Each resident has a threshold; each step,
in random order, a resident takes part when the share of its neighbours who
take part, plus an outreach campaign's pull, reaches its threshold. A few
residents take part from the start.

govsim's experiment engine runs any Mesa model built as
``ParticipationModel(**parameters, seed=seed)``: its DataCollector's model
variables are the outputs and their time series.
"""

from __future__ import annotations

import mesa
import networkx as nx
import numpy as np

__all__ = ["ParticipationModel", "Resident"]


class Resident(mesa.Agent):
    """A resident with a participation threshold and the neighbours it watches."""

    def __init__(self, model: ParticipationModel, threshold: float):
        super().__init__(model)
        self.threshold = threshold
        self.participating = False
        self.neighbours: list[Resident] = []

    def step(self) -> None:
        """Take part when enough neighbours (and the outreach campaign) pull."""
        if not self.neighbours:
            return
        share = sum(n.participating for n in self.neighbours) / len(self.neighbours)
        self.participating = share + self.model.outreach >= self.threshold


class ParticipationModel(mesa.Model):
    """Participation spreading on a small-world network of residents.

    Args:
        n_residents: number of residents.
        degree: neighbours each resident starts with on the ring.
        rewiring: chance each tie is rewired to a random resident.
        outreach: pull of an outreach campaign, added to every resident's
            neighbours' share.
        mean_threshold: mean of the residents' thresholds (normal, sd 0.15).
        initial_share: share of residents who take part from the start.
        seed: the run's seed.
    """

    def __init__(
        self,
        n_residents: int = 300,
        degree: int = 6,
        rewiring: float = 0.1,
        outreach: float = 0.1,
        mean_threshold: float = 0.4,
        initial_share: float = 0.05,
        seed: int | None = None,
    ):
        super().__init__(seed=seed)
        self.outreach = outreach
        graph_seed = int(self.rng.integers(2**31))
        graph = nx.watts_strogatz_graph(n_residents, degree, rewiring, seed=graph_seed)
        thresholds = self.rng.normal(mean_threshold, 0.15, n_residents)
        residents = [Resident(self, float(t)) for t in thresholds]
        for i, resident in enumerate(residents):
            resident.neighbours = [residents[j] for j in graph.neighbors(i)]
        for resident, starts in zip(
            residents, self.rng.random(n_residents) < initial_share, strict=True
        ):
            resident.participating = bool(starts)
        self.datacollector = mesa.DataCollector(model_reporters={"participation": "participation"})
        self.datacollector.collect(self)

    @property
    def participation(self) -> float:
        """Share of residents taking part."""
        return float(np.mean([a.participating for a in self.agents]))

    def step(self) -> None:
        """Every resident reconsiders, in random order; then record participation."""
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)
