"""``govsim policies``: the registered countermeasures, their level, effect and parameters."""

from __future__ import annotations

import argparse
import shutil

from govsim.cli.options import COMMAND_HELP
from govsim.i18n import (
    LANGUAGES,
    level_title,
    policy_changes,
    policy_title,
    text,
    translate,
)
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


def parameter_rows(lang: str = "en") -> list[tuple[str, str, str, str]]:
    """The parameters every policy has: name, default, range, meaning."""
    shared = PolicySettings()
    return [
        (
            name,
            _value(getattr(shared, name)),
            _range(name),
            translate(f"policy_parameter.{name}", lang, field.description or ""),
        )
        for name, field in PolicySettings.model_fields.items()
    ]


def _columns(lang: str, *keys: str) -> tuple[str, ...]:
    return tuple(text(f"policies.column_{key}", lang) for key in keys)


def _policy_row(name: str, lang: str) -> tuple[str, ...]:
    section, changes = registered()[name].section, policy_changes(name, lang)
    if lang == "en":
        return (name, section, changes)
    return (name, policy_title(name, lang), section, changes)


def render_text(width: int = 100, lang: str = "en") -> str:
    """The policy tables for a terminal of the given width, in a language of the catalogue."""
    blocks = []
    name_width = max(len(name) for name in registered())
    # the scenario key is itself the English name; other languages add their name
    keys = (
        ("policy", "section", "changes")
        if lang == "en"
        else ("policy", "title", "section", "changes")
    )
    for level in LEVELS:
        rows = [_policy_row(cls.name, lang) for cls in policies_of_level(level)]
        table = render_table(
            _columns(lang, *keys),
            rows,
            wrap=len(keys) - 1,
            width=width - 2,
            min_widths=(name_width,),
        )
        heading = text("policies.level_heading", lang, level=level_title(level, lang))
        blocks.append(f"{heading}\n" + _indent(table))
    params = render_table(
        _columns(lang, "parameter", "default", "range", "meaning"),
        parameter_rows(lang),
        wrap=3,
        width=width - 2,
    )
    blocks.append(
        text("policies.parameters_heading", lang)
        + "\n"
        + _indent(params)
        + "\n\n"
        + text("policies.example", lang)
        + "\n"
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
        print(render_text(shutil.get_terminal_size((100, 24)).columns, args.lang))
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
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        default="en",
        help="language of the names and descriptions: en (default) or zh (简体中文)",
    )
    parser.set_defaults(func=handler)
