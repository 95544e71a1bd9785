"""Labels for scatter points that avoid each other, the markers and the axes edge.

Used by the Morris figure, where a few labelled points often sit in one
corner. The placement works on the drawn figure in pixels: for each label,
candidate offsets around its point (nearest first, 24 directions, growing
radii) are scored at once with numpy for overlaps with other labels, markers
and error-bar whiskers, for leaving the axes, and for leader lines that cross
labels, markers or each other; the nearest good candidate wins. A greedy pass
depends on the order of the labels, so several orders are tried, the cheapest
arrangement is kept and then refined label by label.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties

__all__ = ["place_labels"]


def _candidates() -> list[tuple[float, float]]:
    """Label offsets in units of the font size: nearest first, 24 directions each."""
    out = []
    for radius in (0.9, 2, 3.5, 5, 7, 9, 12, 15, 19, 24, 30, 38):
        for k in range(24):
            angle = 2 * math.pi * (k / 24 + 1 / 8)  # start up-right, the usual place
            out.append((radius * math.cos(angle), radius * math.sin(angle)))
    return out


_CANDIDATES = _candidates()


def _alignment(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 2 else "right" if dx < -2 else "center"
    va = "bottom" if dy > 2 else "top" if dy < -2 else "center"
    return ha, va


def _overlap(boxes: np.ndarray, others: np.ndarray, count: bool = False) -> np.ndarray:
    """Per row of ``boxes`` (x0, y0, x1, y1), the summed area the ``others`` cover.

    With ``count``, how many of the ``others`` overlap it instead.
    """
    if not len(others):
        return np.zeros(len(boxes))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(
        boxes[:, None, 0], others[None, :, 0]
    )
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(
        boxes[:, None, 1], others[None, :, 1]
    )
    if count:
        return ((w > 0) & (h > 0)).sum(axis=1)
    return (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)


def _clip_hits(x0, y0, x1, y1, bx0, by0, bx1, by1) -> np.ndarray:
    """Whether segments (x0, y0)-(x1, y1) pass through boxes; Liang-Barsky, broadcast."""
    dx, dy = x1 - x0, y1 - y0
    low = np.zeros(np.broadcast(x0, bx0).shape)
    high = np.ones_like(low)
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        p, q = np.broadcast_arrays(p, q)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = q / p
        low = np.where(p < 0, np.maximum(low, t), low)
        high = np.where(p > 0, np.minimum(high, t), high)
        high = np.where((p == 0) & (q < 0), -1.0, high)  # parallel and outside
    return low < high


def _crossings(segments: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Per segment (rows x0, y0, x1, y1), how many of ``boxes`` it passes through."""
    if not len(boxes) or not len(segments):
        return np.zeros(len(segments))
    s, b = segments[:, None, :], boxes[None, :, :]
    return _clip_hits(
        s[..., 0], s[..., 1], s[..., 2], s[..., 3], b[..., 0], b[..., 1], b[..., 2], b[..., 3]
    ).sum(axis=1)


def _segments_cross(segments: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Per segment, how many of ``others`` it properly intersects."""
    if not len(others) or not len(segments):
        return np.zeros(len(segments))
    a, b = segments[:, None, :2], segments[:, None, 2:]
    c, d = others[None, :, :2], others[None, :, 2:]

    def side(u, v, w):
        return (v[..., 0] - u[..., 0]) * (w[..., 1] - u[..., 1]) - (v[..., 1] - u[..., 1]) * (
            w[..., 0] - u[..., 0]
        )

    hits = (side(c, d, a) * side(c, d, b) < 0) & (side(a, b, c) * side(a, b, d) < 0)
    return hits.sum(axis=1)


#: A label whose only conflicts are a leader crossing a few whiskers is taken at
#: once: nearer is better than perfect.
_GOOD_ENOUGH = 60.0

#: Where the text sits relative to its anchor, per candidate offset: the box's
#: lower-left corner is the anchor plus these fractions of its width and height.
_SHIFT = np.array(
    [
        [
            {"left": 0.0, "right": -1.0, "center": -0.5}[ha],
            {"bottom": 0.0, "top": -1.0, "center": -0.5}[va],
        ]
        for ha, va in (_alignment(dx, dy) for dx, dy in _CANDIDATES)
    ]
)
_OFFSETS = np.array(_CANDIDATES)
_LEADER = np.hypot(_OFFSETS[:, 0], _OFFSETS[:, 1]) > 1.5


def _geometry(
    point: np.ndarray, size: tuple[float, float], scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """Text boxes and leader segments (rows x0, y0, x1, y1) of every candidate offset."""
    width, height = size
    ends = point + _OFFSETS * scale
    pad = np.array([4.0, 2.5])  # a little air around the text, on every side
    lower = ends + _SHIFT * (width, height) - pad
    boxes = np.column_stack([lower, lower + (width, height) + 2 * pad])
    segments = np.column_stack([np.broadcast_to(point, ends.shape), ends])
    return boxes, segments


def _candidate_costs(
    boxes: np.ndarray,
    segments: np.ndarray,
    labels: np.ndarray,
    marks: np.ndarray,
    others: np.ndarray,
    bars: np.ndarray,
    leaders: np.ndarray,
    frame: np.ndarray,
) -> np.ndarray:
    """How badly each candidate label position conflicts, in pixels².

    Text over text or over a marker is worst, then leader lines crossing each
    other or running through labels and markers; covering an error bar's
    whisker, or a leader crossing one, costs little (whiskers are thin and
    grey). ``others`` are the markers except the label's own.
    """
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    # Any overlap of text with text or a marker costs more than a crossing line.
    cost = 10 * _overlap(boxes, labels) + 40 * _overlap(boxes, marks)
    cost += 4000.0 * (_overlap(boxes, labels, count=True) + _overlap(boxes, marks, count=True))
    # Labels stay inside the axes: they are kept out of the layout (placing them
    # must not move the axes), so one past the edge could be cut off by the
    # figure's border.
    outside = area - _overlap(boxes, frame[None, :])
    cost += 3 * _overlap(boxes, bars) + 10 * outside + 4000.0 * (outside > 0.5)
    if len(leaders):  # existing leader lines through each candidate box
        through = _clip_hits(
            leaders[:, None, 0],
            leaders[:, None, 1],
            leaders[:, None, 2],
            leaders[:, None, 3],
            boxes[None, :, 0],
            boxes[None, :, 1],
            boxes[None, :, 2],
            boxes[None, :, 3],
        ).sum(axis=0)
        cost += 3000.0 * through
    line = 3000.0 * (_crossings(segments, labels) + _crossings(segments, others))
    line += 30.0 * _crossings(segments, bars) + 3000.0 * _segments_cross(segments, leaders)
    return cost + np.where(_LEADER, line, 0.0)


def _choose(costs: np.ndarray) -> int:
    """The nearest good-enough candidate, else the least costly one."""
    good = np.flatnonzero(costs <= _GOOD_ENOUGH)
    return int(good[0]) if len(good) else int(np.argmin(costs))


class _Layout:
    """Candidate geometry of every label, and the scoring of one label against the rest."""

    def __init__(
        self,
        pixels: np.ndarray,
        sizes: list[tuple[float, float]],
        scale: float,
        marks: np.ndarray,
        bars: np.ndarray,
        frame: np.ndarray,
    ):
        self.marks, self.bars, self.frame = marks, bars, frame
        self.geometry = [_geometry(p, size, scale) for p, size in zip(pixels, sizes, strict=True)]
        self.others = []
        for px, py in pixels:
            own = (
                (marks[:, 0] <= px)
                & (px <= marks[:, 2])
                & (marks[:, 1] <= py)
                & (py <= marks[:, 3])
            )
            self.others.append(marks[~own])

    def costs(self, i: int, chosen: dict[int, int]) -> np.ndarray:
        """Costs of label ``i``'s candidates given the labels placed in ``chosen``."""
        boxes = [self.geometry[j][0][k] for j, k in chosen.items() if j != i]
        leaders = [self.geometry[j][1][k] for j, k in chosen.items() if j != i and _LEADER[k]]
        return _candidate_costs(
            *self.geometry[i],
            np.array(boxes).reshape(-1, 4),
            self.marks,
            self.others[i],
            self.bars,
            np.array(leaders).reshape(-1, 4),
            self.frame,
        )

    def greedy(self, order: list[int], bound: float = math.inf) -> tuple[float, dict[int, int]]:
        """Place labels one by one in ``order``; the total cost and each choice.

        Gives up (cost infinity) once the total exceeds ``bound``, the best total
        found by another order.
        """
        total, chosen = 0.0, {}
        for i in order:
            costs = self.costs(i, chosen)
            chosen[i] = _choose(costs)
            total += float(costs[chosen[i]])
            if total > bound:
                return math.inf, chosen
        return total, chosen

    def refine(self, chosen: dict[int, int], rounds: int = 2) -> dict[int, int]:
        """Move each label to its best place given all the others, a few rounds.

        A greedy label never sees the labels placed after it; here it does, which
        undoes most crossings of leader lines.
        """
        chosen = dict(chosen)
        for _ in range(rounds):
            moved = False
            for i in list(chosen):
                costs = self.costs(i, chosen)
                k = _choose(costs)
                if costs[k] < costs[chosen[i]]:
                    chosen[i], moved = k, True
            if not moved:
                break
        return chosen


def place_labels(
    ax: Axes,
    points: np.ndarray,
    texts: list[str],
    markers: np.ndarray,
    whiskers: np.ndarray,
    renderer,
) -> None:
    """Annotate points so that labels overlap no other label, marker or axes edge.

    Greedy on the rendered figure: each label's size is measured once, then the
    nearest candidate offset with no conflict is taken (a thin leader line joins
    labels set further out); otherwise the one with the least conflict. Conflicts
    are overlaps with labels, markers and error-bar whiskers, labels outside the
    axes, and leader lines that cross labels, markers or each other. A greedy
    pass depends on its order, so several orders are tried (crowded points
    first, largest effect first, the reverse, and a few seeded shuffles), the
    cheapest arrangement is kept, and then each label is moved to its best place
    given all the others. Labels are kept out of the layout so placing them
    cannot move the axes.

    Args:
        ax: the axes.
        points: data coordinates of the labelled points, largest effect first.
        texts: one label per point.
        markers: data coordinates of every marker drawn.
        whiskers: rows (x_low, x_high, y) of horizontal error bars.
        renderer: the renderer of the drawn figure.
    """
    font = FontProperties(size="small").get_size_in_points()
    scale = ax.figure.dpi / 72.0 * font  # font-size units to pixels
    frame = np.array(ax.get_window_extent(renderer).extents)
    every = ax.transData.transform(markers)
    marks = np.column_stack([every - 6, every + 6])  # x0, y0, x1, y1 around each marker
    low = ax.transData.transform(whiskers[:, [0, 2]])
    high = ax.transData.transform(whiskers[:, [1, 2]])
    bars = np.column_stack([low[:, 0], low[:, 1] - 1.5, high[:, 0], high[:, 1] + 1.5])
    sizes = []
    for text in texts:
        probe = ax.text(0, 0, text, fontsize="small", linespacing=0.95)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        sizes.append((extent.width, extent.height))
    pixels = ax.transData.transform(points)
    # Crowded points first: an isolated point finds room anywhere, a point in a
    # cluster only while its neighbours' labels have not taken the space.
    crowd = [int((np.hypot(*(every - p).T) < 40).sum()) for p in pixels]
    by_crowd = sorted(range(len(texts)), key=lambda i: -crowd[i])
    rng = np.random.default_rng(0)  # fixed: the same tables give the same figure
    orders = [by_crowd, list(range(len(texts))), list(range(len(texts)))[::-1]]
    orders += [list(rng.permutation(len(texts))) for _ in range(8)]
    layout = _Layout(pixels, sizes, scale, marks, bars, frame)
    best_total, chosen = math.inf, {}
    for order in orders:
        total, placement = layout.greedy(order, best_total)
        if total < best_total:
            best_total, chosen = total, placement
    chosen = layout.refine(chosen)
    for i, k in chosen.items():
        dx, dy = _CANDIDATES[k]
        ha, va = _alignment(dx, dy)
        arrow = None
        if math.hypot(dx, dy) > 1.5:
            # The line leaves from the text's anchor corner, the end of the
            # segment that was checked for crossings (the default, the text's
            # centre, would draw a different line).
            relpos = (
                {"left": 0.0, "right": 1.0, "center": 0.5}[ha],
                {"bottom": 0.0, "top": 1.0, "center": 0.5}[va],
            )
            arrow = {
                "arrowstyle": "-",
                "color": "#777777",
                "linewidth": 0.5,
                "shrinkA": 0,
                "shrinkB": 3,
                "relpos": relpos,
            }
        ann = ax.annotate(
            texts[i],
            tuple(points[i]),
            xytext=(dx * font, dy * font),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize="small",
            linespacing=0.95,
            arrowprops=arrow,
            zorder=4,
        )
        ann.set_in_layout(False)
