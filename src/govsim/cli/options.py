"""Subcommands of the ``govsim`` command line, one module each."""

from __future__ import annotations

import argparse
import sys

__all__ = ["COMMAND_HELP", "add_lang", "analyse_if_needed", "comma_list", "figure_lang"]

#: One line per subcommand: its help in ``govsim --help`` and in its own parser.
COMMAND_HELP = {
    "run": "run one scenario and print the final value of every metric",
    "validate": "check scenario files and list every problem",
    "policies": "list the twelve policies with their level, effect and parameters",
    "experiment": "run an experiment file (replications, comparisons, sweeps, sensitivity)",
    "patterns": "judge the case study's patterns P1-P5: estimates, intervals and verdicts",
    "analyze": "analyse a stored experiment into CSV tables",
    "discover": "find where in a sampled space a value meets a condition (PRIM, CART)",
    "export": "export a stored experiment as tidy csv or parquet tables",
    "figures": "draw an experiment's figures (PDF and 300-dpi PNG) under DIR/figures/",
    "report": "write DIR/report.html: setup, results with CIs, figures, provenance",
    "app": "open the classroom app in the browser (offline; needs the app extra)",
}


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"expected a number >= {minimum}, found {value}")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return _whole_number(text, 1)


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number of at least 0 (a seed)."""
    return _whole_number(text, 0)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None


def positive_float(text: str) -> float:
    """An argparse type: a finite number above 0."""
    value = _number(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, found {text}")
    return value


def unit_share(text: str) -> float:
    """An argparse type: a share between 0 and 1."""
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, found {value}")
    return value


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
    from govsim.errors import command_hint  # noqa: PLC0415

    print(f"analysing {directory} first ({command_hint('analyze', directory)})", file=sys.stderr)
    analyze(directory)


def add_lang(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--lang en|zh`` to a subcommand; ``what`` says what it changes."""
    from govsim.i18n import LANGUAGES  # noqa: PLC0415

    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default="en",
        help=f"language of {what}: en (default) or zh (简体中文)",
    )


def figure_lang(lang: str) -> str:
    """The language figures can be drawn in; says on stderr, in one line, when it falls back.

    Chinese figures need a CJK font; without one they are drawn in English.
    """
    from govsim.i18n.fonts import figure_language  # noqa: PLC0415

    drawn, message = figure_language(lang)
    if message:
        print(f"govsim: {message}", file=sys.stderr)
    return drawn
