"""The ``govsim`` command line: a thin layer over the public API.

Each subcommand lives in its own module under :mod:`govsim.cli` and exposes
``register(subparsers)``, which adds its parser and sets ``func``. A user error
(bad file, bad option) is printed without a traceback and exits with code 2.
``govsim --version`` answers before any subcommand module (and so pandas or
matplotlib) is imported.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from govsim._version import __version__
from govsim.errors import ScenarioError, UserError

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


def version_text() -> str:
    """``govsim X.Y.Z``, followed by ``(git 1a2b3c4)`` when govsim runs from a git checkout."""
    from govsim.experiments.provenance import package_commit  # noqa: PLC0415 (fast --version)

    commit = package_commit()
    return f"govsim {__version__}" + (f" (git {commit[:7]})" if commit else "")


class _VersionAction(argparse.Action):
    """``--version``: print :func:`version_text` and exit (git runs only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(version_text())
        parser.exit()


def _asks_for_version(argv: Sequence[str]) -> bool:
    """True if ``--version`` comes among the options before the subcommand (and no ``--help``)."""
    for arg in argv:
        if arg == "--version":
            return True
        if arg in ("-h", "--help") or not arg.startswith("-"):
            return False
    return False


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="govsim",
        description="Agent-based simulation of collaborative community governance.",
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the version (and git commit) and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"govsim.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govsim`` console script; returns the exit code."""
    if _asks_for_version(sys.argv[1:] if argv is None else argv):
        # Building the parser imports every subcommand module; the version needs none.
        print(version_text())
        return 0
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
