"""The ``govsim`` command line: a thin layer over the public API.

Each subcommand lives in its own module under :mod:`govsim.cli` and exposes
``register(subparsers)``, which adds its parser and sets ``func``. A user error
(bad file, bad option) is printed without a traceback and exits with code 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from govsim._version import __version__
from govsim.config.scenario import ScenarioError
from govsim.errors import UserError

#: Subcommand modules, in the order ``govsim --help`` lists them.
COMMANDS = (
    "run",
    "validate",
    "policies",
    "experiment",
    "analyze",
    "export",
    "figures",
    "report",
    "app",
)

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="govsim",
        description="Agent-based simulation of collaborative community governance.",
    )
    parser.add_argument("--version", action="version", version=f"govsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"govsim.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govsim`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ScenarioError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader (e.g. ``| head``) went away: stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
