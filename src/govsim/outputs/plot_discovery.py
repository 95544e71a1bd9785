"""Figures of scenario discovery: PRIM's coverage/density trade-off, box limits, feature scores.

Each figure shows one question asked with ``govsim discover`` (the ``query``
column of the ``discovery_*`` tables).
"""

from __future__ import annotations

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from govsim.errors import UserError
from govsim.i18n import text
from govsim.outputs.panels import StyleArg, label_slot, legend_below, panel_title, require_columns
from govsim.outputs.robustness_labels import question_label
from govsim.outputs.style import MUTED, OKABE_ITO, parameter_label, style_context, wrap

__all__ = [
    "FEATURE_TOP_K",
    "SIGNIFICANT",
    "plot_box_limits",
    "plot_feature_scores",
    "plot_prim_tradeoff",
]

#: Parameters named in a feature-score figure (the rest are listed in the table).
FEATURE_TOP_K = 15
#: Quasi-p-value up to which a box's restriction is drawn as significant.
SIGNIFICANT = 0.05
#: Colour of a parameter's whole sampled range, behind a box's limits.
_RANGE = "#EEEEEE"


def _one(table: pd.DataFrame, query: str, what: str) -> pd.DataFrame:
    part = table[table["query"] == query]
    if part.empty:
        raise UserError(f"{what} has no rows for the question {query!r}")
    return part


def plot_prim_tradeoff(
    trajectory: pd.DataFrame,
    query: str,
    threshold: float | None = None,
    style: StyleArg = "paper",
    lang: str = "en",
    title: str = "",
) -> Figure:
    """Density against coverage along PRIM's peeling, the chosen box circled.

    Peeling starts at the box holding every point (coverage 1, density the share
    of cases overall) and trades coverage for density; the colour says how many
    parameters a box restricts.

    Args:
        trajectory: ``discovery_trajectory.csv``.
        query: the question to draw.
        threshold: the density the box was to reach, drawn as a dashed line.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
        title: the question in words (default: read from ``query``).
    """
    require_columns(trajectory, ["query", "box", "coverage", "density", "n_restricted"], "PRIM")
    part = _one(trajectory, query, "the peeling trajectory")
    with style_context(style, lang) as st:
        fig = Figure(figsize=(st.single_width, st.panel_height * 1.25), layout="constrained")
        ax = fig.subplots()
        points = ax.scatter(
            part["coverage"], part["density"], c=part["n_restricted"], cmap="cividis",
            s=st.marker_size**2, zorder=2,
        )  # fmt: skip
        chosen = part[part["chosen"].astype(bool)]
        ax.scatter(
            chosen["coverage"], chosen["density"], s=(st.marker_size * 3) ** 2,
            facecolors="none", edgecolors="#000000", linewidths=1.0, zorder=3,
        )  # fmt: skip
        if threshold is not None:
            ax.axhline(threshold, color="#888888", linestyle="--", linewidth=0.7, zorder=1)
        ax.set_xlim(-0.02, 1.06)
        ax.set_ylim(0, 1.06)
        ax.set_xlabel(text("figure.coverage_axis", lang))
        ax.set_ylabel(text("figure.density_axis", lang))
        panel_title(ax, wrap(title or question_label(query, lang), 60), width=60)
        bar = fig.colorbar(points, ax=ax, shrink=0.8)
        bar.set_label(text("figure.parameters_restricted", lang))
        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        handles = [mlines.Line2D([], [], color="#000000", marker="o", mfc="none", ls="none")]
        labels = [text("figure.chosen_box", lang)]
        if threshold is not None:
            handles.append(mlines.Line2D([], [], color="#888888", linestyle="--"))
            labels.append(text("figure.density_threshold", lang, threshold=f"{threshold:g}"))
        legend_below(fig, handles, labels, st)
    return fig


def _limits_note(low: float, high: float, qp_value: float, lang: str) -> str:
    """``0.1 to 0.3  (quasi-p 0.01)`` beside a box's bar."""
    fields = {"low": f"{low:.3g}", "high": f"{high:.3g}", "qp": f"{qp_value:.1g}"}
    return text("figure.limits_note", lang, **fields)


def plot_box_limits(
    limits: pd.DataFrame,
    query: str,
    style: StyleArg = "paper",
    lang: str = "en",
    title: str = "",
) -> Figure:
    """The limits of each PRIM box within the sampled range of every parameter it restricts.

    Each row is a restricted parameter: the grey bar is its sampled range
    (scaled to 0-1), the coloured bar the box's limits, with the limits and
    the quasi-p-value of the restriction written beside it.

    Args:
        limits: ``discovery_limits.csv``.
        query: the question to draw.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
        title: the question in words (default: read from ``query``).
    """
    columns = ["query", "box", "parameter", "low", "high", "range_low", "range_high", "qp_value"]
    require_columns(limits, columns, "box limits")
    part = _one(limits, query, "the box limits").reset_index(drop=True)
    span = (part["range_high"] - part["range_low"]).replace(0, np.nan)
    lo = ((part["low"] - part["range_low"]) / span).to_numpy(float)
    hi = ((part["high"] - part["range_low"]) / span).to_numpy(float)
    several = part["box"].nunique() > 1
    labels = [
        wrap(
            (text("figure.box_prefix", lang, box=r.box) if several else "")
            + parameter_label(r.parameter, lang=lang),
            56,
        )
        for r in part.itertuples()
    ]
    lines = max(label.count("\n") + 1 for label in labels)
    with style_context(style, lang) as st:
        height = 0.7 + len(part) * label_slot(st, max(2.6, lines + 0.8))
        fig = Figure(figsize=(st.double_width, height), layout="constrained")
        ax = fig.subplots()
        y = np.arange(len(part))[::-1]
        ax.barh(y, 1.0, left=0.0, height=0.55, color=_RANGE, zorder=1)
        significant = (part["qp_value"] <= SIGNIFICANT).to_numpy()
        colors = [
            OKABE_ITO[(b - 1) % 6] if sig else MUTED
            for b, sig in zip(part["box"], significant, strict=True)
        ]
        ax.barh(y, hi - lo, left=lo, height=0.55, color=colors, zorder=2)
        for yi, row in zip(y, part.itertuples(), strict=True):
            note = _limits_note(row.low, row.high, row.qp_value, lang)
            ax.text(1.02, yi, note, va="center", fontsize=st.font_size - 1)
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, 1.0)
        ends = ("figure.range_low", "figure.range_middle", "figure.range_high")
        ax.set_xticks([0, 0.5, 1], [text(key, lang) for key in ends])
        ax.set_xlabel(text("figure.range_position", lang))
        ax.set_ylim(-0.6, len(part) - 0.4)
        panel_title(ax, wrap(title or question_label(query, lang), 90), width=90)
        if not significant.all():
            handles = [mpatches.Patch(color=OKABE_ITO[0]), mpatches.Patch(color=MUTED)]
            limit = f"{SIGNIFICANT:g}"
            labels = [
                text("figure.restriction_significant", lang, limit=limit),
                text("figure.restriction_may_not_matter", lang, limit=limit),
            ]
            legend_below(fig, handles, labels, st)
    return fig


def plot_feature_scores(
    scores: pd.DataFrame,
    query: str,
    top_k: int = FEATURE_TOP_K,
    style: StyleArg = "paper",
    lang: str = "en",
    title: str = "",
) -> Figure:
    """Extra-trees importance of the parameters for the case of interest, largest first.

    Args:
        scores: ``discovery_scores.csv``.
        query: the question to draw.
        top_k: how many parameters to show.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
        title: the question in words (default: read from ``query``).
    """
    require_columns(scores, ["query", "parameter", "score"], "feature scores")
    part = _one(scores, query, "the feature scores").sort_values("score", ascending=False)
    part = part.head(top_k)
    even = 1.0 / len(_one(scores, query, "the feature scores"))
    with style_context(style, lang) as st:
        height = 0.7 + len(part) * label_slot(st, 2.4)
        fig = Figure(figsize=(st.double_width * 0.75, height), layout="constrained")
        ax = fig.subplots()
        y = np.arange(len(part))[::-1]
        ax.barh(y, part["score"], height=0.6, color=OKABE_ITO[0])
        ax.axvline(even, color="#888888", linestyle=":", linewidth=0.7)
        ax.set_yticks(y, [wrap(parameter_label(p, lang=lang), 48) for p in part["parameter"]])
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(text("figure.feature_score_axis", lang))
        ax.set_ylim(-0.6, len(part) - 0.4)
        panel_title(ax, wrap(title or question_label(query, lang), 70), width=70)
    return fig
