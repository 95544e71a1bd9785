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
sampled designs), :mod:`~govsim.outputs.plot_robustness` (effects over a sampled
space), :mod:`~govsim.outputs.plot_discovery` (scenario discovery),
:mod:`~govsim.outputs.plot_patterns` (pattern checks) and
:mod:`~govsim.outputs.plot_network`, on the building blocks of
:mod:`~govsim.outputs.panels`; import them from here.
"""

from __future__ import annotations

from govsim.outputs.panels import select_outputs
from govsim.outputs.plot_discovery import (
    FEATURE_TOP_K,
    plot_box_limits,
    plot_feature_scores,
    plot_prim_tradeoff,
)
from govsim.outputs.plot_network import NETWORK_LAYOUT_SEED, plot_network
from govsim.outputs.plot_patterns import plot_patterns, plot_survival
from govsim.outputs.plot_robustness import (
    plot_claim_ecdf,
    plot_effect_ecdf,
    plot_regret,
    plot_share_positive,
)
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
    "FEATURE_TOP_K",
    "MORRIS_TOP_K",
    "NETWORK_LAYOUT_SEED",
    "plot_box_limits",
    "plot_claim_ecdf",
    "plot_effect_ecdf",
    "plot_envelope",
    "plot_factorial_effects",
    "plot_fast_indices",
    "plot_feature_scores",
    "plot_morris",
    "plot_network",
    "plot_paired_effects",
    "plot_patterns",
    "plot_prim_tradeoff",
    "plot_rank_correlations",
    "plot_regret",
    "plot_share_positive",
    "plot_sobol_convergence",
    "plot_sobol_indices",
    "plot_survival",
    "plot_trajectories",
    "select_outputs",
]
