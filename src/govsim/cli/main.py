"""The ``govsim`` command line: a thin layer over the public API.

Each subcommand lives in its own module under :mod:`govsim.cli` and exposes
``register(subparsers)``, which adds its parser and sets ``func``. Only the
module of the subcommand being run is imported (``govsim --help`` imports none),
so a light command never pays for Matplotlib, Mesa or pandas.

Exit statuses (also in ``govsim --help``): 0 everything done, 1 the machine
failed (disk full, I/O error, a worker killed), 2 bad input (nothing run), 3 an
experiment finished with failed runs. Expected failures are one line on stderr,
never a traceback. ``govsim --version`` answers before any subcommand module
is imported.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from govsim._version import __version__
from govsim.cli.options import COMMAND_HELP
from govsim.errors import (
    EXIT_BAD_INPUT,
    EXIT_ENVIRONMENT,
    EnvironmentFailure,
    ScenarioError,
    UserError,
)

#: Subcommand modules, in the order ``govsim --help`` lists them.
COMMANDS = (
    "run",
    "validate",
    "policies",
    "experiment",
    "patterns",
    "analyze",
    "discover",
    "export",
    "figures",
    "report",
    "app",
)

EXIT_USAGE = EXIT_BAD_INPUT

EXIT_STATUS = """exit status:
  0  done (an experiment: every run succeeded)
  1  the machine failed: disk full, an I/O error, a worker killed (see the message)
  2  bad input: a file, an option or an output folder; nothing was run
  3  an experiment finished but some runs failed (they are stored; see runs.csv)"""


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


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (the first word not an option)."""
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; only the subcommand named in ``argv`` is fully registered.

    Args:
        argv: the arguments to parse; None registers every subcommand in full.
    """
    parser = argparse.ArgumentParser(
        prog="govsim",
        description="Agent-based simulation of collaborative community governance.",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action=_VersionAction, help="print the version (and git commit) and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = None if argv is None else _chosen(argv)
    for name in COMMANDS:
        if argv is None or name == chosen:
            importlib.import_module(f"govsim.cli.{name}").register(sub)
        else:  # listed in --help; its module loads only when it is the one run
            sub.add_parser(name, help=COMMAND_HELP[name], add_help=False)
    return parser


def _print_problems(err: ScenarioError) -> None:
    shown: set[str] = set()
    for problem in err.problems:
        text = str(problem)
        if text not in shown:  # a file reached twice (shared parents) is reported once
            shown.add(text)
            print(f"error: {text}", file=sys.stderr)


def _os_message(err: OSError) -> str:
    where = f": {err.filename}" if err.filename else ""
    return f"{err.strerror or err}{where}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govsim`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if _asks_for_version(argv):
        print(version_text())  # answered without building any subcommand's parser
        return 0
    args = build_parser(argv).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ScenarioError as err:
        _print_problems(err)
        return EXIT_BAD_INPUT
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EnvironmentFailure as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader (e.g. ``| head``) went away: stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ENVIRONMENT
    except MemoryError:
        print("error: out of memory", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except OSError as err:
        # the filesystem failed where no caller could say more (disk full, I/O error)
        print(f"error: {_os_message(err)}", file=sys.stderr)
        return EXIT_ENVIRONMENT


if __name__ == "__main__":
    sys.exit(main())
