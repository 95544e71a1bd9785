"""``govsim patterns``: judge the case study's patterns P1-P5 and print the verdicts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govsim.cli.options import COMMAND_HELP, positive_int
from govsim.errors import EXIT_RUNS_FAILED, UserError, command_hint

#: The pattern file run by default (relative to the working directory).
DEFAULT_FILE = Path("experiments") / "patterns.toml"

EPILOG = """Verdicts: holds (the 95% interval lies inside the bound), fails (it lies
entirely outside), inconclusive (it straddles the bound). The bounds and their
sources are in the pattern file. Exit status as for `govsim experiment`: 0 done,
3 some runs failed, 2 bad input, 1 the machine failed."""


def register(subparsers: Any) -> None:
    """Add the ``patterns`` subcommand."""
    parser = subparsers.add_parser(
        "patterns",
        help=COMMAND_HELP["patterns"],
        description="Run the pattern checks P1-P5 as paired experiments, analyse them and "
        "print each criterion's estimate, 95% confidence interval and verdict.",
        epilog=EPILOG,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="classroom size (the pattern file's [patterns.quick]: fewer residents and seeds)",
    )
    parser.add_argument(
        "--file",
        type=Path,
        default=DEFAULT_FILE,
        metavar="FILE",
        help=f"the pattern file (default {DEFAULT_FILE})",
    )
    parser.add_argument(
        "--out", metavar="DIR", help="output directory (default results/patterns[_quick]/)"
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        help="local worker processes (default: all cores)",
    )
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler to run on")
    parser.add_argument(
        "--resume", action="store_true", help="continue DIR, running only the runs not stored"
    )
    parser.set_defaults(func=handler)


def quick_size(data: dict[str, Any]) -> dict[str, Any]:
    """A pattern file's content at its classroom size (``[patterns.quick]``)."""
    quick = (data.get("patterns") or {}).get("quick")
    if not isinstance(quick, dict):
        return data  # the checks report the missing table
    data["name"] = f"{data.get('name', 'patterns')}_quick"
    data["replications"] = quick.get("replications")
    data.setdefault("overrides", {})["world.n_residents"] = quick.get("n_residents")
    return data


def _print_verdicts(table: Any) -> None:
    from govsim.outputs.formatting import format_estimate  # noqa: PLC0415
    from govsim.outputs.textable import render_table  # noqa: PLC0415

    rows = [
        (r.pattern, r.description, format_estimate(r.estimate, r.ci_low, r.ci_high), r.target,
         r.verdict)
        for r in table.itertuples()
    ]  # fmt: skip
    headers = ("", "criterion", "estimate [95% CI]", "bound", "verdict")
    print(render_table(headers, rows, wrap=1, width=110))
    print()
    for pattern, part in table[table["verdict"] != "not judged"].groupby("pattern", sort=True):
        verdicts = set(part["verdict"])
        overall = (
            "fails"
            if "fails" in verdicts
            else "holds"
            if verdicts == {"holds"}
            else ("inconclusive")
        )
        count = f"{len(part)} criteria" if len(part) > 1 else "1 criterion"
        print(f"{pattern}: {overall} ({count}, n = {int(part['n'].iloc[0])} seeds)")


def handler(args: argparse.Namespace) -> int:
    """Run (or resume) the pattern experiment, analyse it and print the verdicts."""
    from govsim.analysis.analyze import analyze  # noqa: PLC0415 (fast --help)
    from govsim.experiments.engine import run_experiment  # noqa: PLC0415

    if not args.file.is_file():
        raise UserError(f"no pattern file {args.file}; run from the repository or give --file")
    out = args.out or Path("results") / ("patterns_quick" if args.quick else "patterns")
    edit = quick_size if args.quick else None
    summary = run_experiment(
        args.file, out, workers=args.workers, scheduler=args.scheduler, resume=args.resume,
        edit=edit,
    )  # fmt: skip
    if summary.failed:
        retry = command_hint("patterns", *(["--quick"] if args.quick else []), "--out", out)
        print(
            f"error: {summary.failed} of {summary.n_runs} runs failed; retry: {retry} --resume",
            file=sys.stderr,
        )
        return EXIT_RUNS_FAILED
    result = analyze(out)
    import pandas as pd  # noqa: PLC0415

    _print_verdicts(pd.read_csv(result.tables_dir / "patterns.csv"))
    print(f"\nresults in {out}; next: {command_hint('report', out)}")
    return 0
