"""``govsim app``: the classroom app in the browser, offline."""

from __future__ import annotations

import argparse

from govsim.cli.options import COMMAND_HELP
from govsim.i18n import LANGUAGES

#: Most residents the app offers: beyond this a step and a redraw get slow to watch.
MAX_RESIDENTS = 10_000


def _residents(text: str) -> int:
    value = int(text)
    if not 100 <= value <= MAX_RESIDENTS:
        raise argparse.ArgumentTypeError(f"expected 100 to {MAX_RESIDENTS}, found {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``app`` subcommand."""
    from govsim.app.presets import CLASSROOM_RESIDENTS  # noqa: PLC0415

    parser = subparsers.add_parser(
        "app",
        help=COMMAND_HELP["app"],
        description="Serve the classroom app on this machine and open it in the browser: "
        "the status quo and a run with countermeasures side by side on the same seed, "
        "switches and sliders for the twelve countermeasures, presets and lessons, live "
        "plots, the street, the Info panel and export. Works without internet. Stop it "
        "with Ctrl-C.",
    )
    parser.add_argument(
        "--lang", choices=list(LANGUAGES), default="en", help="language: en (default) or zh"
    )
    parser.add_argument(
        "--residents",
        type=_residents,
        default=CLASSROOM_RESIDENTS,
        help=f"residents of the street (default {CLASSROOM_RESIDENTS})",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of both runs (default 0)")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Serve the app until interrupted."""
    from govsim.app.server import serve  # noqa: PLC0415 - Solara loads only for this command

    return serve(
        lang=args.lang,
        residents=args.residents,
        seed=args.seed,
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
    )
