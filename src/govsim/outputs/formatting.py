"""Numbers as the report prints them: rounded to the precision their interval supports.

Rounding an estimate to two significant digits of its interval's half-width
avoids printing digits that the replications cannot support. The functions
return plain text; the report's template escapes it.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "format_count",
    "format_duration",
    "format_estimate",
    "format_number",
    "format_percent",
    "format_plus_minus",
    "interval_scale",
]

#: What a missing value (NaN) prints as.
MISSING = "–"


def _decimals(scale: float) -> int:
    """Decimals that show ``scale`` with two significant digits (0 to 6)."""
    if not math.isfinite(scale) or scale <= 0:
        return 3
    return int(min(6, max(0, 1 - math.floor(math.log10(scale)))))


def format_number(value: Any, scale: float | None = None) -> str:
    """A number rounded to two significant digits of ``scale`` (default: a tenth of itself).

    Anything that is not a number is returned as text.
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return MISSING
    if scale is None:
        scale = abs(x) / 10 if x else 1.0
    return f"{x:,.{_decimals(abs(scale))}f}"


def interval_scale(half_width: Any, value: Any = 0.0) -> float | None:
    """The rounding scale an interval's half-width gives, or None if it gives none.

    An interval narrower than rounding error of ``value`` (common random numbers
    can make an effect exact) gives no scale, rather than six decimals of noise.
    """
    try:
        half, x = float(half_width), float(value)
    except (TypeError, ValueError):
        return None
    floor = 1e-9 * max(1.0, abs(x)) if math.isfinite(x) else 1e-9
    return half if half > floor else None  # NaN fails the comparison too


def format_estimate(value: float, low: float, high: float) -> str:
    """``value [low, high]`` rounded to the precision of the interval."""
    scale = interval_scale((float(high) - float(low)) / 2, value)
    return (
        f"{format_number(value, scale)} [{format_number(low, scale)}, {format_number(high, scale)}]"
    )


def format_plus_minus(value: float, half_width: float) -> str:
    """``value ± half_width`` rounded to the precision of the half-width."""
    scale = interval_scale(half_width, value)
    return f"{format_number(value, scale)} ± {format_number(half_width, scale)}"


def format_count(value: Any) -> str:
    """A whole number with thousands separators ("1,234"); "–" when missing."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    return f"{round(number):,}" if math.isfinite(number) else "–"


def format_percent(share: Any) -> str:
    """A share in [0, 1] as a percentage with one decimal (``0.042`` -> ``4.2%``)."""
    try:
        x = float(share)
    except (TypeError, ValueError):
        return str(share)
    return MISSING if math.isnan(x) else f"{100 * x:.1f}%"


def format_duration(seconds: float) -> str:
    """A duration in the unit that reads best: seconds, minutes or hours."""
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.2f} h"
