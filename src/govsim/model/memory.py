"""Release what Mesa keeps of a finished model, so a sweep's memory stays flat.

Mesa 3.3.1 numbers agents through a class attribute, ``mesa.Agent._ids``: a
``defaultdict`` keyed by model instance. Every model ever built stays a key, so
it (and its agents, arrays and data collector) is never freed: a worker that
runs thousands of models grows by megabytes per run (upstream issue
mesa#3179, fixed by mesa#3180 after 3.3.1, which moved the numbering into the
model). :func:`release_model` removes the model's entry. It acts only where
``Agent._ids`` is the mapping it was written for, so on a Mesa that no longer
has it (or changed it) it does nothing.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

__all__ = ["TESTED_MESA", "release_model"]

#: The Mesa versions whose ``Agent._ids`` this helper was written for and tested on.
TESTED_MESA = ("3.3.1",)


def _ids_table() -> MutableMapping[Any, Any] | None:
    """Mesa's per-model agent counters, or None when this Mesa keeps none."""
    try:
        import mesa  # noqa: PLC0415 (a model exists, so Mesa is already imported)
    except ImportError:  # pragma: no cover - mesa is a dependency
        return None
    table = getattr(mesa.Agent, "_ids", None)
    # Only the 3.3-style table: a mapping keyed by model. Anything else is a
    # later design that holds no model, and touching it could break numbering.
    return table if isinstance(table, MutableMapping) else None


def release_model(model: Any) -> bool:
    """Drop Mesa's class-level reference to a finished model.

    Call it once a model's results have been read: agents created for this
    model afterwards would be numbered from 1 again.

    Args:
        model: a :class:`mesa.Model` that has finished running.

    Returns:
        True when a reference was removed, False when there was none to remove
        (another Mesa version, or already released).
    """
    table = _ids_table()
    if table is None:
        return False
    try:
        del table[model]
    except (KeyError, TypeError):  # not a key, or an unhashable stand-in
        return False
    return True
