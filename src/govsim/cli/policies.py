"""``govsim policies``: the registered countermeasures, their level, effect and parameters."""

from __future__ import annotations

import argparse
import shutil

from govsim.cli.options import COMMAND_HELP
from govsim.outputs.reference import policy_table
from govsim.outputs.textable import render_table
from govsim.policies import LEVELS, PolicySettings, policies_of_level, registered

__all__ = ["parameter_rows", "register", "render_text"]

_EXAMPLE = "  [policies.training]\n  enabled = true\n  intensity = 0.6\n  start = 24"


def _value(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}"


def _range(name: str) -> str:
    field = PolicySettings.model_fields[name]
    if field.annotation is bool:
        return "true/false"
    low = next((m.ge for m in field.metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
    return f"[{_value(low)}, {_value(high)}]"


def parameter_rows() -> list[tuple[str, str, str, str]]:
    """The parameters every policy has: name, default, range, description."""
    shared = PolicySettings()
    return [
        (name, _value(getattr(shared, name)), _range(name), field.description or "")
        for name, field in PolicySettings.model_fields.items()
    ]


def render_text(width: int = 100) -> str:
    """The policy tables for a terminal of the given width."""
    blocks = []
    name_width = max(len(name) for name in registered())
    for level, title in LEVELS.items():
        rows = [(cls.name, cls.section, cls.changes) for cls in policies_of_level(level)]
        table = render_table(
            ("policy", "section", "what it changes"),
            rows,
            wrap=2,
            width=width - 2,
            min_widths=(name_width,),
        )
        blocks.append(f"{title} level\n" + _indent(table))
    params = render_table(
        ("parameter", "default", "range", "meaning"), parameter_rows(), wrap=3, width=width - 2
    )
    blocks.append(
        "Parameters of every policy, set under [policies.NAME] in a scenario file:\n"
        + _indent(params)
        + "\n\nExample:\n"
        + _EXAMPLE
    )
    return "\n\n".join(blocks)


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())


def handler(args: argparse.Namespace) -> int:
    """Print the policy table."""
    if args.markdown:
        print(policy_table())
    else:
        print(render_text(shutil.get_terminal_size((100, 24)).columns))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``policies`` subcommand."""
    parser = subparsers.add_parser(
        "policies",
        help=COMMAND_HELP["policies"],
        description="List the twelve policies (countermeasures of the case study) by "
        "level, with their case-study section, what each changes in the model, and the "
        "parameters (enabled, intensity, start) with their defaults.",
    )
    parser.add_argument("--markdown", action="store_true", help="print one Markdown table")
    parser.set_defaults(func=handler)
