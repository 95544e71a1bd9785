"""``govsim experiment FILE``: run an experiment design and store every run."""

from __future__ import annotations

import argparse
from typing import Any

from govsim.cli.options import COMMAND_HELP


def register(subparsers: Any) -> None:
    """Add the ``experiment`` subcommand."""
    parser = subparsers.add_parser(
        "experiment",
        help=COMMAND_HELP["experiment"],
        description="Run every run of an experiment design and stream it into "
        "DIR/store.sqlite. Resumable after a crash with --resume.",
    )
    parser.add_argument("file", help="experiment file (TOML), e.g. experiments/policy_levels.toml")
    parser.add_argument("--out", metavar="DIR", help="output directory (default results/<name>/)")
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="local worker processes (default: all cores; 1 = sequential)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="send runs to a Dask scheduler, e.g. tcp://127.0.0.1:8786",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an existing output directory, skipping stored runs",
    )
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Run the experiment and print where the results are."""
    from govsim.experiments.engine import run_experiment  # noqa: PLC0415 (fast --help)

    summary = run_experiment(
        args.file, args.out, workers=args.workers, scheduler=args.scheduler, resume=args.resume
    )
    print(
        f"{summary.n_runs} runs: {summary.done} done now, {summary.skipped} already stored, "
        f"{summary.failed} failed"
    )
    print(f"results in {summary.out}")
    print(f"next: govsim figures {summary.out} && govsim report {summary.out}")
    return 0
