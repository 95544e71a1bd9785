"""Figures of a robustness design: effects over the sampled space, shares, claims, regret.

A robustness design runs every policy at every sampled point on the same
seeds. These figures show, per output, how the paired effects are spread over
the points (empirical distribution functions, with the zero line), on how
large a share of the space each effect is positive (with Wilson intervals),
and how far each policy falls short of the best one at the same point (regret).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.lines as mlines
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
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
    scenario_colors,
    select_outputs,
    zero_line,
)
from govsim.outputs.robustness_labels import claim_label, counted
from govsim.outputs.style import (
    OKABE_ITO,
    output_label,
    scenario_label,
    style_context,
    wrap,
)

__all__ = ["plot_claim_ecdf", "plot_effect_ecdf", "plot_regret", "plot_share_positive"]

#: Colour of the summaries over all points, and over the points that show P1.
SUBSET_COLORS = {"all": OKABE_ITO[0], "plausible": OKABE_ITO[1]}


def _ecdf(ax: Axes, values: np.ndarray, color: str, linestyle: str = "-") -> None:
    """The empirical distribution function of ``values`` as a step line."""
    v = np.sort(values[np.isfinite(values)])
    if v.size == 0:
        return
    share = np.arange(1, v.size + 1) / v.size
    ax.step(np.r_[v[0], v], np.r_[0.0, share], where="post", color=color, linestyle=linestyle)


def _ecdf_figure(
    table: pd.DataFrame,
    value: str,
    group: str,
    names: dict[str, str],
    outputs: list[str],
    xlabel: str,
    style: StyleArg,
    lang: str,
) -> Figure:
    """One panel per output, one distribution function per group (dashed: kept points).

    ``names`` maps each group shown, in order, to its label.
    """
    groups = list(names)
    filtered = not bool(table["kept"].astype(bool).all())
    colors = scenario_colors(groups, None)
    with style_context(style, lang) as st:
        fig, axes = panel_grid(len(outputs), st)
        for ax, output in zip(axes, outputs, strict=True):
            part = table[table["output"] == output]
            for name in groups:
                rows = part[part[group] == name]
                _ecdf(ax, rows[value].to_numpy(float), colors[name])
                if filtered:
                    kept = rows[rows["kept"].astype(bool)]
                    _ecdf(ax, kept[value].to_numpy(float), colors[name], "--")
            zero_line(ax)
            ax.set_ylim(0, 1.02)
            panel_title(ax, output_label(output, with_unit=False, lang=lang))
            ax.set_xlabel(effect_axis_label(output, xlabel, lang))
            ax.set_ylabel(text("figure.share_at_or_below", lang))
        handles = [mlines.Line2D([], [], color=colors[n]) for n in groups]
        labels = list(names.values())
        if filtered:
            handles.append(mlines.Line2D([], [], color="#555555", linestyle="--"))
            labels.append(text("figure.dashed_plausible", lang))
        legend_below(fig, handles, labels, st)
    return fig


def plot_effect_ecdf(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    policies: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Distribution of each policy's paired effect over the sampled points, per output.

    The height of a line where it crosses the zero line is the share of points
    where the policy's effect is not positive.

    Args:
        table: ``robustness_point_effects.csv``: sample, kept, policy, output, effect.
        outputs: outputs to draw (default: all).
        policies: policies to show, in order (default: table order).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["kept", "policy", "output", "effect"], "point effects")
    chosen = select_outputs(outputs, table["output"])
    names = {n: scenario_label(n, lang) for n in ordered(policies or table["policy"])}
    xlabel = text("figure.effect_at_point", lang)
    return _ecdf_figure(table, "effect", "policy", names, chosen, xlabel, style, lang)


def plot_claim_ecdf(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Distribution of each claim's value over the sampled points (positive: it holds).

    Args:
        table: ``robustness_point_claims.csv``: sample, kept, claim, output, value.
        outputs: outputs to draw (default: all).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["kept", "claim", "output", "value"], "point claims")
    chosen = select_outputs(outputs, table["output"])
    names = {n: claim_label(n, lang) for n in ordered(table["claim"])}
    xlabel = text("figure.claim_at_point", lang)
    return _ecdf_figure(table, "value", "claim", names, chosen, xlabel, style, lang)


def _subset_rows(
    ax: Axes,
    part: pd.DataFrame,
    names: list[str],
    columns: tuple[str, str, str],
    st,
    lang: str,
) -> None:
    """One point with whiskers per name and subset, the subsets side by side."""
    subsets = [s for s in SUBSET_COLORS if s in set(part["subset"])]
    offsets = np.linspace(0.15, -0.15, len(subsets)) if len(subsets) > 1 else [0.0]
    ypos = np.arange(len(names))[::-1]
    for subset, offset in zip(subsets, offsets, strict=True):
        rows = part[part["subset"] == subset].set_index(part.columns[1])
        for y, name in zip(ypos, names, strict=True):
            if name in rows.index and np.isfinite(rows.loc[name, columns[0]]):
                r = rows.loc[name]
                value, low, high = (float(r[c]) for c in columns)
                interval_points(ax, [value], [y + offset], [low], [high], SUBSET_COLORS[subset], st)
    ax.set_yticks(ypos, [wrap(scenario_label(n, lang), 22) for n in names])
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.tick_params(axis="y", length=0)


def _subset_legend(fig: Figure, table: pd.DataFrame, st, lang: str) -> None:
    present = [s for s in SUBSET_COLORS if s in set(table["subset"])]
    counts = {s: int(table[table["subset"] == s]["n"].max()) for s in present}
    handles = [
        mlines.Line2D([], [], color=SUBSET_COLORS[s], marker="o", linestyle="none") for s in present
    ]
    labels = [counted(text(f"figure.subset.{s}", lang), counts[s], lang) for s in present]
    legend_below(fig, handles, labels, st)


def plot_share_positive(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Share of the sampled points where each policy's effect is positive, with Wilson 95% CIs.

    Args:
        table: ``robustness_effects.csv``.
        outputs: outputs to draw (default: all).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    columns = ["subset", "policy", "output", "n", "share_positive", "share_ci_low", "share_ci_high"]
    require_columns(table, columns, "robustness effects")
    chosen = select_outputs(outputs, table["output"])
    table = table[columns]
    names = ordered(table["policy"])
    shares = ("share_positive", "share_ci_low", "share_ci_high")
    with style_context(style, lang) as st:
        row_height = max(st.panel_height, 0.6 + len(names) * label_slot(st, 2.2))
        fig, axes = panel_grid(len(chosen), st, row_height=row_height, sharey=True)
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output]
            _subset_rows(ax, part, names, shares, st, lang)
            ax.axvline(0.5, color="#888888", linewidth=0.6, linestyle=":", zorder=1)
            ax.set_xlim(-0.02, 1.02)
            panel_title(ax, output_label(output, with_unit=False, lang=lang))
            ax.set_xlabel(text("figure.share_effect_positive", lang))
        _subset_legend(fig, table, st, lang)
    return fig


def plot_regret(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Regret of each policy against the best at the same point: median and 95% quantile.

    Args:
        table: ``robustness_regret.csv``.
        outputs: outputs to draw (default: all with a goal).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["subset", "policy", "output", "median", "q95"], "regret")
    chosen = select_outputs(outputs, table["output"])
    table = table[["subset", "policy", "output", "n", "median", "q95"]].assign(
        low=lambda t: t["median"]
    )
    names = ordered(table["policy"])
    with style_context(style, lang) as st:
        row_height = max(st.panel_height, 0.6 + len(names) * label_slot(st, 2.2))
        fig, axes = panel_grid(len(chosen), st, row_height=row_height, sharey=True)
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output]
            _subset_rows(ax, part, names, ("median", "low", "q95"), st, lang)
            ax.set_xlim(left=0)
            panel_title(ax, output_label(output, with_unit=False, lang=lang))
            ax.set_xlabel(effect_axis_label(output, text("figure.regret_axis", lang), lang))
        _subset_legend(fig, table, st, lang)
    return fig
