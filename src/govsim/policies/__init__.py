"""The countermeasures of the case study, one class each, registered by definition.

Importing this package registers the twelve built-in policies, by level
(government, organizations, residents) in the case study's order. A policy
defined elsewhere (a test, a plugin) registers the same way, by subclassing
:class:`Policy`, and then appears in the scenario schema, ``govsim policies``
and the generated documentation.
"""

from __future__ import annotations

from govsim.policies import government, organizations, residents  # noqa: F401 (registers)
from govsim.policies.base import (
    LEVELS,
    Levers,
    Policy,
    PolicySettings,
    policies_of_level,
    registered,
    registry_version,
    unregister,
)

__all__ = [
    "LEVELS",
    "Levers",
    "Policy",
    "PolicySettings",
    "policies_of_level",
    "policy_names",
    "registered",
    "registry_version",
    "unregister",
]


def policy_names() -> tuple[str, ...]:
    """Names of the registered policies in canonical order."""
    return tuple(registered())
