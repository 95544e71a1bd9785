"""Figures of the pattern checks: every criterion against its bound, and survival by income source.

Each criterion has its own scale (a share, a difference of shares, months),
so each gets its own row and axis: the estimate with its 95% interval,
coloured by the verdict, and the bound as a line with the side it must lie
on shaded.
"""

from __future__ import annotations

import matplotlib.lines as mlines
import matplotlib.patches as mpatches
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from govsim.i18n import text
from govsim.outputs.panels import (
    StyleArg,
    interval_points,
    label_slot,
    legend_below,
    panel_grid,
    panel_title,
    require_columns,
)
from govsim.outputs.robustness_labels import counted, criterion_label, verdict_label
from govsim.outputs.style import OKABE_ITO, style_context, wrap

__all__ = ["VERDICT_COLORS", "plot_patterns", "plot_survival"]

#: Colour of each verdict (and of context rows, which are not judged).
VERDICT_COLORS = {
    "holds": OKABE_ITO[2],
    "fails": OKABE_ITO[5],
    "inconclusive": OKABE_ITO[1],
    "not judged": "#888888",
}

_ABOVE = ("at_least", ">=", ">")
#: Classes of organizations by the government's share of their income (``figure.survival_class.*``).
_CLASS_COLORS = {"high": OKABE_ITO[5], "mid": OKABE_ITO[1], "low": OKABE_ITO[0], "none": "#888888"}


def _bound(target: str) -> tuple[str, float] | None:
    """``"<= 0.2"`` -> ``("<=", 0.2)``; None for a context row's ``"-"``."""
    parts = str(target).split()
    if len(parts) != 2:
        return None
    try:
        return parts[0], float(parts[1])
    except ValueError:
        return None


def _limits(values: list[float]) -> tuple[float, float]:
    finite = [v for v in values if np.isfinite(v)]
    low, high = min(finite), max(finite)
    pad = 0.15 * (high - low) if high > low else 0.1 * max(abs(high), 1e-3)
    return low - pad, high + pad


def _row_label(row: pd.Series, lang: str) -> str:
    """``P1  participation, baseline, ...``, wrapped onto lines of 46 columns."""
    described = criterion_label(
        str(row["description"]), str(row["pattern"]), str(row["criterion"]), lang
    )
    return wrap(f"{row['pattern']}  {described}", 46)


def _criterion_row(ax: Axes, row: pd.Series, label: str, st, lang: str) -> None:
    bound = _bound(row["target"])
    values = [row["estimate"], row["ci_low"], row["ci_high"]]
    if bound is not None:
        values.append(bound[1])
    left, right = _limits(values)
    if bound is not None:
        op, t = bound
        span = (t, right) if op in _ABOVE else (left, t)
        ax.axvspan(*span, color=VERDICT_COLORS["holds"], alpha=0.12, linewidth=0, zorder=0)
        ax.axvline(t, color="#000000", linewidth=0.8, zorder=1)
    color = VERDICT_COLORS.get(str(row["verdict"]), "#888888")
    interval_points(ax, [row["estimate"]], [0], [row["ci_low"]], [row["ci_high"]], color, st)
    ax.set_xlim(left, right)
    ax.set_ylim(-0.8, 0.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="x", labelsize=st.font_size - 2, pad=1, length=2)
    ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=st.font_size - 1)
    verdict = verdict_label(str(row["verdict"]), lang)
    ax.text(1.01, 0.5, verdict, transform=ax.transAxes, va="center", color=color,
            fontsize=st.font_size - 1)  # fmt: skip


def plot_patterns(table: pd.DataFrame, style: StyleArg = "paper", lang: str = "en") -> Figure:
    """Every pattern criterion: estimate and 95% interval against its bound, by verdict.

    Args:
        table: ``patterns.csv``: pattern, criterion, description, estimate,
            ci_low, ci_high, target, verdict, n, source.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    columns = ["pattern", "criterion", "description", "estimate", "ci_low", "ci_high", "target"]
    columns.append("verdict")
    require_columns(table, columns, "patterns")
    labels = [_row_label(row, lang) for _, row in table.iterrows()]
    lines = max(label.count("\n") + 1 for label in labels)
    with style_context(style, lang) as st:
        # a row holds its label's lines, or its axis and tick labels, whichever is taller
        row_height = label_slot(st, 1.25 * lines + 1.8)
        height = 0.5 + row_height * len(table)
        fig = Figure(figsize=(st.double_width, height), layout="constrained")
        axes = fig.subplots(len(table), 1, squeeze=False)[:, 0]
        for ax, (_, row), label in zip(axes, table.iterrows(), labels, strict=True):
            _criterion_row(ax, row, label, st, lang)
        present = [v for v in VERDICT_COLORS if v in set(table["verdict"])]
        handles = [
            mlines.Line2D([], [], color=VERDICT_COLORS[v], marker="o", linestyle="none")
            for v in present
        ]
        handles.append(mpatches.Patch(color=VERDICT_COLORS["holds"], alpha=0.12))
        names = [verdict_label(v, lang) for v in present]
        legend_below(fig, handles, [*names, text("figure.holds_side", lang)], st)
    return fig


def _class_name(cls: str, at_risk: int, lang: str) -> str:
    """A class of organizations with its number at the census: ``Independent (n = 12)``."""
    return counted(text(f"figure.survival_class.{cls}", lang), at_risk, lang)


def plot_survival(table: pd.DataFrame, style: StyleArg = "paper", lang: str = "en") -> Figure:
    """Share of organizations still alive after the census month, by income source.

    Args:
        table: ``pattern_survival.csv``: scenario, class, month, at_risk, alive,
            share, ci_low, ci_high, n.
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``).
    """
    require_columns(table, ["scenario", "class", "month", "at_risk", "share"], "survival")
    scenarios = [s for s in ("stop_purchasing", "baseline") if s in set(table["scenario"])]
    with style_context(style, lang) as st:
        fig, axes = panel_grid(len(scenarios), st, sharey=True)
        shown = []
        for ax, scenario in zip(axes, scenarios, strict=True):
            part = table[table["scenario"] == scenario]
            for cls, color in _CLASS_COLORS.items():
                rows = part[(part["class"] == cls) & (part["at_risk"] > 0)].sort_values("month")
                if rows.empty:
                    continue
                ax.fill_between(rows["month"], rows["ci_low"], rows["ci_high"], step="post",
                                color=color, alpha=0.15, linewidth=0)  # fmt: skip
                ax.step(rows["month"], rows["share"], where="post", color=color)
                shown.append(cls)
            ax.set_ylim(0, 1.03)
            ax.set_xlabel(text("figure.months_after_census", lang))
            panel_title(ax, text(f"figure.survival_panel.{scenario}", lang))
        axes[0].set_ylabel(text("figure.share_alive", lang))
        classes = [c for c in _CLASS_COLORS if c in shown]
        counts = table[table["month"] == 0].groupby("class")["at_risk"].max()
        handles = [mlines.Line2D([], [], color=_CLASS_COLORS[c]) for c in classes]
        labels = [_class_name(c, int(counts.get(c, 0)), lang) for c in classes]
        legend_below(fig, handles, labels, st)
    return fig
