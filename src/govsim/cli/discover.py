"""``govsim discover DIR``: where in a sampled space does a conclusion fail?"""

from __future__ import annotations

import argparse
from typing import Any

from govsim.cli.options import COMMAND_HELP, analyse_if_needed, positive_int, unit_share
from govsim.errors import command_hint

EPILOG = """values: OUTPUT in a sampled design (its mean over a point's replications);
in a robustness design effect:POLICY:OUTPUT (paired effect against the base),
claim:CLAIM:OUTPUT (positive where the claim holds) or outcome:POLICY:OUTPUT.
Example:
  govsim discover results/robustness --output effect:all_levels:participation_rate --where "< 0"
"""


def register(subparsers: Any) -> None:
    """Add the ``discover`` subcommand."""
    parser = subparsers.add_parser(
        "discover",
        help=COMMAND_HELP["discover"],
        description="Scenario discovery: mark the sampled points where a value meets a "
        "condition and describe where they lie (PRIM boxes, a classification tree, feature "
        "scores). Tables go to DIR/tables/discovery_*.csv, figures to DIR/figures/.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("directory", metavar="DIR", help="a sampled or robustness experiment")
    parser.add_argument("--output", required=True, metavar="VALUE", help="the value searched")
    parser.add_argument(
        "--where", required=True, metavar="CONDITION", help='cases of interest, e.g. "< 0"'
    )
    parser.add_argument("--name", default="", help="the question's name in tables and figures")
    parser.add_argument(
        "--plausible",
        action="store_true",
        help="search only the points whose status quo shows P1 (robustness with a pattern file)",
    )
    parser.add_argument(
        "--threshold",
        type=unit_share,
        default=0.8,
        help="density a PRIM box should reach (default 0.8)",
    )
    parser.add_argument(
        "--boxes", type=positive_int, default=1, help="most PRIM boxes to find (default 1)"
    )
    parser.add_argument(
        "--max-qp",
        type=unit_share,
        default=0.05,
        metavar="P",
        help="drop a box's restrictions whose quasi-p-value is above P, least significant "
        "first (default 0.05; 1 keeps them all)",
    )
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Answer the question, write its tables and figures, and print the boxes."""
    from govsim.analysis.discover import Question, discover, write_discovery  # noqa: PLC0415
    from govsim.outputs.figures import DISCOVERY_FIGURES, write_figures  # noqa: PLC0415

    question = Question(
        args.output,
        args.where,
        args.plausible,
        args.name,
        args.threshold,
        args.boxes,
        args.max_qp,
    )
    analyse_if_needed(args.directory)
    tables = discover(args.directory, question)
    write_discovery(args.directory, tables)
    _print_answer(question, tables)
    figures = write_figures(args.directory, formats=("pdf", "png"), only=DISCOVERY_FIGURES)
    print(f"figures: {', '.join(sorted({str(p.with_suffix('')) for p in figures}))}")
    print(f"next: {command_hint('report', args.directory)}")
    return 0


def _box_summary(box: Any, max_qp: float) -> str:
    """One line on a box: its statistics, how many restrictions it kept and dropped."""
    stats = f"coverage {box.coverage:.0%}, density {box.density:.0%}, mass {box.mass:.0%}"
    dropped = f"{box.n_dropped} dropped with quasi-p above {max_qp:g}"
    if box.n_restricted == 0:
        return (
            f"no region: {stats}; all {box.n_dropped} restrictions of the peeled box had "
            f"quasi-p above {max_qp:g}"
        )
    kept = f"{box.n_restricted} parameter{'' if box.n_restricted == 1 else 's'} restricted"
    return f"{stats}, {kept}" + (f" ({dropped})" if box.n_dropped else "")


def _print_answer(question: Any, tables: dict[str, Any]) -> None:
    from govsim.outputs.plot_discovery import SIGNIFICANT  # noqa: PLC0415

    query = tables["discovery_queries"].iloc[0]
    print(f"{question.label}: {query.n_interest} of {query.n} points are cases of interest")
    limits = tables["discovery_limits"]
    for box in tables["discovery_boxes"].itertuples():
        print(f"box {box.box}: {_box_summary(box, query.max_qp)}")
        for lim in limits[limits["box"] == box.box].itertuples():
            limit = f"{lim.low:.4g} <= {lim.parameter} <= {lim.high:.4g}"
            note = "" if lim.qp_value <= SIGNIFICANT else ", may not matter"
            print(f"  {limit}  (quasi-p {lim.qp_value:.2g}{note})")
    top = tables["discovery_scores"].head(5)
    print("feature scores: " + ", ".join(f"{r.parameter} {r.score:.2f}" for r in top.itertuples()))
