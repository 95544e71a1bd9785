"""Figures of compared scenarios and factorial cells: effects with their intervals."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.lines as mlines
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from govsim.i18n import text
from govsim.outputs.panels import (
    StyleArg,
    effect_axis_label,
    interval_points,
    label_slot,
    legend_below,
    ordered,
    panel_grid,
    panel_title,
    require_columns,
    scenario_styles,
    select_outputs,
    zero_line,
)
from govsim.outputs.style import (
    OKABE_ITO,
    output_label,
    scenario_label,
    style_context,
    term_label,
    wrap,
)

__all__ = ["plot_factorial_effects", "plot_paired_effects"]


# ---------------------------------------------------------------- forest plot


def _effect_vs(base: str, lang: str) -> str:
    """The effect axis title naming the base, lower-cased where the language has case."""
    name = scenario_label(base, lang)
    return text("figure.effect_vs", lang, base=name.lower() if lang == "en" else name)


def plot_paired_effects(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    scenarios: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Forest plot of paired effects against the base scenario.

    One panel per output; one row per scenario, named on the axis, with the
    effect (scenario minus base on the same seeds) and its 95% bootstrap
    interval; a line at zero. Points whose interval excludes zero are filled,
    the others hollow. Each scenario keeps the colour and marker it has in the
    trajectories, so the two figures read together without colour.

    Args:
        table: ``paired_effects.csv``: scenario, base, output, effect, ci_low,
            ci_high, n.
        outputs: outputs to draw (default: all).
        scenarios: scenarios to show, top to bottom (default: table order).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(
        table, ["scenario", "base", "output", "effect", "ci_low", "ci_high"], "paired effects"
    )
    chosen = select_outputs(outputs, table["output"])
    names = ordered(scenarios or table["scenario"])
    base = str(table["base"].iloc[0])
    styles = scenario_styles([base, *names], base)
    labels = [scenario_label(n, lang) for n in names]
    with style_context(style, lang) as st:
        row_height = max(st.panel_height, 0.55 + len(names) * label_slot(st, 2.2))
        fig, axes = panel_grid(len(chosen), st, row_height=row_height, sharey=True)
        ypos = np.arange(len(names))[::-1]
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output].set_index("scenario")
            for y, name in zip(ypos, names, strict=True):
                if name not in part.index:
                    continue
                row = part.loc[name]
                significant = row["ci_low"] > 0 or row["ci_high"] < 0
                interval_points(
                    ax,
                    [row["effect"]],
                    [y],
                    [row["ci_low"]],
                    [row["ci_high"]],
                    styles[name].color,
                    st,
                    filled=bool(significant),
                    marker=styles[name].marker or "o",
                    label=scenario_label(name, lang),
                )
            zero_line(ax)
            panel_title(ax, output_label(output, with_unit=False, lang=lang))
            ax.set_xlabel(effect_axis_label(output, _effect_vs(base, lang), lang))
            ax.set_yticks(ypos, [wrap(label, 22) for label in labels])
            ax.set_ylim(-0.6, len(names) - 0.4)
            ax.tick_params(axis="y", length=0)
    return fig


# ---------------------------------------------------------------- factorial


#: Catalogue keys of the orders of factorial terms.
_ORDER_NAMES = {1: "figure.main_effect", 2: "figure.interaction_2", 3: "figure.interaction_3"}

#: Colour and marker of each order, so main effects and interactions differ without colour.
_ORDER_LOOKS = {1: (OKABE_ITO[0], "o"), 2: (OKABE_ITO[1], "s"), 3: (OKABE_ITO[5], "D")}
_HIGHER_ORDER = (OKABE_ITO[3], "^")


def _order_name(order: int, lang: str) -> str:
    if order in _ORDER_NAMES:
        return text(_ORDER_NAMES[order], lang)
    return text("figure.interaction_n", lang, order=order)


def plot_factorial_effects(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Main effects and interactions of a factorial design, per output.

    Terms are listed main effects first, then two-way and higher interactions,
    each with its 95% interval, coloured and marked by its order; a positive interaction
    of the three policy levels is the synergy ("butterfly effect") of the case
    study.

    Args:
        table: ``factorial_effects.csv``: output, term, effect, ci_low, ci_high.
        outputs: outputs to draw (default: all).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["output", "term", "effect", "ci_low", "ci_high"], "factorial effects")
    chosen = select_outputs(outputs, table["output"])
    terms = sorted(dict.fromkeys(table["term"]), key=lambda t: (t.count(":"), 0))
    orders = {t: t.count(":") + 1 for t in terms}
    with style_context(style, lang) as st:
        row_height = max(st.panel_height, 0.7 + len(terms) * label_slot(st))
        fig, axes = panel_grid(len(chosen), st, row_height=row_height, sharey=True)
        ypos = np.arange(len(terms))[::-1]
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output].set_index("term")
            for y, term in zip(ypos, terms, strict=True):
                if term not in part.index:
                    continue
                row = part.loc[term]
                color, marker = _ORDER_LOOKS.get(orders[term], _HIGHER_ORDER)
                interval_points(
                    ax,
                    [row["effect"]],
                    [y],
                    [row["ci_low"]],
                    [row["ci_high"]],
                    color,
                    st,
                    marker=marker,
                    label=_order_name(orders[term], lang),
                )
            zero_line(ax)
            panel_title(ax, output_label(output, with_unit=False, lang=lang))
            ax.set_xlabel(effect_axis_label(output, text("figure.effect", lang), lang))
            ax.set_yticks(ypos, [wrap(term_label(t, lang), 26) for t in terms])
            ax.set_ylim(-0.6, len(terms) - 0.4)
            ax.tick_params(axis="y", length=0)
        present = sorted(set(orders.values()))
        looks = [_ORDER_LOOKS.get(o, _HIGHER_ORDER) for o in present]
        handles = [mlines.Line2D([], [], color=c, marker=m, linestyle="none") for c, m in looks]
        names = [_order_name(o, lang) for o in present]
        legend_below(fig, handles, names, st)
    return fig
