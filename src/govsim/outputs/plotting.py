"""Publication figures from analysis tables.

Every function takes the pandas table(s) that ``govsim analyze`` writes (columns
as in docs/architecture.md, "Analysis tables") and returns a matplotlib
:class:`~matplotlib.figure.Figure`. Nothing here runs or imports the model, and
nothing is drawn on pyplot's global state, so a figure can be restyled in a
notebook and saved as the user likes::

    import pandas as pd
    from govsim.outputs import plotting

    table = pd.read_csv("results/policy_levels/tables/timeseries_summary.csv")
    fig = plotting.plot_trajectories(table, outputs=["participation_rate"])
    fig.axes[0].set_ylim(0, 0.5)
    fig.savefig("participation.pdf")

All functions accept ``style`` ("paper", "presentation" or a
:class:`govsim.outputs.style.Style`) and apply it while the figure is built.

The functions live in :mod:`~govsim.outputs.plot_time` (outcomes over time),
:mod:`~govsim.outputs.plot_scenarios` (effects of compared scenarios and
factorial cells), :mod:`~govsim.outputs.plot_sensitivity` (sensitivity of
sampled designs) and :mod:`~govsim.outputs.plot_network`, on the building blocks of
:mod:`~govsim.outputs.panels`; import them from here.
"""

from __future__ import annotations

from govsim.outputs.panels import select_outputs
from govsim.outputs.plot_network import NETWORK_LAYOUT_SEED, plot_network
from govsim.outputs.plot_scenarios import plot_factorial_effects, plot_paired_effects
from govsim.outputs.plot_sensitivity import (
    CONVERGENCE_TOP_K,
    MORRIS_TOP_K,
    plot_fast_indices,
    plot_morris,
    plot_rank_correlations,
    plot_sobol_convergence,
    plot_sobol_indices,
)
from govsim.outputs.plot_time import plot_envelope, plot_trajectories

__all__ = [
    "CONVERGENCE_TOP_K",
    "MORRIS_TOP_K",
    "NETWORK_LAYOUT_SEED",
    "plot_envelope",
    "plot_factorial_effects",
    "plot_fast_indices",
    "plot_morris",
    "plot_network",
    "plot_paired_effects",
    "plot_rank_correlations",
    "plot_sobol_convergence",
    "plot_sobol_indices",
    "plot_trajectories",
    "select_outputs",
]
