"""Publication figures from analysis tables.

Every function takes the pandas table(s) that ``govsim analyze`` writes (columns
as in docs/architecture.md, "Analysis tables") and returns a matplotlib
:class:`~matplotlib.figure.Figure`. Nothing here runs or imports the model, and
nothing is drawn on pyplot's global state, so a figure can be restyled in a
notebook and saved as the user likes::

    import pandas as pd
    from govsim.outputs import plotting

    table = pd.read_csv("results/policy_levels/tables/timeseries_summary.csv")
    fig = plotting.plot_trajectories(table, outputs=["participation_rate"])
    fig.axes[0].set_ylim(0, 0.5)
    fig.savefig("participation.pdf")

All functions accept ``style`` ("paper", "presentation" or a
:class:`govsim.outputs.style.Style`) and apply it while the figure is built.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence

import matplotlib.lines as mlines
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from govsim.errors import UserError
from govsim.model.metric_specs import METRICS
from govsim.outputs.label_placement import place_labels
from govsim.outputs.style import (
    MUTED,
    OKABE_ITO,
    Style,
    output_label,
    output_unit,
    parameter_label,
    scenario_label,
    style_context,
    term_label,
    wrap,
)

__all__ = [
    "plot_factorial_effects",
    "plot_morris",
    "plot_network",
    "plot_paired_effects",
    "plot_sobol_convergence",
    "plot_sobol_indices",
    "plot_trajectories",
    "select_outputs",
]

StyleArg = str | Style

_TEXT_TO_PATH = TextToPath()

# ---------------------------------------------------------------- helpers


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


def _require(table: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise UserError(f"{what} table lacks column(s) {', '.join(missing)}")
    if table.empty:
        raise UserError(f"{what} table is empty: nothing to plot")


def _grid(
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


def _text_width(text: str, size: float) -> float:
    """Width of ``text`` in points at font ``size`` (the widest of its lines)."""
    props = FontProperties(size=size)
    return max(
        _TEXT_TO_PATH.get_text_width_height_descent(line, props, ismath=False)[0]
        for line in text.split("\n")
    )


def _legend_columns(labels: list[str], width_in: float, st: Style) -> int:
    """Most legend columns that fit ``width_in``, then balanced over the rows needed.

    Columns are filled top to bottom, so each column is as wide as its widest
    label plus the handle, the gap to the text and the space between columns.
    """
    size = st.font_size - 1
    widths = [_text_width(label, size) for label in labels]
    extra = (1.6 + 0.8 + 1.2) * size  # handlelength + handletextpad + columnspacing (em)
    available = width_in * 72 - 2 * size
    n = len(labels)
    for ncols in range(n, 0, -1):
        rows = math.ceil(n / ncols)
        columns = [widths[i : i + rows] for i in range(0, n, rows)]
        if sum(max(c) + extra for c in columns) <= available:
            return math.ceil(n / rows)  # same number of rows, columns as even as possible
    return 1


def _legend_below(fig: Figure, handles: list, labels: list[str], st: Style) -> None:
    """A shared legend under the panels, where it never covers data."""
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=_legend_columns(labels, fig.get_figwidth(), st),
        handlelength=1.6,
        handletextpad=0.8,
        columnspacing=1.2,
    )


def _label_slot(st: Style, lines: float = 2.6) -> float:
    """Height in inches of one row of tick labels: room for two-line labels."""
    return lines * (st.font_size - 1) / 72


def _title(ax: Axes, text: str, width: int = 30) -> None:
    ax.set_title(wrap(text, width), loc="left")


def _scenario_colors(scenarios: list[str], base: str | None) -> dict[str, str]:
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


def _effect_axis_label(output: str, prefix: str) -> str:
    """``prefix (unit)``, broken before the unit so neighbouring panels never collide."""
    unit = output_unit(output)
    return f"{prefix}\n({unit})" if unit else prefix


def _intervals(ax: Axes, x, y, low, high, color: str, st: Style, filled: bool = True) -> None:
    """Points with horizontal confidence-interval whiskers (hollow if not ``filled``)."""
    x, low, high = (np.asarray(v, dtype=float) for v in (x, low, high))
    xerr = np.vstack([np.clip(x - low, 0, None), np.clip(high - x, 0, None)])
    ax.errorbar(
        x,
        y,
        xerr=xerr,
        fmt="o",
        color=color,
        mfc=color if filled else "white",
        ecolor=color,
        elinewidth=1.0,
        capsize=2.0,
        markersize=st.marker_size,
        zorder=3,
    )


def _zero_line(ax: Axes) -> None:
    ax.axvline(0.0, color="#000000", linewidth=0.8, zorder=1)


def _ordered(values: Iterable[str], first: Sequence[str] = ()) -> list[str]:
    seen = list(dict.fromkeys(values))
    head = [v for v in first if v in seen]
    return head + [v for v in seen if v not in head]


# ---------------------------------------------------------------- trajectories


def _clip_to_bounds(output: str, low: pd.Series, high: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Confidence bands cut at the metric's possible range.

    A t interval from few replications can reach below zero for a count or a
    share; the band is cut where the quantity itself cannot go.
    """
    spec = METRICS.get(output)
    if spec is None:
        return low, high
    return low.clip(lower=spec.low, upper=spec.high), high.clip(lower=spec.low, upper=spec.high)


def plot_trajectories(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    scenarios: Sequence[str] | None = None,
    base: str | None = None,
    style: StyleArg = "paper",
) -> Figure:
    """Mean trajectory and 95% band per scenario, one panel per output.

    Bands are cut at the metric's possible range (a share stays in [0, 1], a
    count above zero). Metrics measured over a month start at month 1.

    Args:
        table: ``timeseries_summary.csv``: scenario, output, step, mean, ci_low,
            ci_high, n.
        outputs: outputs to draw, in panel order (default: all in the table).
        scenarios: scenarios to draw, in legend order (default: all).
        base: the base scenario, drawn in black and listed first.
        style: style name or :class:`~govsim.outputs.style.Style`.

    Returns:
        The figure: one axes per output, one line and one band per scenario.
    """
    _require(table, ["scenario", "output", "step", "mean", "ci_low", "ci_high"], "timeseries")
    chosen = select_outputs(outputs, table["output"])
    names = _ordered(scenarios or table["scenario"], [base] if base else ())
    colors = _scenario_colors(names, base)
    with style_context(style) as st:
        fig, axes = _grid(len(chosen), st)
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output]
            if output in METRICS and METRICS[output].monthly:
                part = part[part["step"] > 0]  # no month has passed at step 0
            for name in names:
                rows = part[part["scenario"] == name].sort_values("step")
                if rows.empty:
                    continue
                low, high = _clip_to_bounds(output, rows["ci_low"], rows["ci_high"])
                ax.fill_between(rows["step"], low, high, color=colors[name], alpha=0.2, linewidth=0)
                ax.plot(rows["step"], rows["mean"], color=colors[name], label=scenario_label(name))
            _title(ax, output_label(output, with_unit=False))
            ax.set_ylabel(output_unit(output) or "value")
            ax.set_xlabel("Month")
            ax.margins(x=0)
        handles = [mlines.Line2D([], [], color=colors[n]) for n in names]
        _legend_below(fig, handles, [scenario_label(n) for n in names], st)
    return fig


# ---------------------------------------------------------------- forest plot


def plot_paired_effects(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    scenarios: Sequence[str] | None = None,
    style: StyleArg = "paper",
) -> Figure:
    """Forest plot of paired effects against the base scenario.

    One panel per output; one row per scenario with the effect (scenario minus
    base on the same seeds) and its 95% bootstrap interval; a line at zero.
    Points whose interval excludes zero are filled, the others hollow.

    Args:
        table: ``paired_effects.csv``: scenario, base, output, effect, ci_low,
            ci_high, n.
        outputs: outputs to draw (default: all).
        scenarios: scenarios to show, top to bottom (default: table order).
        style: style name or :class:`~govsim.outputs.style.Style`.
    """
    _require(table, ["scenario", "base", "output", "effect", "ci_low", "ci_high"], "paired effects")
    chosen = select_outputs(outputs, table["output"])
    names = _ordered(scenarios or table["scenario"])
    base = str(table["base"].iloc[0])
    colors = _scenario_colors([base, *names], base)
    labels = [scenario_label(n) for n in names]
    with style_context(style) as st:
        row_height = max(st.panel_height, 0.55 + len(names) * _label_slot(st, 2.2))
        fig, axes = _grid(len(chosen), st, row_height=row_height, sharey=True)
        ypos = np.arange(len(names))[::-1]
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output].set_index("scenario")
            for y, name in zip(ypos, names, strict=True):
                if name not in part.index:
                    continue
                row = part.loc[name]
                significant = row["ci_low"] > 0 or row["ci_high"] < 0
                _intervals(
                    ax,
                    [row["effect"]],
                    [y],
                    [row["ci_low"]],
                    [row["ci_high"]],
                    colors[name],
                    st,
                    filled=bool(significant),
                )
            _zero_line(ax)
            _title(ax, output_label(output, with_unit=False))
            ax.set_xlabel(_effect_axis_label(output, f"Effect vs {scenario_label(base).lower()}"))
            ax.set_yticks(ypos, [wrap(label, 22) for label in labels])
            ax.set_ylim(-0.6, len(names) - 0.4)
            ax.tick_params(axis="y", length=0)
    return fig


# ---------------------------------------------------------------- factorial


_ORDER_NAMES = {1: "Main effect", 2: "Two-way interaction", 3: "Three-way interaction"}


def plot_factorial_effects(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    style: StyleArg = "paper",
) -> Figure:
    """Main effects and interactions of a factorial design, per output.

    Terms are listed main effects first, then two-way and higher interactions,
    each with its 95% interval and coloured by its order; a positive interaction
    of the three policy levels is the synergy ("butterfly effect") of the case
    study.

    Args:
        table: ``factorial_effects.csv``: output, term, effect, ci_low, ci_high.
        outputs: outputs to draw (default: all).
        style: style name or :class:`~govsim.outputs.style.Style`.
    """
    _require(table, ["output", "term", "effect", "ci_low", "ci_high"], "factorial effects")
    chosen = select_outputs(outputs, table["output"])
    terms = sorted(dict.fromkeys(table["term"]), key=lambda t: (t.count(":"), 0))
    orders = {t: t.count(":") + 1 for t in terms}
    colors = {1: OKABE_ITO[0], 2: OKABE_ITO[1], 3: OKABE_ITO[5]}
    with style_context(style) as st:
        row_height = max(st.panel_height, 0.7 + len(terms) * _label_slot(st))
        fig, axes = _grid(len(chosen), st, row_height=row_height, sharey=True)
        ypos = np.arange(len(terms))[::-1]
        for ax, output in zip(axes, chosen, strict=True):
            part = table[table["output"] == output].set_index("term")
            for y, term in zip(ypos, terms, strict=True):
                if term not in part.index:
                    continue
                row = part.loc[term]
                color = colors.get(orders[term], OKABE_ITO[3])
                _intervals(ax, [row["effect"]], [y], [row["ci_low"]], [row["ci_high"]], color, st)
            _zero_line(ax)
            _title(ax, output_label(output, with_unit=False))
            ax.set_xlabel(_effect_axis_label(output, "Effect"))
            ax.set_yticks(ypos, [wrap(term_label(t), 26) for t in terms])
            ax.set_ylim(-0.6, len(terms) - 0.4)
            ax.tick_params(axis="y", length=0)
        present = sorted(set(orders.values()))
        handles = [
            mlines.Line2D([], [], color=colors.get(o, OKABE_ITO[3]), marker="o", linestyle="none")
            for o in present
        ]
        names = [_ORDER_NAMES.get(o, f"{o}-way interaction") for o in present]
        _legend_below(fig, handles, names, st)
    return fig


# ---------------------------------------------------------------- Sobol


def _parameter_order(table: pd.DataFrame, value: str) -> list[str]:
    """Parameters by decreasing mean ``value`` across outputs (most important first)."""
    means = table.groupby("parameter", sort=False)[value].mean()
    return list(means.sort_values(ascending=False, kind="stable").index)


def plot_sobol_indices(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    seed_variance: pd.DataFrame | None = None,
    top_k: int | None = None,
    style: StyleArg = "paper",
) -> Figure:
    """First-order (S1) and total (ST) Sobol indices with 95% intervals, per output.

    Args:
        table: ``sobol_indices.csv``: output, parameter, S1, S1_conf, ST, ST_conf.
        outputs: outputs to draw (default: all).
        seed_variance: ``seed_variance.csv`` (output, seed_variance_share); when
            given, each panel states the share of variance due to seed noise.
        top_k: show only the ``top_k`` parameters with the largest mean ST.
        style: style name or :class:`~govsim.outputs.style.Style`.
    """
    _require(table, ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"], "Sobol")
    chosen = select_outputs(outputs, table["output"])
    params = _parameter_order(table[table["output"].isin(chosen)], "ST")[:top_k]
    noise = {}
    if seed_variance is not None and not seed_variance.empty:
        noise = dict(
            zip(seed_variance["output"], seed_variance["seed_variance_share"], strict=True)
        )
    with style_context(style) as st:
        row_height = max(st.panel_height, 0.7 + len(params) * _label_slot(st))
        fig, axes = _grid(len(chosen), st, row_height=row_height, sharey=True)
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
            title = output_label(output, with_unit=False)
            if output in noise:
                title += f"\nseed noise {100 * noise[output]:.0f}% of variance"
            _title(ax, title)
            ax.axvline(0.0, color="#000000", linewidth=0.8)
            ax.set_xlabel("Sobol index")
            ax.set_yticks(ypos, [wrap(parameter_label(p), 30) for p in params])
            ax.set_ylim(-0.7, len(params) - 0.3)
            ax.tick_params(axis="y", length=0)
        handles = [mlines.Line2D([], [], color=c, linewidth=6) for c in OKABE_ITO[:2]]
        _legend_below(fig, handles, ["First order (S1)", "Total order (ST)"], st)
    return fig


def plot_sobol_convergence(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    top_k: int = 6,
    style: StyleArg = "paper",
) -> Figure:
    """Sobol indices re-estimated on growing samples: one row per output, S1 and ST.

    The ``top_k`` parameters with the largest final ST get a colour each (the
    same in every panel); the rest are drawn thin and grey.

    Args:
        table: ``sobol_convergence.csv``: output, parameter, n_samples, S1, ST.
        outputs: outputs to draw (default: all).
        top_k: how many parameters get their own colour and legend entry.
        style: style name or :class:`~govsim.outputs.style.Style`.
    """
    _require(table, ["output", "parameter", "n_samples", "S1", "ST"], "Sobol convergence")
    chosen = select_outputs(outputs, table["output"])
    part = table[table["output"].isin(chosen)]
    final = part[part["n_samples"] == part["n_samples"].max()]
    top = _parameter_order(final, "ST")[: min(top_k, len(OKABE_ITO) - 1)]
    colors = dict(zip(top, OKABE_ITO, strict=False))
    sizes = np.unique(part["n_samples"])
    with style_context(style) as st:
        fig, axes = _grid(2 * len(chosen), st, max_columns=2)
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
                        marker="o" if name in colors else None,
                        markersize=st.marker_size * 0.6,
                        zorder=3 if name in colors else 2,
                    )
                kind = "First-order" if index == "S1" else "Total-order"
                _title(ax, f"{output_label(output, with_unit=False)}: {kind} ({index})", 44)
                ax.set_ylabel(index)
                ax.set_xlabel("Base sample size N")
                if sizes.size > 2 and sizes.max() / sizes.min() >= 4:  # doubling samples
                    ax.set_xscale("log", base=2)
                    ax.set_xticks(sizes, [str(int(s)) for s in sizes])
                    ax.minorticks_off()
        handles = [mlines.Line2D([], [], color=colors[p], marker="o") for p in top]
        labels = [wrap(parameter_label(p), 32) for p in top]
        if len(top) < part["parameter"].nunique():
            handles.append(mlines.Line2D([], [], color=MUTED, linewidth=0.7))
            labels.append("Other parameters")
        _legend_below(fig, handles, labels, st)
    return fig


# ---------------------------------------------------------------- Morris


def plot_morris(
    table: pd.DataFrame,
    outputs: Sequence[str] | None = None,
    top_k: int = 6,
    style: StyleArg = "paper",
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
    """
    _require(table, ["output", "parameter", "mu_star", "mu_star_conf", "sigma"], "Morris")
    chosen = select_outputs(outputs, table["output"])
    pending = []
    with style_context(style) as st:
        fig, axes = _grid(len(chosen), st, row_height=st.panel_height * 1.35, max_columns=2)
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
            unit = output_unit(output)
            suffix = f"\n({unit})" if unit else ""
            ax.set_xlabel(f"μ*, mean |elementary effect|{suffix}")
            ax.set_ylabel(f"σ of elementary effects{suffix}")
            _title(ax, output_label(output, with_unit=False), 44)
            labels = [wrap(parameter_label(p, unit=False), 24) for p in rows["parameter"][top]]
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
        _legend_below(
            fig,
            handles,
            ["σ = μ*: above it, effects act mostly through interactions or non-linearity"],
            st,
        )
        # Label boxes are measured on the finished layout (legend included).
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        for ax, points, labels, markers, whiskers in pending:
            place_labels(ax, points, labels, markers, whiskers, renderer)
    return fig


# ---------------------------------------------------------------- network


def _cluster(graph: nx.Graph, members: list, seed: int) -> np.ndarray:
    """Layout of one community in the unit disc.

    Residents start evenly spread on a sunflower (Vogel) spiral, then a short
    seeded spring relaxation pulls tied residents together; a long one would
    push the many residents without sampled ties out to a ring.
    """
    n = len(members)
    if n == 1:
        return np.zeros((1, 2))
    i = np.arange(n)
    radius = np.sqrt((i + 0.5) / n)
    angle = i * math.pi * (3 - math.sqrt(5))  # the golden angle
    order = np.random.default_rng(seed).permutation(n)
    start = {
        m: (radius[j] * math.cos(angle[j]), radius[j] * math.sin(angle[j]))
        for m, j in zip(members, order, strict=True)
    }
    local = nx.spring_layout(
        graph.subgraph(members), pos=start, iterations=12, k=1.0 / math.sqrt(n), seed=seed
    )
    xy = np.array([local[m] for m in members])
    xy -= xy.mean(axis=0)
    return xy / max(float(np.linalg.norm(xy, axis=1).max()), 1e-9)


def _layout(nodes: pd.DataFrame, edges: pd.DataFrame, seed: int) -> dict:
    """Seeded layout: communities as spring-laid clusters on a circle.

    A snapshot samples a few hundred residents of thousands, so most sampled
    residents have few ties among themselves and a spring layout of the whole
    sample throws the isolated ones to a ring around the picture. Laying out
    each community on its own and placing the clusters on a circle keeps the
    structure readable; ties across communities run between clusters.
    Organizations sit at the centre of the residents they serve (at their home
    community's centre if they serve none of the sampled residents).
    """
    graph = nx.Graph()
    graph.add_nodes_from(nodes["node"].tolist())
    graph.add_edges_from(zip(edges["source"], edges["target"], strict=True))
    residents = nodes[nodes["kind"] == "resident"]
    communities = sorted(residents["community"].unique())
    m = len(communities)
    # Cluster radius: under half the distance between neighbouring centres.
    ring, radius = (0.0, 1.0) if m == 1 else (1.0, min(0.45, 0.9 * math.sin(math.pi / m)))
    largest = max(int(residents["community"].value_counts().max()), 1) if m else 1
    pos, centres = {}, {}
    for i, community in enumerate(communities):
        angle = math.pi / 2 - 2 * math.pi * i / max(m, 1)
        centre = np.array([ring * math.cos(angle), ring * math.sin(angle)])
        centres[community] = centre
        members = residents.loc[residents["community"] == community, "node"].tolist()
        size = radius * math.sqrt(len(members) / largest)
        for node, xy in zip(members, _cluster(graph, members, seed + i), strict=True):
            pos[node] = centre + size * xy
    rng = np.random.default_rng(seed)
    for node, home in zip(nodes["node"], nodes["community"], strict=True):
        if node in pos:
            continue
        served = [pos[n] for n in graph.neighbors(node) if n in pos]
        base = np.mean(served, axis=0) if served else centres.get(home, np.zeros(2))
        pos[node] = base + rng.normal(0.0, 0.03, 2)
    return pos


def plot_network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    seed: int = 0,
    style: StyleArg = "paper",
) -> Figure:
    """A network snapshot: residents coloured by community, organizations marked.

    Residents who participate are filled circles, the others hollow circles;
    organizations are black squares. The layout is networkx's spring layout with
    a fixed seed, so the same snapshot always gives the same picture.

    Args:
        nodes: ``network_nodes.csv``: node, kind, community, participating.
        edges: ``network_edges.csv``: source, target.
        seed: seed of the spring layout.
        style: style name or :class:`~govsim.outputs.style.Style`.
    """
    _require(nodes, ["node", "kind", "community", "participating"], "network nodes")
    _require(edges.assign(_=0) if edges.empty else edges, ["source", "target"], "network edges")
    pos = _layout(nodes, edges, seed)
    xy = np.array([pos[n] for n in nodes["node"]])
    residents = (nodes["kind"] == "resident").to_numpy()
    participating = nodes["participating"].astype(str).str.lower().isin(["true", "1"])
    communities = sorted(nodes.loc[residents, "community"].unique())
    colors = {c: OKABE_ITO[i % len(OKABE_ITO[:-1])] for i, c in enumerate(communities)}
    with style_context(style) as st:
        fig = Figure(figsize=(st.single_width, st.single_width * 1.15), layout="constrained")
        ax = fig.subplots()
        segments = [(pos[s], pos[t]) for s, t in zip(edges["source"], edges["target"], strict=True)]
        org_nodes = set(nodes.loc[nodes["kind"] != "resident", "node"])
        to_org = np.array(
            [
                s in org_nodes or t in org_nodes
                for s, t in zip(edges["source"], edges["target"], strict=True)
            ],
            dtype=bool,
        )
        # Service ties are many and drawn faint; ties among residents stand out.
        ax.add_collection(
            LineCollection(
                [seg for seg, o in zip(segments, to_org, strict=True) if o],
                colors="#999999",
                linewidths=0.3,
                alpha=0.18,
                zorder=1,
            )
        )
        ax.add_collection(
            LineCollection(
                [seg for seg, o in zip(segments, to_org, strict=True) if not o],
                colors="#777777",
                linewidths=0.4,
                alpha=0.6,
                zorder=1,
            )
        )
        size = st.marker_size**2 * 0.9
        for community in communities:
            mask = residents & (nodes["community"] == community).to_numpy()
            for filled in (True, False):
                sel = mask & (participating.to_numpy() == filled)
                ax.scatter(
                    xy[sel, 0],
                    xy[sel, 1],
                    s=size,
                    linewidths=0.9,
                    zorder=2,
                    facecolors=colors[community] if filled else "white",
                    edgecolors=colors[community],
                )
        orgs = ~residents
        ax.scatter(
            xy[orgs, 0],
            xy[orgs, 1],
            s=size * 2.2,
            marker="s",
            color="#000000",
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
        ax.set_aspect("equal")
        ax.set_axis_off()
        handles = [
            mlines.Line2D([], [], marker="o", linestyle="none", color=colors[c])
            for c in communities
        ]
        labels = [f"Community {c}" for c in communities]
        handles += [
            mlines.Line2D([], [], marker="o", linestyle="none", color="#555555"),
            mlines.Line2D(
                [], [], marker="o", linestyle="none", color="#555555", markerfacecolor="white"
            ),
            mlines.Line2D([], [], marker="s", linestyle="none", color="#000000"),
        ]
        labels += ["Participating", "Not participating", "Organization"]
        _legend_below(fig, handles, labels, st)
    return fig
