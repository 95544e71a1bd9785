"""Every user-facing name in English and Simplified Chinese, from one catalogue.

See :mod:`govsim.i18n.catalogue` for where each name lives and why.
"""

from __future__ import annotations

from govsim.i18n.catalogue import (
    LANGUAGES,
    catalogue,
    check_language,
    level_title,
    metric_label,
    metric_unit,
    policy_changes,
    policy_title,
    section_title,
    text,
    translate,
)

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
