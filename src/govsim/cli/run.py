"""``govsim run SCENARIO``: one seeded run; prints the final metrics, optionally saves it.

Everything the user gave is checked before the model starts (scenario file,
option ranges, output folder), so bad input fails in a second with exit code 2
rather than after a long run. With ``--out DIR`` the three result files are
written into a hidden folder next to ``DIR`` and renamed into place at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from govsim._version import __version__
from govsim.atomic import check_new_dir, staged_dir
from govsim.cli.options import COMMAND_HELP, non_negative_int
from govsim.config.scenario import apply_overrides, load_scenario, scenario_hash, scenario_to_toml
from govsim.config.schema import Scenario
from govsim.errors import ScenarioError
from govsim.experiments.provenance import provenance
from govsim.model.metric_specs import METRICS, metric_label
from govsim.outputs.textable import render_table

__all__ = ["RunPlan", "format_final", "plan_run", "register", "write_outputs"]

#: Command-line options that override a scenario parameter.
OPTION_KEYS = {
    "steps": ("--steps", "world.steps"),
    "residents": ("--residents", "world.n_residents"),
}


@dataclass(frozen=True)
class RunPlan:
    """A checked request for one run: what to run, with which seed, where to save."""

    scenario: Scenario
    seed: int
    out: Path | None
    command: str


def _apply_options(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    overrides = {
        key: getattr(args, option)
        for option, (_flag, key) in OPTION_KEYS.items()
        if getattr(args, option) is not None
    }
    try:
        return apply_overrides(scenario, overrides)
    except ScenarioError as err:
        flags = {key: flag for flag, key in OPTION_KEYS.values()}
        raise ScenarioError(
            replace(p, file="command line", key=f"{flags.get(p.key, p.key)} ({p.key})")
            for p in err.problems
        ) from None


def _command(args: argparse.Namespace) -> str:
    """The canonical command line that repeats this run (defaults made explicit)."""
    words = ["govsim", "run", args.scenario, "--seed", str(args.seed)]
    for option, (flag, _key) in OPTION_KEYS.items():
        if getattr(args, option) is not None:
            words += [flag, str(getattr(args, option))]
    if args.out is not None:
        words += ["--out", str(args.out)]
    return shlex.join(words)


def plan_run(args: argparse.Namespace) -> RunPlan:
    """Check every input before running.

    Raises:
        ScenarioError: with every problem of the scenario, the option values
            and the output folder.
    """
    problems = []
    try:
        scenario = _apply_options(load_scenario(args.scenario), args)
    except ScenarioError as err:
        problems += err.problems
        try:  # the option values can still be checked on their own
            _apply_options(Scenario(), args)
        except ScenarioError as option_err:
            problems += option_err.problems
    out = Path(args.out) if args.out is not None else None
    if out is not None:
        try:
            check_new_dir(out)
        except ScenarioError as err:
            problems += err.problems
    if problems:
        raise ScenarioError(problems)
    return RunPlan(scenario, args.seed, out, _command(args))


def _format_value(name: str, value: float) -> str:
    spec = METRICS[name]
    if not math.isfinite(value):
        return str(value)
    if spec.is_rate:
        return f"{value:.3f}"
    if spec.unit == "count":
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{value:,.2f}"


def format_final(final: dict[str, float]) -> str:
    """The final value of every metric as an aligned table (label, value, unit)."""
    rows = [
        (metric_label(name, with_unit=False), _format_value(name, float(final[name])), spec.unit)
        for name, spec in METRICS.items()
    ]
    return render_table(("metric", "final value", "unit"), rows, right=(1,))


def write_outputs(
    out: Path, timeseries: pd.DataFrame, scenario: Scenario, record: dict[str, Any]
) -> None:
    """Write timeseries.csv, scenario.toml and provenance.json to ``out`` atomically.

    Args:
        out: the result directory (must be new or empty).
        timeseries: the run's time series with ``step`` and every metric.
        scenario: the fully resolved scenario that was run.
        record: the provenance record.
    """
    columns = ["step", *METRICS]
    missing = [c for c in columns if c not in timeseries.columns]
    if missing:
        raise RuntimeError(f"the run's time series lacks columns {missing}")
    header = (
        f"# Fully resolved scenario run by govsim {__version__} with seed {record['seed']}.\n"
        f"# Repeat with: govsim run scenario.toml --seed {record['seed']}\n"
    )
    with staged_dir(out) as stage:
        timeseries[columns].to_csv(stage / "timeseries.csv", index=False)
        (stage / "scenario.toml").write_text(header + scenario_to_toml(scenario), "utf-8")
        text = json.dumps(record, indent=2, sort_keys=False) + "\n"
        (stage / "provenance.json").write_text(text, "utf-8")


def handler(args: argparse.Namespace) -> int:
    """Run one scenario and report (and optionally save) the result."""
    plan = plan_run(args)
    from govsim.model import runner  # imported late: the model is only needed once input is valid

    world = plan.scenario.world
    print(
        f"scenario {plan.scenario.name} (hash {scenario_hash(plan.scenario)[:12]}), "
        f"seed {plan.seed}, {world.steps} steps, {world.n_residents} residents",
        flush=True,
    )
    started = time.perf_counter()
    result = runner.run(plan.scenario, seed=plan.seed, progress=sys.stderr.isatty())
    duration = time.perf_counter() - started
    print(format_final(result.final))
    if plan.out is not None:
        record = provenance(
            result.scenario, plan.seed, command=plan.command, duration_seconds=round(duration, 3)
        )
        write_outputs(plan.out, result.timeseries, result.scenario, record)
        print(f"wrote {plan.out}/: timeseries.csv, scenario.toml, provenance.json")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser(
        "run",
        help=COMMAND_HELP["run"],
        description="Run one scenario with a seed and print the final value of every "
        "metric. With --out DIR, also write DIR/timeseries.csv, the fully resolved "
        "DIR/scenario.toml and DIR/provenance.json.",
    )
    parser.add_argument(
        "scenario", metavar="SCENARIO", help="a scenario file, or a bundled name such as baseline"
    )
    parser.add_argument("--seed", type=non_negative_int, default=0, help="random seed (default 0)")
    parser.add_argument("--steps", type=int, help="months to simulate (overrides world.steps)")
    parser.add_argument(
        "--residents", type=int, help="number of residents (overrides world.n_residents)"
    )
    parser.add_argument("--out", metavar="DIR", help="save the run to this new directory")
    parser.set_defaults(func=handler)
