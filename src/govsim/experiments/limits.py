"""Limits that keep an experiment from running away (kept light: the CLI reads them for --help)."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_RUNS"]

#: Largest design run without ``max_runs``/``--max-runs``: a million runs store about
#: 1 GB of final outputs (more with time series) and take days on a workstation.
DEFAULT_MAX_RUNS = 1_000_000
