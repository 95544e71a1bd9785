"""Step plus redraw time of the classroom app, against redrawing its figures in full.

Usage: python benchmarks/bench_app.py [--sizes 1000,3000,10000] [--frames 60]

For each street size it plays the "all three levels" preset for ``--frames``
months and prints the median time of one frame of the running app: both runs
step one month and the open tab's figure (the outcome plots on the Run tab, the
street view on the Street tab) is redrawn and encoded as PNG, what the server
sends the browser. Beside it, both figures drawn in full every frame
(Matplotlib's ordinary ``savefig``), interleaved so both see the same machine
load, and the ratio to drawing both live: what drawing only the moving artists
over a kept background saves. A frame near 0.1 s plays about ten months a
second.
"""

from __future__ import annotations

import argparse
import statistics
import time

from govsim.app.plots import OutcomePlots, StreetView
from govsim.app.session import Street, build
from govsim.app.street import street_layout


def _full_draw(plots: OutcomePlots, view: StreetView) -> None:
    """Draw both figures in full, as an app without a kept background would."""
    for live in (plots.live, view.live):
        live.still_png(dpi=live.figure.dpi)


def measure(n: int, frames: int) -> dict[str, float]:
    """Median seconds per frame: a step, a step with each tab's live redraw, a full redraw."""
    classroom = build(Street(preset="all_levels", n_residents=n))
    layout = street_layout(classroom.policy)
    plots, view = OutcomePlots(classroom.horizon), StreetView(layout)
    full_plots, full_view = OutcomePlots(classroom.horizon), StreetView(layout)
    times: dict[str, list[float]] = {"step": [], "run tab": [], "street tab": [], "full": []}
    for _ in range(frames):
        t0 = time.perf_counter()
        classroom.step()
        t1 = time.perf_counter()
        plots.update(classroom.timeseries())
        plots.png()
        t2 = time.perf_counter()
        view.update(classroom)
        view.png()
        t3 = time.perf_counter()
        full_plots.update(classroom.timeseries())
        full_view.update(classroom)
        _full_draw(full_plots, full_view)
        t4 = time.perf_counter()
        times["step"].append(t1 - t0)
        times["run tab"].append(t2 - t0)
        times["street tab"].append(t3 - t2 + t1 - t0)
        times["full"].append(t4 - t3 + t1 - t0)
    return {key: statistics.median(values) for key, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args()
    print(
        f"{'residents':>10} {'step':>8} {'step+run tab':>13} {'step+street tab':>16} "
        f"{'full redraw':>12} {'ratio':>6}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        t = measure(n, args.frames)
        both = t["run tab"] + t["street tab"] - t["step"]
        print(
            f"{n:>10} {t['step'] * 1e3:>6.1f}ms {t['run tab'] * 1e3:>11.1f}ms "
            f"{t['street tab'] * 1e3:>14.1f}ms {t['full'] * 1e3:>10.1f}ms "
            f"{t['full'] / both:>5.1f}x"
        )


if __name__ == "__main__":
    main()
