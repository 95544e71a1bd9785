"""Every user-facing name in English and Simplified Chinese.

A name has one home. English names that already live with what they name stay
there: a policy's ``title`` and ``changes`` on its class (with ``title_zh`` and
``changes_zh`` beside them), a level's name in :data:`govsim.policies.LEVELS`,
a metric's label and unit in :data:`govsim.model.metric_specs.METRICS`, a
parameter group's name in the scenario schema. Everything else, and the Chinese
of the levels, metrics and groups, is in ``catalogue.toml`` beside this module,
each entry with every language side by side so a translator sees what is
missing.

This package sits above the model (it reads the metric specifications) and
below everything that shows a name: the outputs, the app and the command line.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from govsim.config.schema import Scenario
from govsim.errors import UserError
from govsim.model.metric_specs import METRICS
from govsim.policies import LEVELS, registered

__all__ = [
    "LANGUAGES",
    "catalogue",
    "check_language",
    "level_title",
    "metric_label",
    "metric_unit",
    "policy_changes",
    "policy_title",
    "section_title",
    "text",
    "translate",
]

#: The languages every name exists in, by code, each named in itself.
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}


def check_language(lang: str) -> str:
    """Return ``lang`` if it is a supported language code.

    Raises:
        UserError: naming the supported codes.
    """
    if lang not in LANGUAGES:
        codes = ", ".join(LANGUAGES)
        raise UserError(f"unknown language {lang!r}: choose one of {codes}")
    return lang


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    """``{"app": {"play": {"en": .., "zh": ..}}}`` as ``{"app.play": {"en": .., "zh": ..}}``."""
    if all(isinstance(v, str) for v in table.values()):
        return {prefix: table}
    out: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        out.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
    return out


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every catalogue entry by dotted key, each a mapping of language code to text."""
    raw = resources.files("govsim.i18n").joinpath("catalogue.toml").read_text("utf-8")
    return _flatten(tomllib.loads(raw))


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The text of a catalogue entry, with ``{field}`` placeholders filled in.

    Args:
        key: a dotted key such as ``"app.play"``.
        lang: a language code from :data:`LANGUAGES`.
        **fields: values for the entry's placeholders.

    Raises:
        KeyError: for a key the catalogue lacks (a typo in code, caught by tests).
    """
    entry = catalogue()[key]
    template = entry.get(check_language(lang)) or entry["en"]
    return template.format(**fields) if fields else template


def translate(key: str, lang: str, english: str) -> str:
    """A name whose English lives elsewhere: ``english`` itself, or the catalogue's ``lang``.

    Falls back to ``english`` when the catalogue has no entry (the catalogue's
    tests name every missing one).
    """
    if check_language(lang) == "en":
        return english
    return catalogue().get(key, {}).get(lang, english)


def policy_title(name: str, lang: str = "en") -> str:
    """The short name of a registered policy, from its class."""
    cls = registered()[name]
    return cls.title if check_language(lang) == "en" else cls.title_zh


def policy_changes(name: str, lang: str = "en") -> str:
    """The one line on what a registered policy changes, from its class."""
    cls = registered()[name]
    return cls.changes if check_language(lang) == "en" else cls.changes_zh


def level_title(level: str, lang: str = "en") -> str:
    """The name of a level of countermeasures (government, organizations, residents)."""
    return translate(f"level.{level}", lang, LEVELS[level])


def metric_unit(name: str, lang: str = "en") -> str:
    """The unit of an outcome metric ("" for none)."""
    return translate(f"unit.{name}", lang, METRICS[name].unit)


def metric_label(name: str, lang: str = "en", *, with_unit: bool = True) -> str:
    """The label of an outcome metric, with its unit in parentheses when asked.

    A metric with no Chinese entry yet falls back to its English label (the
    catalogue's tests name it), so a new metric never breaks a Chinese page.
    """
    spec = METRICS.get(name)
    if spec is None:
        return name.replace("_", " ").capitalize()
    label = translate(f"metric.{name}", lang, spec.label)
    unit = metric_unit(name, lang)
    return f"{label} ({unit})" if with_unit and unit else label


def section_title(section: str, lang: str = "en") -> str:
    """The name of a parameter group of the scenario (``world``, ``government``, ...)."""
    english = Scenario.model_fields[section].description or section
    return translate(f"section.{section}", lang, english)
