"""Figures of sampled designs' sensitivity measures: Sobol, FAST, Morris, rank correlations."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.lines as mlines
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from govsim.i18n import text
from govsim.outputs.label_placement import place_labels
from govsim.outputs.panels import (
    StyleArg,
    interval_points,
    label_slot,
    legend_below,
    panel_grid,
    panel_title,
    require_columns,
    select_outputs,
    zero_line,
)
from govsim.outputs.style import (
    MUTED,
    OKABE_ITO,
    output_label,
    output_unit,
    parameter_label,
    parenthesized,
    style_context,
    wrap,
)

__all__ = [
    "CONVERGENCE_TOP_K",
    "MORRIS_TOP_K",
    "plot_fast_indices",
    "plot_morris",
    "plot_rank_correlations",
    "plot_sobol_convergence",
    "plot_sobol_indices",
]


#: Parameters with a colour of their own in the convergence figure (the rest are grey).
CONVERGENCE_TOP_K = 6

#: Markers of the parameters with a colour in the convergence figure, in order, so
#: their lines differ without colour too.
_CONVERGENCE_MARKERS = ("o", "s", "^", "D", "v", "P", "X")

#: Parameters named in each Morris panel: more labels would not stay readable.
MORRIS_TOP_K = 6

# ---------------------------------------------------------------- Sobol


def _parameter_order(table: pd.DataFrame, value: str) -> list[str]:
    """Parameters by decreasing mean ``value`` across outputs (most important first)."""
    means = table.groupby("parameter", sort=False)[value].mean()
    return list(means.sort_values(ascending=False, kind="stable").index)


def _noise_shares(seed_variance: pd.DataFrame | None) -> dict[str, float]:
    if seed_variance is None or seed_variance.empty:
        return {}
    return dict(zip(seed_variance["output"], seed_variance["seed_variance_share"], strict=True))


def _index_bars(
    table: pd.DataFrame,
    outputs: Sequence[str] | None,
    seed_variance: pd.DataFrame | None,
    top_k: int | None,
    style: StyleArg,
    method: str,
    lang: str,
) -> Figure:
    """S1 and ST bars with their 95% half-widths, per output: Sobol and FAST alike."""
    require_columns(table, ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"], method)
    chosen = select_outputs(outputs, table["output"])
    params = _parameter_order(table[table["output"].isin(chosen)], "ST")[:top_k]
    noise = _noise_shares(seed_variance)
    with style_context(style, lang) as st:
        row_height = max(st.panel_height, 0.7 + len(params) * label_slot(st))
        fig, axes = panel_grid(len(chosen), st, row_height=row_height, sharey=True)
        ypos = np.arange(len(params))[::-1].astype(float)
        height = 0.38
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output].set_index("parameter").reindex(params)
            for offset, (index, color) in zip(
                (height / 2, -height / 2), (("S1", OKABE_ITO[0]), ("ST", OKABE_ITO[1])), strict=True
            ):
                ax.barh(
                    ypos + offset,
                    part[index].fillna(0),
                    height=height,
                    color=color,
                    xerr=part[f"{index}_conf"].fillna(0),
                    error_kw={"elinewidth": 0.8, "capsize": 1.5, "ecolor": "#333333"},
                    label=index,
                )
            title = output_label(output, with_unit=False, lang=lang)
            if output in noise:
                share = f"{100 * noise[output]:.0f}"
                title += "\n" + text("figure.seed_noise", lang, percent=share)
            panel_title(ax, title)
            ax.axvline(0.0, color="#000000", linewidth=0.8)
            ax.set_xlabel(text("figure.index_axis", lang, method=method))
            ax.set_yticks(ypos, [wrap(parameter_label(p, lang=lang), 30) for p in params])
            ax.set_ylim(-0.7, len(params) - 0.3)
            ax.tick_params(axis="y", length=0)
        handles = [mlines.Line2D([], [], color=c, linewidth=6) for c in OKABE_ITO[:2]]
        names = [text("figure.first_order", lang), text("figure.total_order", lang)]
        legend_below(fig, handles, names, st)
    return fig


def plot_sobol_indices(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    seed_variance: pd.DataFrame | None = None,
    top_k: int | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """First-order (S1) and total (ST) Sobol indices with 95% intervals, per output.

    Args:
        table: ``sobol_indices.csv``: output, parameter, S1, S1_conf, ST, ST_conf.
        outputs: outputs to draw (default: all).
        seed_variance: ``seed_variance.csv`` (output, seed_variance_share); when
            given, each panel states the share of variance due to seed noise.
        top_k: show only the ``top_k`` parameters with the largest mean ST.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    return _index_bars(table, outputs, seed_variance, top_k, style, "Sobol", lang)


def plot_fast_indices(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    seed_variance: pd.DataFrame | None = None,
    top_k: int | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """First-order (S1) and total (ST) indices of the extended FAST, per output.

    Drawn as the Sobol indices are (eFAST estimates the same indices); the
    whiskers are SALib's bootstrap 95% half-widths, which SALib calls indicative.

    Args:
        table: ``fast_indices.csv``: output, parameter, S1, S1_conf, ST, ST_conf.
        outputs: outputs to draw (default: all).
        seed_variance: ``seed_variance.csv``; when given, each panel states the
            share of variance due to seed noise.
        top_k: show only the ``top_k`` parameters with the largest mean ST.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    return _index_bars(table, outputs, seed_variance, top_k, style, "FAST", lang)


def plot_sobol_convergence(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    top_k: int = CONVERGENCE_TOP_K,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Sobol indices re-estimated on growing samples: one row per output, S1 and ST.

    The ``top_k`` parameters with the largest final ST get a colour and a
    marker each (the same in every panel); the rest are drawn thin and grey.

    Args:
        table: ``sobol_convergence.csv``: output, parameter, n_samples, S1, ST.
        outputs: outputs to draw (default: all).
        top_k: how many parameters get their own colour and legend entry.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["output", "parameter", "n_samples", "S1", "ST"], "Sobol convergence")
    chosen = select_outputs(outputs, table["output"])
    part = table[table["output"].isin(chosen)]
    final = part[part["n_samples"] == part["n_samples"].max()]
    top = _parameter_order(final, "ST")[: min(top_k, len(OKABE_ITO) - 1)]
    colors = dict(zip(top, OKABE_ITO, strict=False))
    markers = dict(zip(top, _CONVERGENCE_MARKERS, strict=False))
    sizes = np.unique(part["n_samples"])
    with style_context(style, lang) as st:
        fig, axes = panel_grid(2 * len(chosen), st, max_columns=2)
        for row, output in enumerate(chosen):
            rows = part[part["output"] == output]
            for col, index in enumerate(("S1", "ST")):
                ax = axes[2 * row + col]
                for name, group in rows.groupby("parameter", sort=False):
                    group = group.sort_values("n_samples")
                    color = colors.get(name, MUTED)
                    ax.plot(
                        group["n_samples"],
                        group[index],
                        color=color,
                        linewidth=None if name in colors else 0.7,
                        marker=markers.get(name),
                        label=parameter_label(name, lang=lang) if name in colors else None,
                        markersize=st.marker_size * 0.6,
                        zorder=3 if name in colors else 2,
                    )
                kind = text(f"figure.{'first' if index == 'S1' else 'total'}_order_panel", lang)
                label = output_label(output, with_unit=False, lang=lang)
                title = text("figure.convergence_panel", lang, output=label, kind=kind, index=index)
                panel_title(ax, title, 44)
                ax.set_ylabel(index)
                ax.set_xlabel(text("figure.base_sample_size", lang))
                if sizes.size > 2 and sizes.max() / sizes.min() >= 4:  # doubling samples
                    ax.set_xscale("log", base=2)
                    ax.set_xticks(sizes, [str(int(s)) for s in sizes])
                    ax.minorticks_off()
        handles = [mlines.Line2D([], [], color=colors[p], marker=markers[p]) for p in top]
        labels = [wrap(parameter_label(p, lang=lang), 32) for p in top]
        if len(top) < part["parameter"].nunique():
            handles.append(mlines.Line2D([], [], color=MUTED, linewidth=0.7))
            labels.append(text("figure.other_parameters", lang))
        legend_below(fig, handles, labels, st)
    return fig


# ---------------------------------------------------------------- Morris


def plot_morris(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    top_k: int = MORRIS_TOP_K,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Morris screening: mu* against sigma per output, the top parameters labelled.

    Points above the dashed line sigma = mu* act mostly through interactions or
    non-linearity. Only the ``top_k`` parameters by mu* are named, so labels stay
    readable; their labels are placed to avoid each other and the markers.

    Args:
        table: ``morris.csv``: output, parameter, mu_star, mu_star_conf, sigma.
        outputs: outputs to draw (default: all).
        top_k: how many parameters per panel get a label.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["output", "parameter", "mu_star", "mu_star_conf", "sigma"], "Morris")
    chosen = select_outputs(outputs, table["output"])
    pending = []
    with style_context(style, lang) as st:
        fig, axes = panel_grid(len(chosen), st, row_height=st.panel_height * 1.35, max_columns=2)
        for ax, output in zip(axes, chosen, strict=True):
            rows = table[table["output"] == output].sort_values("mu_star", ascending=False)
            mu, sigma = rows["mu_star"].to_numpy(float), rows["sigma"].to_numpy(float)
            top = np.zeros(len(rows), dtype=bool)
            top[:top_k] = True
            ax.errorbar(
                mu,
                sigma,
                xerr=rows["mu_star_conf"].to_numpy(float),
                fmt="none",
                ecolor=MUTED,
                elinewidth=0.8,
                zorder=1,
            )
            ax.scatter(mu[~top], sigma[~top], s=st.marker_size**2 * 0.8, color=MUTED, zorder=2)
            ax.scatter(mu[top], sigma[top], s=st.marker_size**2 * 1.2, color=OKABE_ITO[0], zorder=3)
            reach = np.nan_to_num(mu + rows["mu_star_conf"].to_numpy(float))
            high = max(float(np.nanmax(mu)), float(np.nanmax(sigma)), 1e-12) * 1.1
            ax.plot([0, high], [0, high], linestyle="--", color="#777777", linewidth=0.8, zorder=0)
            ax.set_xlim(0, max(high, float(reach.max())) * 1.05)
            ax.set_ylim(0, high * 1.05)
            unit = output_unit(output, lang)
            suffix = "\n" + parenthesized(unit, lang) if unit else ""
            ax.set_xlabel(text("figure.mu_star_axis", lang) + suffix)
            ax.set_ylabel(text("figure.sigma_axis", lang) + suffix)
            panel_title(ax, output_label(output, with_unit=False, lang=lang), 44)
            labels = [
                wrap(parameter_label(p, unit=False, lang=lang), 24) for p in rows["parameter"][top]
            ]
            conf = rows["mu_star_conf"].to_numpy(float)
            pending.append(
                (
                    ax,
                    np.column_stack([mu[top], sigma[top]]),
                    labels,
                    np.column_stack([mu, sigma]),
                    np.column_stack([mu - conf, mu + conf, sigma]),
                )
            )
        handles = [mlines.Line2D([], [], color="#777777", linestyle="--", linewidth=0.8)]
        legend_below(fig, handles, [text("figure.morris_line", lang)], st)
        # Label boxes are measured on the finished layout (legend included).
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        for ax, points, labels, markers, whiskers in pending:
            place_labels(ax, points, labels, markers, whiskers, renderer)
    return fig


# ---------------------------------------------------------------- rank correlations


def _is_significant(row: pd.Series) -> bool:
    return bool(row["prcc_low"] > 0 or row["prcc_high"] < 0)


def plot_rank_correlations(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    top_k: int | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
) -> Figure:
    """Forest plot of partial rank correlations (PRCC) with their 95% intervals, per output.

    One row per parameter, the largest mean absolute PRCC over the outputs drawn at the
    top (with one output: sorted by absolute PRCC). Blue points raise the output,
    vermillion ones lower it; a point is hollow when its interval includes
    zero. Every panel spans PRCC -1 to 1, so panels compare at a glance.

    Args:
        table: ``rank_correlations.csv``: output, parameter, spearman, prcc,
            prcc_low, prcc_high, p_value, n.
        outputs: outputs to draw (default: all).
        top_k: show only the ``top_k`` parameters with the largest mean absolute PRCC.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["output", "parameter", "prcc", "prcc_low", "prcc_high"], "PRCC")
    chosen = select_outputs(outputs, table["output"])
    part = table[table["output"].isin(chosen)]
    params = _parameter_order(part.assign(size=part["prcc"].abs()), "size")[:top_k]
    up, down = OKABE_ITO[0], OKABE_ITO[5]
    with style_context(style, lang) as st:
        row_height = max(st.panel_height, 0.7 + len(params) * label_slot(st))
        fig, axes = panel_grid(len(chosen), st, row_height=row_height, sharey=True)
        ypos = np.arange(len(params))[::-1]
        for ax, output in zip(axes, chosen, strict=True):
            rows = part[part["output"] == output].set_index("parameter")
            for y, name in zip(ypos, params, strict=True):
                if name not in rows.index or not np.isfinite(rows.loc[name, "prcc"]):
                    continue
                row = rows.loc[name]
                color = up if row["prcc"] >= 0 else down
                interval_points(
                    ax,
                    [row["prcc"]],
                    [y],
                    [row["prcc_low"]],
                    [row["prcc_high"]],
                    color,
                    st,
                    filled=_is_significant(row),
                )
            zero_line(ax)
            panel_title(ax, output_label(output, with_unit=False, lang=lang))
            ax.set_xlim(-1.05, 1.05)
            ax.set_xlabel(text("figure.prcc_axis", lang))
            ax.set_yticks(ypos, [wrap(parameter_label(p, lang=lang), 30) for p in params])
            ax.set_ylim(-0.6, len(params) - 0.4)
            ax.tick_params(axis="y", length=0)
        marker = {"marker": "o", "linestyle": "none"}
        handles = [
            mlines.Line2D([], [], color=up, **marker),
            mlines.Line2D([], [], color=down, **marker),
            mlines.Line2D([], [], color="#555555", markerfacecolor="white", **marker),
        ]
        labels = [text(f"figure.{key}", lang) for key in ("raises", "lowers", "includes_zero")]
        legend_below(fig, handles, labels, st)
    return fig
