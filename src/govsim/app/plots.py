"""The app's figures: live outcome plots with the reference beside, and the street view.

Each is a :class:`~govsim.app.live.LiveFigure`: titles, axes and legends are
drawn once in the page's language; each frame draws only the curves, bands and
points. Figures are built without pyplot (the app draws from a worker thread).
The policy run is a solid coloured line and the reference a dashed black one,
so the two read apart without colour too.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from govsim.app.live import LiveFigure
from govsim.app.lockstep import RUNS, STATUSES, ClassroomModel
from govsim.app.street import GRADE_STYLE, STATE_STYLE, StreetLayout, street_artists
from govsim.i18n import metric_label, text
from govsim.i18n.fonts import font_rc

__all__ = ["PANELS", "RUN_STYLE", "OutcomePlots", "StreetView"]

#: The outcomes plotted live, in panel order.
PANELS = ("participation_rate", "satisfaction", "service_quality", "service_coverage")

#: How each run is drawn: colour, line style.
RUN_STYLE = {"reference": ("#000000", "--"), "policy": ("#0072b2", "-")}

#: Organization status -> colour and hatch of its band (hatches tell them apart in grey).
STATUS_STYLE = {
    "active": ("#009e73", ""),
    "restructuring": ("#e69f00", "//"),
    "suspended": ("#d55e00", "xx"),
    "exited": ("#e0e0e0", ".."),
}

#: Figure size (inches) and screen resolution: about 920 pixels wide, a projector's column.
SIZE = (9.6, 5.4)
SCREEN_DPI = 96

_FONT_SIZE = 8


def run_label(run: str, lang: str, reference: str | None = None) -> str:
    """A run's name in the legends: the reference's own name when a lesson gives it one."""
    if run == "reference" and reference:
        return reference
    return text(f"app.run.{run}", lang)


class OutcomePlots:
    """Four outcomes of both runs, and organizations by status in each run.

    Args:
        horizon: the last month, so the axes never rescale as the run plays.
        lang: language of the labels.
        reference: the reference run's name in the legend (None: the status quo).
    """

    def __init__(self, horizon: int, lang: str = "en", reference: str | None = None):
        self.lang, self.reference = lang, reference
        with mpl.rc_context({"font.size": _FONT_SIZE, **font_rc(lang)}):
            fig = Figure(figsize=SIZE, dpi=SCREEN_DPI, layout="constrained")
            axes = fig.subplots(2, 3, sharex=True)
            self.metric_axes = dict(zip(PANELS, axes.flat[:4], strict=False))
            self.status_axes = dict(zip(RUNS, axes.flat[4:], strict=True))
            self._label(axes, horizon)
        self.lines = {
            (metric, run): ax.plot([], [], color=c, linestyle=s, linewidth=1.4)[0]
            for metric, ax in self.metric_axes.items()
            for run, (c, s) in RUN_STYLE.items()
        }
        self.live = LiveFigure(fig)

    def _label(self, axes: np.ndarray, horizon: int) -> None:
        for metric, ax in self.metric_axes.items():
            ax.set_title(metric_label(metric, self.lang), loc="left")
            ax.set_ylim(0, 1)
        for run, ax in self.status_axes.items():
            name = run_label(run, self.lang, self.reference)
            ax.set_title(text("app.organizations_in", self.lang, run=name), loc="left")
            ax.set_ylim(0, 10)
        for ax in axes.flat:
            ax.set_xlim(0, horizon)
        for ax in axes[1]:
            ax.set_xlabel(text("figure.month", self.lang))
        axes[0, 0].figure.legend(
            handles=self._legend(), loc="outside lower center", ncols=6, frameon=False
        )

    def _legend(self) -> list[Artist]:
        runs = [
            Line2D([], [], color=c, linestyle=s, label=run_label(run, self.lang, self.reference))
            for run, (c, s) in RUN_STYLE.items()
        ]
        statuses = [
            Patch(facecolor=c, hatch=h, edgecolor="#555555", label=text(f"status.{s}", self.lang))
            for s, (c, h) in STATUS_STYLE.items()
        ]
        return runs + statuses

    def update(self, series: pd.DataFrame) -> None:
        """Show the runs so far (:meth:`ClassroomModel.timeseries`)."""
        moving = []
        for run in RUNS:
            rows = series[series["run"] == run]
            for metric in PANELS:
                line = self.lines[metric, run]
                line.set_data(rows["step"].to_numpy(), rows[metric].to_numpy())
                moving.append(line)
            moving += self._bands(self.status_axes[run], rows)
        self.live.set_moving(moving)

    def _bands(self, ax: Axes, rows: pd.DataFrame) -> list[Artist]:
        counts = np.array([rows[f"organizations_{s}"].to_numpy() for s in STATUSES])
        top = float(counts.sum(axis=0).max(initial=0.0))
        if top > ax.get_ylim()[1]:  # more organizations than the axis holds: rescale
            ax.set_ylim(0, 2 * top)
            self.live.invalidate()
        bands = ax.stackplot(
            rows["step"], *counts, colors=[STATUS_STYLE[s][0] for s in STATUSES], linewidth=0
        )
        for band, status in zip(bands, STATUSES, strict=True):
            band.set_hatch(STATUS_STYLE[status][1])
            band.set_edgecolor("#555555")
        return bands

    def png(self) -> bytes:
        """The current frame for the screen."""
        return self.live.png()


class StreetView:
    """The street of each run side by side: residents by participation, organizations by grade.

    Args:
        layout: the street's fixed layout.
        lang: language of the labels.
        reference: the reference run's name (None: the status quo).
    """

    def __init__(self, layout: StreetLayout, lang: str = "en", reference: str | None = None):
        self.layout = layout
        with mpl.rc_context({"font.size": _FONT_SIZE, **font_rc(lang)}):
            fig = Figure(figsize=(9.6, 4.6), dpi=SCREEN_DPI, layout="constrained")
            self.axes = dict(zip(RUNS, fig.subplots(1, 2), strict=True))
            for run, ax in self.axes.items():
                layout.draw_ties(ax)
                ax.set_title(run_label(run, lang, reference))
            fig.legend(
                handles=_street_legend(lang), loc="outside lower center", ncols=5, frameon=False
            )
        self.live = LiveFigure(fig)

    def update(self, classroom: ClassroomModel) -> None:
        """Show both runs' residents and organizations as they are now."""
        moving = []
        for run, ax in self.axes.items():
            moving += street_artists(ax, classroom.runs[run], self.layout)
        self.live.set_moving(moving)

    def png(self) -> bytes:
        """The current frame for the screen."""
        return self.live.png()


def _street_legend(lang: str) -> list[Artist]:
    residents = [
        Line2D(
            [], [], marker="o", linestyle="", color=c, markersize=np.sqrt(s), label=text(k, lang)
        )
        for k, c, s in STATE_STYLE.values()
    ]
    grades = [
        Line2D(
            [],
            [],
            marker=m,
            linestyle="",
            markerfacecolor=c,
            markeredgecolor="black",
            markersize=7,
            label=text(k, lang),
        )
        for k, c, m in GRADE_STYLE.values()
    ]
    return residents + grades
