"""Presets of the classroom app: the status quo, each level, all levels, and one lesson per pattern.

A preset says what the two runs of :class:`~govsim.app.lockstep.ClassroomModel`
start with. Level presets are derived from the policy registry, so a new
policy joins its level's preset by being defined. The lessons are the five
patterns of the case study (MODEL-CONCEPT section 1); P3, P4 and P5 use the same
settings as their experiment files (``experiments/money_without_information.toml``,
``dependence.toml``, ``evaluation_tradeoff.toml``), which a test checks. Their
names and lesson texts are in the catalogue (``preset.*`` and ``lesson.*``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from govsim.config.schema import GovernmentSettings
from govsim.policies import LEVELS, policies_of_level

__all__ = ["CLASSROOM_RESIDENTS", "PRESETS", "Preset"]

#: Residents of a classroom street: a step and a redraw of both runs stay well
#: under a tenth of a second (benchmarks/bench_app.py), and noise between seeds is
#: small enough that a class compares countermeasures, not luck.
CLASSROOM_RESIDENTS = 3000


@dataclass(frozen=True)
class Preset:
    """The starting point of both runs.

    Attributes:
        key: its name in the catalogue (``preset.<key>``, and ``lesson.<key>`` for a lesson).
        policies: settings of the policy run's countermeasures, ``{name: {"enabled": ..}}``.
        reference: parameters of both runs by key path (the lesson's street).
        overrides: parameters of the policy run only by key path, besides policies.
        pattern: the case-study pattern a lesson is about (``"P1"`` .. ``"P5"``), or None.
    """

    key: str
    policies: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    reference: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    pattern: str | None = None

    @property
    def is_lesson(self) -> bool:
        """True for a preset that teaches a pattern of the case study."""
        return self.pattern is not None


def _levels(*levels: str) -> dict[str, dict[str, Any]]:
    """Every countermeasure of the given levels switched on."""
    return {cls.name: {"enabled": True} for level in levels for cls in policies_of_level(level)}


def _on(name: str, **settings: Any) -> dict[str, dict[str, Any]]:
    return {name: {"enabled": True, **settings}}


#: Month the government stops buying services in the dependence lesson (P4), as in
#: experiments/dependence.toml: the sixth year, after two evaluation-free cycles
#: of procurement have made organizations depend on it.
STOP_PURCHASING_MONTH = 72

#: Month resident communication starts in the status-quo-trap lesson (P1): halfway,
#: so the trap is seen first and then what information changes.
COMMUNICATION_MONTH = 60


def _presets() -> dict[str, Preset]:
    default_budget = GovernmentSettings().budget_per_resident
    presets = [
        Preset("status_quo"),
        *(Preset(level, _levels(level)) for level in LEVELS),
        Preset("all_levels", _levels(*LEVELS)),
        Preset(
            "p1_status_quo_trap",
            _on("resident_communication", start=COMMUNICATION_MONTH),
            pattern="P1",
        ),
        Preset("p2_no_single_lever", _levels(*LEVELS), pattern="P2"),
        Preset(
            "p3_money_without_information",
            overrides={"government.budget_per_resident": 2 * default_budget},
            pattern="P3",
        ),
        Preset(
            "p4_dependence",
            _on("independence"),
            reference={"government.stop_purchasing_at": STOP_PURCHASING_MONTH},
            pattern="P4",
        ),
        Preset(
            "p5_evaluation_tradeoff",
            _on("evaluation_system"),
            reference={"policies.transfer_functions.enabled": True},
            pattern="P5",
        ),
    ]
    return {preset.key: preset for preset in presets}


#: Every preset by key, in the order the page lists them.
PRESETS: Mapping[str, Preset] = MappingProxyType(_presets())
