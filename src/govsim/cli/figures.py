"""``govsim figures DIR``: write an experiment's figures as PDF and PNG."""

from __future__ import annotations

import argparse

from govsim.cli.options import COMMAND_HELP, add_lang, analyse_if_needed, comma_list, figure_lang
from govsim.outputs.figures import FORMATS, write_figures
from govsim.outputs.style import STYLES


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``figures`` subcommand."""
    parser = subparsers.add_parser(
        "figures",
        help=COMMAND_HELP["figures"],
        description="Draw the figures an experiment's design calls for from its analysis "
        "tables (DIR/tables/) and write them under DIR/figures/.",
    )
    parser.add_argument("directory", metavar="DIR", help="a finished experiment's directory")
    parser.add_argument(
        "--outputs",
        type=comma_list,
        default=None,
        metavar="A,B",
        help="outputs to show, comma-separated (default: every output the experiment kept)",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        type=comma_list,
        default=["pdf", "png"],
        metavar="F,G",
        help=f"file formats, comma-separated, from {', '.join(FORMATS)} (default: pdf,png)",
    )
    parser.add_argument(
        "--style",
        choices=sorted(STYLES),
        default="paper",
        help="paper: journal column widths (default); presentation: larger, for slides",
    )
    add_lang(parser, "the labels, titles and legends")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Write the figures and list the files."""
    analyse_if_needed(args.directory)
    lang = figure_lang(args.lang)
    paths = write_figures(args.directory, args.outputs, args.formats, args.style, lang=lang)
    for path in paths:
        print(path)
    return 0
