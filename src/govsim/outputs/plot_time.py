"""Outcomes over time: per-scenario means with confidence bands, or a sampled design's envelope.

Compared scenarios repeat the same parameters, so the mean over replications
has a confidence interval. A sampled design's runs differ in their parameters:
their spread is the envelope of the sampled space, drawn as quantile bands and
never as a confidence interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.colors as mcolors
import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from govsim.i18n import text
from govsim.model.metric_specs import METRICS
from govsim.outputs.panels import (
    SeriesStyle,
    StyleArg,
    direct_labels,
    legend_below,
    ordered,
    panel_grid,
    panel_title,
    require_columns,
    scenario_styles,
    select_outputs,
)
from govsim.outputs.style import (
    OKABE_ITO,
    Style,
    output_label,
    output_unit,
    scenario_label,
    style_context,
)

__all__ = ["plot_envelope", "plot_trajectories"]


def _clip_to_bounds(output: str, low: pd.Series, high: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Confidence bands cut at the metric's possible range.

    A t interval from few replications can reach below zero for a count or a
    share; the band is cut where the quantity itself cannot go.
    """
    spec = METRICS.get(output)
    if spec is None:
        return low, high
    return low.clip(lower=spec.low, upper=spec.high), high.clip(lower=spec.low, upper=spec.high)


def _drawn_steps(part: pd.DataFrame, output: str) -> pd.DataFrame:
    """The rows worth drawing, by step: a monthly metric is drawn from step 1 on."""
    if output in METRICS and METRICS[output].monthly:
        part = part[part["step"] > 0]  # step 0 holds the warm-up's last month, not a recorded one
    return part.sort_values("step")


def _time_axis(ax: Axes, output: str, lang: str) -> None:
    """Label the panel's axes; govsim's steps are months, a user model's are steps."""
    panel_title(ax, output_label(output, with_unit=False, lang=lang))
    ax.set_ylabel(output_unit(output, lang) or text("figure.value", lang))
    ax.set_xlabel(text("figure.month" if output in METRICS else "figure.step", lang))
    ax.margins(x=0)


#: Markers along a trajectory: about this many, so they mark the line without hiding it.
_MARKERS_PER_LINE = 6

#: Size of the markers on a line against the style's marker size (points of a forest plot).
_LINE_MARKER_SCALE = 0.8


def _marks(n_points: int, index: int, n_lines: int) -> tuple[int, int]:
    """``markevery`` of the ``index``-th line: evenly spaced, staggered between lines."""
    every = max(1, n_points // _MARKERS_PER_LINE)
    return (index * every // max(n_lines, 1)) % every, every


def _handle(style: SeriesStyle, st: Style) -> mlines.Line2D:
    return mlines.Line2D(
        [],
        [],
        color=style.color,
        linestyle=style.linestyle,
        marker=style.marker or None,
        markersize=st.marker_size * _LINE_MARKER_SCALE,
    )


def _name_lines_at_their_ends(
    axes: list[Axes], ends: list[tuple[str, float, str]], st: Style
) -> None:
    """Direct labels on the last panel, where there is room to the right of it.

    A figure of one panel makes room for them; the last panel of a row with
    empty cells lends them the empty space. A full grid has no room to spare:
    there the legend alone names the lines.
    """
    last = axes[-1]
    columns = last.get_gridspec().ncols
    room = len(axes) == 1 or len(axes) % columns != 0
    if room and len(ends) > 1:
        direct_labels(last, ends, st, in_layout=len(axes) == 1)


def plot_trajectories(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    scenarios: Sequence[str] | None = None,
    base: str | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Mean trajectory and 95% band per scenario, one panel per output.

    Scenarios differ in line style and marker as well as colour (the base is a
    plain black line), so the figure reads in greyscale and without colour
    vision. The panels of the right-hand column name the lines at their ends
    where the names fit; the legend below always names them. Bands are cut at
    the metric's possible range (a share stays in [0, 1], a count above zero).
    Metrics measured over a month start at month 1.

    Args:
        table: ``timeseries_summary.csv``: scenario, output, step, mean, ci_low,
            ci_high, n.
        outputs: outputs to draw, in panel order (default: all in the table).
        scenarios: scenarios to draw, in legend order (default: all).
        base: the base scenario, drawn in black and listed first.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).

    Returns:
        The figure: one axes per output, one line and one band per scenario.
    """
    require_columns(
        table, ["scenario", "output", "step", "mean", "ci_low", "ci_high"], "timeseries"
    )
    chosen = select_outputs(outputs, table["output"])
    names = ordered(scenarios or table["scenario"], [base] if base else ())
    styles = scenario_styles(names, base)
    labels = {name: scenario_label(name, lang) for name in names}
    with style_context(style, lang) as st:
        fig, axes = panel_grid(len(chosen), st)
        for ax, output in zip(axes, chosen, strict=True):
            part = _drawn_steps(table[table["output"] == output], output)
            ends = []
            for index, name in enumerate(names):
                rows = part[part["scenario"] == name]
                if rows.empty:
                    continue
                look = styles[name]
                low, high = _clip_to_bounds(output, rows["ci_low"], rows["ci_high"])
                ax.fill_between(rows["step"], low, high, color=look.color, alpha=0.2, linewidth=0)
                ax.plot(
                    rows["step"],
                    rows["mean"],
                    color=look.color,
                    linestyle=look.linestyle,
                    marker=look.marker or None,
                    markersize=st.marker_size * _LINE_MARKER_SCALE,
                    markevery=_marks(len(rows), index, len(names)),
                    label=labels[name],
                )
                ends.append((labels[name], float(rows["mean"].iloc[-1]), look.color))
            _time_axis(ax, output, lang)
        _name_lines_at_their_ends(axes, ends, st)  # the ends of the last panel drawn
        handles = [_handle(styles[n], st) for n in names]
        legend_below(fig, handles, [labels[n] for n in names], st)
    return fig


def _tint(color: str, strength: float) -> tuple[float, float, float]:
    """``color`` mixed with white: opaque, so nested bands keep their legend colours."""
    r, g, b = (1.0 - strength * (1.0 - c) for c in mcolors.to_rgb(color))
    return r, g, b


#: Envelope bands, outer first: (low column, high column, tint strength, legend label key).
_BANDS = (
    ("q05", "q95", 0.22, "figure.middle_90"),
    ("q25", "q75", 0.5, "figure.middle_50"),
)


def plot_envelope(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """The envelope of a sampled design's trajectories, one panel per output.

    The median over the runs at each step (line) with the middle 50% and 90% of the runs
    (bands). The runs of a sampled design differ in their parameters, so the
    bands show how far the sampled space spreads the outcomes; they are not
    confidence intervals of a mean.

    Args:
        table: ``timeseries_envelope.csv``: output, step, median, q05, q25, q75,
            q95, n.
        outputs: outputs to draw, in panel order (default: all in the table).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).

    Returns:
        The figure: one axes per output, two bands and a median line in each.
    """
    require_columns(table, ["output", "step", "median", "q05", "q25", "q75", "q95"], "envelope")
    chosen = select_outputs(outputs, table["output"])
    color = OKABE_ITO[0]
    with style_context(style, lang) as st:
        fig, axes = panel_grid(len(chosen), st)
        for ax, output in zip(axes, chosen, strict=True):
            rows = _drawn_steps(table[table["output"] == output], output)
            for low, high, strength, _ in _BANDS:
                fill = _tint(color, strength)
                ax.fill_between(rows["step"], rows[low], rows[high], color=fill, linewidth=0)
            ax.plot(rows["step"], rows["median"], color=color)
            _time_axis(ax, output, lang)
        handles = [mlines.Line2D([], [], color=color)]
        handles += [mpatches.Patch(color=_tint(color, s)) for _, _, s, _ in reversed(_BANDS)]
        labels = [text("figure.median", lang), *(text(key, lang) for *_, key in reversed(_BANDS))]
        legend_below(fig, handles, labels, st)
    return fig
