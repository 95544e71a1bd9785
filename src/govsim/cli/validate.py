"""``govsim validate FILE...``: check scenario files, listing every problem at once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from govsim.cli.options import COMMAND_HELP
from govsim.config.scenario import load_scenario, scenario_hash
from govsim.config.schema import Scenario
from govsim.errors import Problem, ScenarioError

__all__ = ["check_files", "register"]

EXIT_INVALID = 2


def check_files(files: Sequence[str]) -> tuple[dict[str, Scenario], list[Problem]]:
    """Load every file, collecting valid scenarios and all problems.

    Args:
        files: scenario paths (or bundled scenario names).

    Returns:
        The valid scenarios by the name given, and every problem of every
        invalid file, each reported once even when files share a parent.
    """
    valid: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for name in files:
        try:
            valid[name] = load_scenario(name)
        except ScenarioError as err:
            problems.extend(p for p in err.problems if p not in problems)
    return valid, problems


def handler(args: argparse.Namespace) -> int:
    """Validate the files; exit 0 when all are valid, else 2 with every problem."""
    valid, problems = check_files(args.files)
    for name, scenario in valid.items():
        print(f"ok: {name} (scenario {scenario.name!r}, hash {scenario_hash(scenario)[:12]})")
    if not problems:
        return 0
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    bad = len(args.files) - len(valid)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} in {bad} of {len(args.files)} files", file=sys.stderr)
    return EXIT_INVALID


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help=COMMAND_HELP["validate"],
        description="Check scenario files against the schema. Exit 0 when all are valid; "
        "otherwise exit 2 and list every problem of every file: file and line, key path, "
        "what was expected, what was found, and the closest valid key for an unknown one.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario TOML files")
    parser.set_defaults(func=handler)
