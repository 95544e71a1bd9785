"""``govsim experiment FILE``: run an experiment design and store every run."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from govsim.cli.options import COMMAND_HELP, positive_float, positive_int
from govsim.errors import EXIT_RUNS_FAILED, command_hint
from govsim.experiments.limits import DEFAULT_MAX_RUNS

EPILOG = """exit status: 0 every run done; 3 the experiment finished but some runs failed
(they are stored with their error: see runs.csv, retry them with --resume); 2 bad
input (nothing run); 1 the machine failed (disk full, a worker killed): the runs
stored so far are kept, continue with --resume."""


def register(subparsers: Any) -> None:
    """Add the ``experiment`` subcommand."""
    parser = subparsers.add_parser(
        "experiment",
        help=COMMAND_HELP["experiment"],
        description="Run every run of an experiment design and stream it into "
        "DIR/store.sqlite. Resumable after a crash with --resume.",
        epilog=EPILOG,
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
    parser.add_argument(
        "--max-runs",
        type=positive_int,
        default=DEFAULT_MAX_RUNS,
        metavar="N",
        help=f"refuse a design of more runs (default {DEFAULT_MAX_RUNS:,})",
    )
    parser.add_argument(
        "--time-limit",
        type=positive_float,
        metavar="SECONDS",
        help="stop a run after this long and record it as failed (default: no limit)",
    )
    parser.add_argument(
        "--worker-max-runs",
        type=positive_int,
        metavar="N",
        help="replace a worker process by a fresh one after N runs (default: never)",
    )
    parser.add_argument(
        "--worker-max-memory",
        type=positive_float,
        metavar="MB",
        help="replace a worker whose memory exceeds MB megabytes (default: never)",
    )
    parser.set_defaults(func=handler)


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C: workers are stopped, stored runs kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def handler(args: argparse.Namespace) -> int:
    """Run the experiment and print where the results are."""
    from govsim.experiments.engine import run_experiment  # noqa: PLC0415 (fast --help)
    from govsim.experiments.executors import WorkerPolicy  # noqa: PLC0415

    policy = WorkerPolicy(args.time_limit, args.worker_max_runs, args.worker_max_memory)
    with _sigterm_stops():
        summary = run_experiment(
            args.file,
            args.out,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            max_runs=args.max_runs,
            policy=policy,
        )
    print(
        f"{summary.n_runs} runs: {summary.done} done now, {summary.skipped} already stored, "
        f"{summary.failed} failed"
    )
    print(f"results in {summary.out}")
    if summary.failed:
        retry = command_hint("experiment", args.file, "--out", summary.out, "--resume")
        print(
            f"error: {summary.failed} of {summary.n_runs} runs failed (their errors are in "
            f"the store; `{command_hint('analyze', summary.out)}` lists them in runs.csv); "
            f"retry them with: {retry}",
            file=sys.stderr,
        )
        return EXIT_RUNS_FAILED
    print(f"next: {command_hint('figures', summary.out)} && {command_hint('report', summary.out)}")
    return 0
