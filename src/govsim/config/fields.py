"""How a scenario parameter is declared: valid range, plausible range, unit and source.

Every numeric parameter of the schema is declared with :func:`number` or
:func:`count`, which require

* the **valid range** (inclusive), which validation enforces;
* a **plausible range** inside it, the default bounds of sensitivity and
  robustness designs (``experiments`` sample it unless a file says otherwise);
* a **unit** (``"share"``, ``"yuan"``, ``"months"``, ``"per month"`` ...; ``"1"``
  for a dimensionless weight);
* a **source**: a case-study section (``"case study III.B"``), a short citation
  listed in docs/odd.md (``"Zeng, Li & He 2020"``), or ``"assumed"``.

They are kept in the field's JSON-schema extras, so the documentation and the
designs read them from the schema itself.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Strict", "count", "number", "section"]


class Strict(BaseModel):
    """Base of every schema table: strict types, unknown keys rejected, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _extras(unit: str, source: str, plausible: tuple[float, float], lo: float, hi: float) -> dict:
    if not unit or not source:
        raise ValueError("every parameter needs a unit and a source")
    low, high = plausible
    if not lo <= low <= high <= hi:
        raise ValueError(f"plausible range {plausible} outside the valid range [{lo}, {hi}]")
    return {"unit": unit, "source": source, "plausible": [low, high]}


def number(
    default: float,
    lo: float,
    hi: float,
    text: str,
    *,
    unit: str,
    source: str,
    plausible: tuple[float, float] | None = None,
) -> Any:
    """A bounded float parameter.

    Args:
        default: the default value.
        lo: smallest valid value.
        hi: largest valid value.
        text: one line on what it means.
        unit: its unit.
        source: where the default and range come from.
        plausible: the range a sensitivity design samples (default: the valid range).
    """
    extra = _extras(unit, source, plausible or (lo, hi), lo, hi)
    if not lo <= default <= hi:
        raise ValueError(f"default {default} outside [{lo}, {hi}] for {text!r}")
    return Field(default, ge=lo, le=hi, description=text, json_schema_extra=extra)


def count(
    default: int,
    lo: int,
    hi: int,
    text: str,
    *,
    unit: str,
    source: str,
    plausible: tuple[int, int] | None = None,
) -> Any:
    """A bounded integer parameter (arguments as for :func:`number`)."""
    extra = _extras(unit, source, plausible or (lo, hi), lo, hi)
    return Field(default, ge=lo, le=hi, description=text, json_schema_extra=extra)


def section(cls: type[Strict], text: str) -> Any:
    """A table of the scenario, defaulting to its own defaults."""
    return Field(default_factory=cls, description=text)
