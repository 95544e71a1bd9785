"""The experiment engine: designs, seeds, executors, the result store and analysis.

Typical use::

    from govsim.experiments import run_experiment, analyze
    summary = run_experiment("experiments/policy_levels.toml", workers=2)
    analyze(summary.out)
"""

from __future__ import annotations

from govsim.experiments.analysis import AnalysisResult, analyze
from govsim.experiments.designs import Design, build_design
from govsim.experiments.engine import RunSummary, run_experiment
from govsim.experiments.export import export
from govsim.experiments.spec import ExperimentSpec, load_experiment
from govsim.experiments.store import Store

__all__ = [
    "AnalysisResult",
    "Design",
    "ExperimentSpec",
    "RunSummary",
    "Store",
    "analyze",
    "build_design",
    "export",
    "load_experiment",
    "run_experiment",
]
