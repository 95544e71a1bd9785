"""``govsim export DIR --format csv|parquet``: tidy tables for R, pandas, Excel."""

from __future__ import annotations

import argparse
from typing import Any

from govsim.cli.options import COMMAND_HELP


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help=COMMAND_HELP["export"],
        description="Write runs, outputs and time series of DIR/store.sqlite to DIR/export/.",
    )
    parser.add_argument("dir", help="an experiment's output directory")
    parser.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="file format (parquet needs pyarrow)",
    )
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Export and print the files written."""
    from govsim.analysis.export import export  # noqa: PLC0415 (fast --help)

    for path in export(args.dir, args.format):
        print(path)
    return 0
