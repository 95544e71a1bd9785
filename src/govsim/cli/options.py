"""Subcommands of the ``govsim`` command line, one module each."""

from __future__ import annotations

import sys

__all__ = ["analyse_if_needed", "comma_list"]


def comma_list(text: str) -> list[str]:
    """An option value such as ``"a, b,c"`` as ``["a", "b", "c"]`` (empty parts dropped)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def analyse_if_needed(directory: str) -> None:
    """Analyse an experiment directory that has a store but no tables yet.

    Reading results never analyses; the figure and report commands decide to,
    so ``govsim figures DIR`` works straight after ``govsim experiment``.
    """
    from govsim.analysis.results import has_store, has_tables  # noqa: PLC0415

    if has_tables(directory) or not has_store(directory):
        return  # tables to read, or nothing to analyse: load_results says which
    from govsim.analysis.analyze import analyze  # noqa: PLC0415

    print(f"analysing {directory} first (govsim analyze {directory})", file=sys.stderr)
    analyze(directory)
