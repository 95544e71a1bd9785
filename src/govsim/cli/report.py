"""``govsim report DIR``: one self-contained HTML report of an experiment."""

from __future__ import annotations

import argparse
from pathlib import Path

from govsim.cli.options import COMMAND_HELP, add_lang, analyse_if_needed, comma_list, figure_lang
from govsim.errors import UserError
from govsim.outputs.report import write_report


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser(
        "report",
        help=COMMAND_HELP["report"],
        description="Write one self-contained HTML file (figures embedded, no external "
        "files) describing a finished experiment, for a paper's supplement.",
    )
    parser.add_argument("directory", metavar="DIR", help="a finished experiment's directory")
    parser.add_argument(
        "--out", metavar="FILE", default=None, help="where to write (default: DIR/report.html)"
    )
    parser.add_argument(
        "--outputs",
        type=comma_list,
        default=None,
        metavar="A,B",
        help="outputs shown in the figures, comma-separated (default: all)",
    )
    add_lang(parser, "the report and its figures")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Write the report and print its path."""
    if args.out is not None and not Path(args.out).absolute().parent.is_dir():
        raise UserError(f"--out {args.out}: the folder {Path(args.out).parent} does not exist")
    analyse_if_needed(args.directory)
    figure_lang(args.lang)  # says so when the figures cannot be drawn in Chinese
    print(write_report(args.directory, args.out, args.outputs, args.lang))
    return 0
