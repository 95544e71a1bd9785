"""Building blocks shared by the plotting functions: panel grids, legends, intervals.

Each figure function in :mod:`govsim.outputs.plotting` lays out its panels,
legend and interval markers with these, so every figure has the same geometry
and no legend ever covers data.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from govsim.errors import UserError
from govsim.outputs.style import OKABE_ITO, Style, output_unit, parenthesized, wrap

__all__ = [
    "DIRECT_LABEL_WIDTH",
    "SERIES_STYLES",
    "SeriesStyle",
    "StyleArg",
    "direct_labels",
    "effect_axis_label",
    "interval_points",
    "label_slot",
    "legend_below",
    "legend_columns",
    "ordered",
    "panel_grid",
    "panel_title",
    "require_columns",
    "scenario_colors",
    "scenario_styles",
    "select_outputs",
    "text_width",
    "zero_line",
]

#: A style name ("paper", "presentation") or a :class:`~govsim.outputs.style.Style`.
StyleArg = str | Style

_TEXT_TO_PATH = TextToPath()


def select_outputs(requested: Iterable[str] | None, available: Sequence[str]) -> list[str]:
    """The outputs to draw: ``requested`` in its order, or every available one.

    Raises:
        UserError: naming each requested output that is not available, with the
            closest valid name.
    """
    available = list(dict.fromkeys(available))
    if requested is None:
        return available
    chosen = list(dict.fromkeys(requested))
    problems = []
    for name in chosen:
        if name not in available:
            close = difflib.get_close_matches(name, available, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"unknown output {name!r}{hint}")
    if problems:
        valid = ", ".join(available)
        raise UserError("; ".join(problems) + f"; this experiment has: {valid}")
    return chosen


def require_columns(table: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a :class:`~govsim.errors.UserError` for a table lacking ``columns`` or empty."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise UserError(f"{what} table lacks column(s) {', '.join(missing)}")
    if table.empty:
        raise UserError(f"{what} table is empty: nothing to plot")


def panel_grid(
    n: int,
    st: Style,
    *,
    row_height: float | None = None,
    max_columns: int | None = None,
    sharey: bool = False,
) -> tuple[Figure, list[Axes]]:
    """A constrained-layout figure with ``n`` panels on a grid, unused cells removed.

    One column fits a single journal column; more take the double width.
    """
    ncols = max(1, min(n, max_columns or st.max_columns))
    nrows = math.ceil(n / ncols)
    width = st.single_width if ncols == 1 else st.double_width
    height = (row_height or st.panel_height) * nrows
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=sharey).ravel()
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, list(axes[:n])


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in points at font ``size`` (the widest of its lines).

    Measured with the current rc fonts, so a Chinese label is measured in the
    CJK font it will be drawn in.
    """
    props = FontProperties(size=size)
    return max(
        _TEXT_TO_PATH.get_text_width_height_descent(line, props, ismath=False)[0]
        for line in text.split("\n")
    )


def legend_columns(labels: list[str], width_in: float, st: Style) -> int:
    """Most legend columns that fit ``width_in``, then balanced over the rows needed.

    Columns are filled top to bottom, so each column is as wide as its widest
    label plus the handle, the gap to the text and the space between columns.
    """
    size = st.font_size - 1
    widths = [text_width(label, size) for label in labels]
    extra = (1.6 + 0.8 + 1.2) * size  # handlelength + handletextpad + columnspacing (em)
    available = width_in * 72 - 2 * size
    n = len(labels)
    for ncols in range(n, 0, -1):
        rows = math.ceil(n / ncols)
        columns = [widths[i : i + rows] for i in range(0, n, rows)]
        if sum(max(c) + extra for c in columns) <= available:
            return math.ceil(n / rows)  # same number of rows, columns as even as possible
    return 1


def legend_below(fig: Figure, handles: list, labels: list[str], st: Style) -> None:
    """A shared legend under the panels, where it never covers data."""
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=legend_columns(labels, fig.get_figwidth(), st),
        handlelength=1.6,
        handletextpad=0.8,
        columnspacing=1.2,
    )


def label_slot(st: Style, lines: float = 2.6) -> float:
    """Height in inches of one row of tick labels: room for two-line labels."""
    return lines * (st.font_size - 1) / 72


def panel_title(ax: Axes, text: str, width: int = 30) -> None:
    """A panel's title, left-aligned and wrapped at ``width`` characters."""
    ax.set_title(wrap(text, width), loc="left")


def scenario_colors(scenarios: list[str], base: str | None) -> dict[str, str]:
    """Black for the base scenario, the palette in order for the others.

    Without a base among them (the cells of a factorial design), black is an
    ordinary colour too, so eight scenarios get eight colours.
    """
    colors: dict[str, str] = {}
    palette = OKABE_ITO[:-1] if base in scenarios else OKABE_ITO
    others = iter(palette * (1 + len(scenarios) // len(palette)))
    for name in scenarios:
        colors[name] = "#000000" if name == base else next(others)
    return colors


@dataclass(frozen=True)
class SeriesStyle:
    """How one scenario is drawn: its colour, line style and marker ("" for none)."""

    color: str
    linestyle: str
    marker: str


#: Line style and marker of the scenarios, in order: the first (the base) is a
#: plain solid line, and no two of the first eight share both, so the scenarios
#: stay apart in greyscale print and for readers who do not see the colours.
SERIES_STYLES: tuple[tuple[str, str], ...] = (
    ("-", ""),
    ("--", "o"),
    (":", "s"),
    ("-.", "^"),
    ("-", "D"),
    ("--", "v"),
    (":", "P"),
    ("-.", "X"),
)


def scenario_styles(scenarios: list[str], base: str | None) -> dict[str, SeriesStyle]:
    """Colour, line style and marker per scenario, the base (if among them) first.

    The colours are :func:`scenario_colors`; the line styles and markers
    :data:`SERIES_STYLES` in order, so a scenario keeps its marker in every
    figure that lists the same scenarios.
    """
    names = ordered(scenarios, [base] if base else ())
    colors = scenario_colors(names, base)
    return {
        name: SeriesStyle(colors[name], *SERIES_STYLES[i % len(SERIES_STYLES)])
        for i, name in enumerate(names)
    }


def _spread(wanted: list[float], gap: float) -> list[float] | None:
    """Positions in [0, 1] near ``wanted`` (sorted), at least ``gap`` apart; None if none fit."""
    if gap * (len(wanted) - 1) > 1:
        return None
    placed = [min(max(y, 0.0), 1.0) for y in wanted]
    for i in range(1, len(placed)):  # push up from the bottom
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed[-1] = min(placed[-1], 1.0)
    for i in range(len(placed) - 2, -1, -1):  # then down from the top
        placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed if placed[0] >= -1e-9 else None


#: Widest name drawn beside a panel, inches: it must fit the empty grid cell (or
#: the margin) to the panel's right, which is never narrower than a third of a
#: double-width figure.
DIRECT_LABEL_WIDTH = 1.1

#: Share of a panel's height its data take (the rest is title and tick labels).
_DATA_SHARE = 0.62

#: Distance between the centres of two names, in font sizes (their line spacing).
_NAME_SPACING = 1.25


def direct_labels(
    ax: Axes, ends: Sequence[tuple[str, float, str]], st: Style, in_layout: bool = True
) -> bool:
    """Name lines at their right ends, beside the axes, when the names fit.

    Names are one line each, moved apart vertically just enough not to touch,
    and drawn in their line's colour. They are left out (and the legend alone
    names the lines) when the axes is too short to hold them apart, or a name
    is long enough to need wrapping.

    Args:
        ax: the axes whose lines to name; its y limits must be final.
        ends: ``(name, y of the line's last point, colour)`` per line.
        st: the figure's style (font size, panel height).
        in_layout: whether the layout makes room for the names; False when they
            extend into an empty cell of the panel grid.

    Returns:
        True if the names were drawn.
    """
    size = st.font_size - 1
    too_wide = DIRECT_LABEL_WIDTH * 72  # points
    if not ends or any("\n" in name or text_width(name, size) > too_wide for name, _, _ in ends):
        return False
    low, high = ax.get_ylim()
    height = _DATA_SHARE * st.panel_height * 72  # points
    order = sorted(range(len(ends)), key=lambda i: ends[i][1])
    wanted = [(ends[i][1] - low) / (high - low) for i in order]
    placed = _spread(wanted, _NAME_SPACING * size / height)
    if placed is None:
        return False
    for i, y in zip(order, placed, strict=True):
        name, _, color = ends[i]
        label = ax.text(
            1.03,
            y,
            name,
            transform=ax.transAxes,
            color=color,
            fontsize=size,
            va="center",
            ha="left",
            clip_on=False,
        )
        label.set_in_layout(in_layout)
    return True


def effect_axis_label(output: str, prefix: str, lang: str = "en") -> str:
    """``prefix (unit)``, broken before the unit so neighbouring panels never collide."""
    unit = output_unit(output, lang)
    return f"{prefix}\n{parenthesized(unit, lang)}" if unit else prefix


def interval_points(
    ax: Axes,
    x,
    y,
    low,
    high,
    color: str,
    st: Style,
    filled: bool = True,
    marker: str = "o",
    label: str = "",
) -> None:
    """Points with horizontal confidence-interval whiskers (hollow if not ``filled``).

    ``label`` names the series the points belong to (a scenario), for tests and
    for readers of the figure object; it is not shown.
    """
    x, low, high = (np.asarray(v, dtype=float) for v in (x, low, high))
    xerr = np.vstack([np.clip(x - low, 0, None), np.clip(high - x, 0, None)])
    ax.errorbar(
        x,
        y,
        xerr=xerr,
        fmt=marker,
        color=color,
        mfc=color if filled else "white",
        ecolor=color,
        elinewidth=1.0,
        capsize=2.0,
        markersize=st.marker_size,
        zorder=3,
        label=label or None,
    )


def zero_line(ax: Axes) -> None:
    """A vertical line at zero, behind the data: "no effect" in a forest plot."""
    ax.axvline(0.0, color="#000000", linewidth=0.8, zorder=1)


def ordered(values: Iterable[str], first: Sequence[str] = ()) -> list[str]:
    """The distinct ``values`` in order of appearance, those in ``first`` moved first."""
    seen = list(dict.fromkeys(values))
    head = [v for v in first if v in seen]
    return head + [v for v in seen if v not in head]
