"""``govsim analyze DIR``: write the analysis tables of a stored experiment."""

from __future__ import annotations

import argparse
from typing import Any

from govsim.cli.options import COMMAND_HELP
from govsim.errors import command_hint


def register(subparsers: Any) -> None:
    """Add the ``analyze`` subcommand."""
    parser = subparsers.add_parser(
        "analyze",
        help=COMMAND_HELP["analyze"],
        description="Write the tables the experiment's design calls for to DIR/tables/.",
    )
    parser.add_argument("dir", help="an experiment's output directory")
    parser.add_argument(
        "--s2", action="store_true", help="also write second-order Sobol indices (sobol_s2.csv)"
    )
    parser.add_argument(
        "--drop-failed",
        action="store_true",
        help="analyse Sobol/Morris designs without the blocks of failed runs",
    )
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Run the analysis and print what was written."""
    from govsim.analysis.analyze import analyze  # noqa: PLC0415 (fast --help)

    result = analyze(args.dir, s2=args.s2, drop_failed=args.drop_failed)
    print(
        f"{result.n_runs} runs: {result.n_done} done, {result.n_failed} failed, "
        f"{result.n_missing} not run"
    )
    print(f"tables in {result.tables_dir}: {', '.join(result.tables)}")
    if result.n_missing > 0 or result.n_failed > 0:
        what = f"{result.n_missing} runs not run" if result.n_missing else "the failed runs"
        exp = result.experiment_path or "FILE"
        print(
            f"next: {command_hint('experiment', exp, '--out', args.dir, '--resume')} to run {what}"
        )
    return 0
