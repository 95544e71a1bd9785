"""The Info panel (in the NetLogo tradition) and the lesson text of a preset.

The Info text is one Markdown file per language beside this module
(``info/en.md``, ``info/zh.md``) with the five NetLogo headings: what is it,
how it works, things to notice, things to try, extending the model. Lesson
texts are catalogue entries whose numbers (months, cycles) are filled in from
the scenario, so they cannot drift from what the model runs.
"""

from __future__ import annotations

from importlib import resources

from govsim.app.presets import Preset
from govsim.config.schema import Scenario
from govsim.i18n import check_language, text

__all__ = ["info_markdown", "lesson_text"]


def info_markdown(lang: str = "en") -> str:
    """The Info panel's Markdown in a language."""
    path = resources.files("govsim.app").joinpath("info", f"{check_language(lang)}.md")
    return path.read_text("utf-8")


def lesson_text(preset: Preset, scenario: Scenario, lang: str = "en") -> str | None:
    """The question a lesson preset asks, with its months taken from ``scenario``.

    Args:
        preset: the preset (None is returned for one that is not a lesson).
        scenario: the policy run's scenario.
        lang: the language.
    """
    if not preset.is_lesson:
        return None
    return text(
        f"lesson.{preset.key}",
        lang,
        start=scenario.policies.resident_communication.start,
        stop=scenario.government.stop_purchasing_at,
        cycle=scenario.evaluation.cycle_months,
        horizon=scenario.world.steps,
    )
