"""What a policy is: its settings, the levers it moves, and the registry of policies.

Mechanisms never read policy switches. Each month the model resets a
:class:`Levers` record to the status quo of the scenario, then every policy
that is enabled and has started moves the levers it owns. Mechanisms read only
the levers, so a policy can start mid-run, be swept by intensity, and its
effect is traceable to the few levers it touches.

A policy is one class: defining a :class:`Policy` subclass with a ``name``
registers it, and the scenario schema's ``[policies]`` table, ``govsim
policies`` and the generated documentation are all derived from the registered
classes. This package sits below the scenario schema (which needs the policy
names) and knows nothing of the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "LEVELS",
    "Levers",
    "Policy",
    "PolicySettings",
    "policies_of_level",
    "registered",
    "registry_version",
    "unregister",
]

#: The three levels of countermeasures of the case study (section IV), in its order.
LEVELS: dict[str, str] = {
    "government": "Government",
    "organizations": "Social organizations",
    "residents": "Residents",
}


class PolicySettings(BaseModel):
    """One countermeasure in a scenario: on/off, strength and the month it starts."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    enabled: bool = Field(False, description="Whether the policy is applied")
    intensity: float = Field(
        0.8, ge=0.0, le=1.0, description="Strength of the policy, 0 (none) to 1 (full)"
    )
    start: int = Field(0, ge=0, le=10_000, description="Month the policy starts")


@dataclass
class Levers:
    """How strongly each kind of countermeasure acts this month, each in [0, 1].

    A lever is an intensity, not an effect: 0 is the status quo of the
    scenario, 1 the countermeasure at full strength. What a lever does, and how
    much, is decided by the mechanism that reads it, with coefficients that are
    scenario parameters (``[mechanisms]``; docs/odd.md).

    Attributes:
        transfer: transfer of service functions (delegation rises toward its maximum).
        legal: procurement law applied faithfully (fidelity up, volatility down).
        threshold: lower registration cost and easier filing.
        evaluation: multi-party evaluation with grades, restructuring and exit.
        disclosure: public information on organizations.
        governance: charters, boards and departments in use.
        independence: no appointees, diversified income.
        training: skill and finance training.
        recruitment: title allowance and salary support.
        identity_building: identity-building activities.
        communication: needs surveys and feedback channels.
        innovation: residents deciding on projects (deliberative councils).
    """

    transfer: float = 0.0
    legal: float = 0.0
    threshold: float = 0.0
    evaluation: float = 0.0
    disclosure: float = 0.0
    governance: float = 0.0
    independence: float = 0.0
    training: float = 0.0
    recruitment: float = 0.0
    identity_building: float = 0.0
    communication: float = 0.0
    innovation: float = 0.0


_REGISTRY: dict[str, type[Policy]] = {}

#: What every policy class declares besides its name. The Chinese title and line
#: belong to the class, like its section: a policy stays one class to add, and a
#: Chinese page or figure can never meet a policy without a Chinese name.
_DESCRIPTION = ("level", "section", "title", "title_zh", "changes", "changes_zh")

_VERSION = [0]


class Policy:
    """A countermeasure: its description, its settings and the levers it moves.

    A subclass sets the class attributes below and implements :meth:`apply`;
    defining it registers it under ``name`` (the key under ``[policies]`` in a
    scenario file).

    Attributes:
        name: scenario key, such as ``"training"``.
        level: ``"government"``, ``"organizations"`` or ``"residents"``.
        section: the case-study section that proposes it, such as ``"IV.B.3"``.
        title: a short human-readable name.
        title_zh: the same name in Simplified Chinese, in the vocabulary of the case study.
        changes: one line on what it changes in the model.
        changes_zh: the same line in Simplified Chinese.
        settings: its settings in the scenario being run.
    """

    name: ClassVar[str]
    level: ClassVar[str]
    section: ClassVar[str]
    title: ClassVar[str]
    title_zh: ClassVar[str]
    changes: ClassVar[str]
    changes_zh: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            return  # an abstract intermediate class
        missing = [a for a in _DESCRIPTION if not hasattr(cls, a)]
        if missing:
            raise TypeError(f"policy {cls.__name__} lacks {', '.join(missing)}")
        if cls.level not in LEVELS:
            raise TypeError(f"policy {cls.name!r}: level must be one of {', '.join(LEVELS)}")
        if not cls.name.isidentifier() or cls.name in _REGISTRY:
            raise TypeError(f"policy name {cls.name!r} is not a new identifier")
        _REGISTRY[cls.name] = cls
        _VERSION[0] += 1

    def __init__(self, settings: PolicySettings):
        self.settings = settings

    def is_active(self, step: int) -> bool:
        """True when the policy is enabled, has started and has non-zero intensity."""
        s = self.settings
        return s.enabled and step >= s.start and s.intensity > 0.0

    def apply(self, levers: Levers, intensity: float) -> None:
        """Move the levers this policy owns (override in subclasses)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        s = self.settings
        return (
            f"{type(self).__name__}(enabled={s.enabled}, intensity={s.intensity}, start={s.start})"
        )


def registered() -> dict[str, type[Policy]]:
    """Every registered policy class by name, in registration (canonical) order."""
    return dict(_REGISTRY)


def registry_version() -> int:
    """A number that changes whenever a policy is registered or removed (for caches)."""
    return _VERSION[0]


def policies_of_level(level: str) -> Iterator[type[Policy]]:
    """The registered policies of one level, in canonical order."""
    return (cls for cls in _REGISTRY.values() if cls.level == level)


def unregister(name: str) -> None:
    """Remove a registered policy (for tests and plugins that define one temporarily).

    Raises:
        KeyError: if no policy has that name.
    """
    del _REGISTRY[name]
    _VERSION[0] += 1
