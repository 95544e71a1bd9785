"""PRIM scenario discovery: boxes in a sampled uncertainty space where a case of interest is dense.

This is the Patient Rule Induction Method of Friedman & Fisher (1999), "Bump hunting in
high-dimensional data", *Statistics and Computing* 9, 123-143, in the form scenario discovery
uses it (Bryant & Lempert 2010; EMA Workbench):

* **Peeling.** Starting from the box that holds every point, each step tries to cut a share
  ``alpha`` of the box's points off the low or the high side of one parameter and keeps the cut
  that gives the highest *density* (share of cases of interest in the box). Peeling stops when
  no cut leaves a box of at least ``min_mass`` of all points. The sequence of boxes is the
  *peeling trajectory*; along it the mass strictly decreases. A cut takes ``floor(alpha * n)``
  points (at least one) and every point tied with them, so a discrete parameter loses whole
  levels. Peels are scored by density itself, Friedman & Fisher's objective (EMA Workbench's
  default, "lenient1", scores the gain in density per point removed instead); ties go to a
  parameter already restricted, then to the larger box, then to a low side, then to the first
  column.
* **Choosing a box.** By default the chosen step is the one with the highest coverage among
  the steps whose density is at least ``threshold``; as coverage never increases along
  peeling this is the *first* step to reach the threshold (of several steps with that same
  coverage, the densest, i.e. the last of them). If no step reaches the threshold, the
  densest step is chosen and the box is flagged ``meets_threshold=False``. A step index can
  be given instead.
* **Pasting.** The chosen box is then grown back: each restricted limit may be moved outwards
  to take in about ``paste_alpha`` times the box's points, and the move with the highest
  density is kept as long as the density does not fall. Only the chosen box is pasted; the
  trajectory records the peeling alone.
* **Significance.** Each restricted parameter gets the quasi-p-value of Bryant & Lempert
  (2010): a one-sided binomial test of the box's cases of interest against the density of the
  same box with that parameter's restriction removed.
* **Pruning.** With ``max_qp`` set, restrictions whose quasi-p-value exceeds it are dropped
  from the pasted box one at a time, the least significant first, re-testing the others
  after each drop. With many uncertain parameters and few points, peeling restricts many
  parameters only because chance allows it; EMA Workbench leaves dropping them to the
  analyst (``PrimBox.drop_restriction``), ``govsim discover`` does it by default at 0.05.
* **Covering.** With ``n_boxes > 1`` the points of a found box are removed and the search
  starts again on the rest. Coverage and mass are always shares of *all* points and cases of
  interest; a later box's counts exclude the points of the earlier boxes.

Limits are closed intervals ``low <= x <= high``. A peeled limit lies half-way between the
last point cut off and the first point kept, so it always lies strictly inside the data range.
A parameter is *restricted* when one of its limits differs from the parameter's bounds (the
given ``bounds``, or the data range by default). Everything is deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.stats import binomtest

__all__ = [
    "MIN_POINTS",
    "Limit",
    "PrimBox",
    "PrimResult",
    "Step",
    "boxes_table",
    "check_x",
    "check_y_bool",
    "find_boxes",
    "in_box",
    "limits_table",
    "trajectory_table",
]

#: Fewest points PRIM (and the other discovery views) accept.
MIN_POINTS = 10


@dataclass(frozen=True)
class Step:
    """One box of a peeling trajectory.

    Attributes:
        step: Position on the trajectory (0 is the box holding every remaining point).
        coverage: Share of all cases of interest that lie in the box.
        density: Share of the box's points that are cases of interest.
        mass: Share of all points that lie in the box.
        n: Number of points in the box.
        n_restricted: Number of restricted parameters.
    """

    step: int
    coverage: float
    density: float
    mass: float
    n: int
    n_restricted: int


@dataclass(frozen=True)
class Limit:
    """The limits of a box on one restricted parameter.

    Attributes:
        parameter: Column name of the parameter.
        low: Lower limit (the parameter's lower bound when only the top is restricted).
        high: Upper limit (the parameter's upper bound when only the bottom is restricted).
        qp_value: Quasi-p-value: one-sided binomial test of the box's density against the
            density of the same box without this parameter's restriction.
    """

    parameter: str
    low: float
    high: float
    qp_value: float


@dataclass(frozen=True)
class PrimBox:
    """A box found by PRIM, after pasting.

    Attributes:
        box: Number of the box, from 1, in the order covering found them.
        step: Step of the peeling trajectory that was chosen (before pasting).
        coverage: Share of all cases of interest in the box.
        density: Share of the box's points that are cases of interest.
        mass: Share of all points in the box.
        n: Number of points in the box (not counting points of earlier boxes).
        n_interest: Number of cases of interest in the box.
        meets_threshold: Whether the density reaches the threshold.
        limits: Limits on the restricted parameters, in column order.
        trajectory: The peeling trajectory the box was chosen from.
        dropped: Parameters whose restriction pruning dropped, in the order dropped.
    """

    box: int
    step: int
    coverage: float
    density: float
    mass: float
    n: int
    n_interest: int
    meets_threshold: bool
    limits: tuple[Limit, ...]
    trajectory: tuple[Step, ...]
    dropped: tuple[str, ...] = ()

    @property
    def n_restricted(self) -> int:
        """Number of restricted parameters."""
        return len(self.limits)


@dataclass(frozen=True)
class PrimResult:
    """Boxes found by :func:`find_boxes` and the settings that found them.

    Attributes:
        boxes: The boxes, in the order found.
        parameters: Column names of ``x``.
        lower: Lower bound of each parameter.
        upper: Upper bound of each parameter.
        n: Number of points.
        n_interest: Number of cases of interest.
        threshold: Density threshold used to choose boxes.
    """

    boxes: tuple[PrimBox, ...]
    parameters: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    n: int
    n_interest: int
    threshold: float


def check_x(x: pd.DataFrame, n_min: int = MIN_POINTS) -> np.ndarray:
    """The points of ``x`` as a float array, after checking them.

    Args:
        x: One row per point, one numeric column per parameter.
        n_min: Fewest rows accepted.

    Returns:
        Array of shape ``(len(x), len(x.columns))``.

    Raises:
        ValueError: If ``x`` is not a data frame with unique column names, has a non-numeric
            column, a missing or infinite value, or fewer than ``n_min`` rows.
    """
    if not isinstance(x, pd.DataFrame):
        raise ValueError(f"x must be a pandas DataFrame, got {type(x).__name__}")
    if x.shape[1] == 0:
        raise ValueError("x has no columns")
    if not x.columns.is_unique:
        raise ValueError("x has duplicate column names")
    for name in x.columns:
        if not pd.api.types.is_numeric_dtype(x[name]):
            raise ValueError(f"x column {name!r} is not numeric")
    if len(x) < n_min:
        raise ValueError(f"need at least {n_min} points, got {len(x)}")
    values = x.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values).all(axis=0)
    if bad.any():
        raise ValueError(f"x column {x.columns[bad][0]!r} has missing or infinite values")
    return values


def check_y_bool(y: Sequence[object] | np.ndarray | pd.Series, n: int) -> np.ndarray:
    """``y`` as a boolean array, after checking it marks some but not all of ``n`` points.

    Args:
        y: Booleans, or numbers that are all 0 or 1.
        n: Number of points (rows of ``x``).

    Returns:
        Boolean array of length ``n``.

    Raises:
        ValueError: If ``y`` is not one-dimensional and boolean-like, its length is not ``n``,
            or it has no case of interest or only cases of interest.
    """
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"y must be one-dimensional, got shape {arr.shape}")
    if arr.size != n:
        raise ValueError(f"y has {arr.size} values but x has {n} rows")
    if arr.dtype == bool:
        flags = arr
    elif arr.dtype.kind in "iuf" and np.all((arr == 0) | (arr == 1)):
        flags = arr == 1
    elif arr.dtype == object and all(isinstance(v, bool | np.bool_) for v in arr):
        flags = arr.astype(bool)
    else:
        raise ValueError("y must be boolean-like: True/False or 0/1 values only")
    if not flags.any():
        raise ValueError("y has no case of interest (no True value)")
    if flags.all():
        raise ValueError("every point is a case of interest: there is nothing to separate")
    return flags


def in_box(x: pd.DataFrame, box: PrimBox) -> np.ndarray:
    """Which rows of ``x`` lie inside a box's limits.

    Points of earlier boxes are not excluded: for covering boxes, combine with the earlier
    boxes' masks.

    Args:
        x: Points with (at least) the box's restricted parameters as columns (matched by
            their names as strings).
        box: A box from :func:`find_boxes`.

    Returns:
        Boolean array, one value per row.
    """
    columns = {str(c): c for c in x.columns}
    inside = np.ones(len(x), dtype=bool)
    for lim in box.limits:
        values = x[columns[lim.parameter]].to_numpy(dtype=float)
        inside &= (values >= lim.low) & (values <= lim.high)
    return inside


def find_boxes(
    x: pd.DataFrame,
    y: Sequence[object] | np.ndarray | pd.Series,
    *,
    threshold: float = 0.8,
    alpha: float = 0.05,
    min_mass: float = 0.05,
    paste: bool = True,
    paste_alpha: float = 0.05,
    n_boxes: int = 1,
    step: int | Sequence[int | None] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    max_qp: float | None = None,
) -> PrimResult:
    """Find boxes where cases of interest are dense, with PRIM and covering.

    Args:
        x: One row per sampled point, one numeric column per uncertain parameter.
        y: Whether each point (by position) is a case of interest.
        threshold: Density a box should reach; the chosen step is the one with the highest
            coverage among the steps at or above it (see the module docstring).
        alpha: Share of a box's points that one peel cuts off, in (0, 0.5).
        min_mass: Smallest share of all points a peeled box may keep, in (0, 1).
        paste: Whether to paste the chosen box.
        paste_alpha: Share of the box's points one paste takes in, in (0, 0.5).
        n_boxes: Largest number of boxes to find. Covering stops early when a box misses the
            threshold or no case of interest is left.
        step: Trajectory step to choose instead of the threshold rule: an index (negative
            counts from the end) for the first box, or a sequence with one index or ``None``
            (threshold rule) per box.
        bounds: Lower and upper bound of each parameter; the data range by default.
        max_qp: Drop restrictions whose quasi-p-value exceeds this, the least significant
            first (see the module docstring); ``None`` keeps every restriction.

    Returns:
        The boxes and the settings that found them.

    Raises:
        ValueError: For invalid data or settings, or a step outside the trajectory.
    """
    values = check_x(x)
    flags = check_y_bool(y, len(values))
    names = tuple(str(c) for c in x.columns)
    lower, upper = _bounds(values, names, bounds)
    _check_settings(threshold, alpha, min_mass, paste_alpha, n_boxes)
    steps = _steps(step, n_boxes)
    space = _Space(names, lower, upper, len(values), int(flags.sum()))
    remaining = np.arange(len(values))
    boxes: list[PrimBox] = []
    for number in range(1, n_boxes + 1):
        rows_x, rows_y = values[remaining], flags[remaining]
        los, his, trajectory = _peel(rows_x, rows_y, space, alpha, min_mass)
        chosen = _choose(trajectory, threshold, steps[number - 1])
        lo, hi = los[chosen], his[chosen]
        if paste:
            lo, hi = _paste(rows_x, rows_y, lo, hi, space, paste_alpha)
        dropped: tuple[str, ...] = ()
        if max_qp is not None:
            lo, hi, dropped = _prune(rows_x, rows_y, lo, hi, space, max_qp)
        box, inside = _box(number, trajectory, chosen, rows_x, rows_y, lo, hi, space, threshold)
        box = replace(box, dropped=dropped)
        boxes.append(box)
        remaining = remaining[~inside]
        if not box.meets_threshold or len(remaining) < MIN_POINTS or not flags[remaining].any():
            break
    return PrimResult(
        boxes=tuple(boxes),
        parameters=names,
        lower=tuple(float(v) for v in lower),
        upper=tuple(float(v) for v in upper),
        n=space.n,
        n_interest=space.n_interest,
        threshold=float(threshold),
    )


def trajectory_table(result: PrimResult) -> pd.DataFrame:
    """The peeling trajectories of all boxes as one table.

    Returns:
        Columns box, step, coverage, density, mass, n_restricted; one row per box and step.
    """
    rows = [
        (b.box, s.step, s.coverage, s.density, s.mass, s.n_restricted)
        for b in result.boxes
        for s in b.trajectory
    ]
    columns = ["box", "step", "coverage", "density", "mass", "n_restricted"]
    return pd.DataFrame(rows, columns=columns)


def limits_table(result: PrimResult) -> pd.DataFrame:
    """Limits of the boxes on their restricted parameters.

    Returns:
        Columns box, parameter, low, high, qp_value; within a box the rows are sorted by
        quasi-p-value (most significant first), then by column order. Unrestricted parameters
        have no row.
    """
    order = {name: i for i, name in enumerate(result.parameters)}
    rows = []
    for b in result.boxes:
        limits = sorted(b.limits, key=lambda lim: (lim.qp_value, order[lim.parameter]))
        rows += [(b.box, lim.parameter, lim.low, lim.high, lim.qp_value) for lim in limits]
    return pd.DataFrame(rows, columns=["box", "parameter", "low", "high", "qp_value"])


def boxes_table(result: PrimResult) -> pd.DataFrame:
    """One row per box.

    Returns:
        Columns box, coverage, density, mass, n, n_restricted, n_dropped, step,
        meets_threshold.
    """
    rows = [
        (
            b.box,
            b.coverage,
            b.density,
            b.mass,
            b.n,
            b.n_restricted,
            len(b.dropped),
            b.step,
            b.meets_threshold,
        )
        for b in result.boxes
    ]
    columns = [
        "box",
        "coverage",
        "density",
        "mass",
        "n",
        "n_restricted",
        "n_dropped",
        "step",
        "meets_threshold",
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class _Space:
    """The parameters' names and bounds, and the counts that coverage and mass divide by."""

    names: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    n: int
    n_interest: int

    def restricted(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Which parameters limits ``lo``, ``hi`` restrict."""
        return (lo > self.lower) | (hi < self.upper)


def _bounds(
    values: np.ndarray, names: tuple[str, ...], bounds: Mapping[str, tuple[float, float]] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds per column: the given ones, checked, or the data range."""
    low, high = values.min(axis=0), values.max(axis=0)
    if bounds is None:
        return low, high
    missing = [name for name in names if name not in bounds]
    if missing:
        raise ValueError(f"bounds has no entry for parameter {missing[0]!r}")
    given = np.array([[float(v) for v in bounds[name]] for name in names]).reshape(len(names), 2)
    for j, name in enumerate(names):
        if not given[j, 0] <= low[j] <= high[j] <= given[j, 1]:
            raise ValueError(f"x column {name!r} has values outside its bounds {tuple(given[j])}")
    return given[:, 0], given[:, 1]


def _qp_values(
    x: np.ndarray, y: np.ndarray, lo: np.ndarray, hi: np.ndarray, space: _Space
) -> dict[int, float]:
    """Quasi-p-value of each restricted parameter of the box with limits ``lo``, ``hi``."""
    out = _outside(x, lo, hi)
    n_out = out.sum(axis=1)
    inside = n_out == 0
    nb, hb = int(inside.sum()), int(y[inside].sum())
    found = {}
    for j in np.flatnonzero(space.restricted(lo, hi)):
        freed = inside | ((n_out == 1) & out[:, j])
        found[int(j)] = float(
            binomtest(hb, nb, float(y[freed].mean()), alternative="greater").pvalue
        )
    return found


def _prune(
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    space: _Space,
    max_qp: float,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Drop the least significant restriction while its quasi-p-value exceeds ``max_qp``."""
    lo, hi = lo.copy(), hi.copy()
    dropped: list[str] = []
    while qp := _qp_values(x, y, lo, hi, space):
        # ties go to the last column, so the result does not depend on dict order
        j = max(qp, key=lambda k: (qp[k], k))
        if qp[j] <= max_qp:
            break
        lo[j], hi[j] = space.lower[j], space.upper[j]
        dropped.append(space.names[j])
    return lo, hi, tuple(dropped)


def _check_settings(
    threshold: float, alpha: float, min_mass: float, paste_alpha: float, n_boxes: int
) -> None:
    """Raise ValueError for a setting out of range."""
    if not 0 < alpha < 0.5:
        raise ValueError(f"alpha must lie in (0, 0.5), got {alpha}")
    if not 0 < paste_alpha < 0.5:
        raise ValueError(f"paste_alpha must lie in (0, 0.5), got {paste_alpha}")
    if not 0 < min_mass < 1:
        raise ValueError(f"min_mass must lie in (0, 1), got {min_mass}")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must lie in [0, 1], got {threshold}")
    if isinstance(n_boxes, bool) or not isinstance(n_boxes, int | np.integer) or n_boxes < 1:
        raise ValueError(f"n_boxes must be a positive integer, got {n_boxes!r}")


def _steps(step: int | Sequence[int | None] | None, n_boxes: int) -> list[int | None]:
    """The requested step (or None for the threshold rule) of each box."""
    if step is None or isinstance(step, int | np.integer) or not isinstance(step, Sequence):
        steps = [step]
    else:
        steps = list(step)
    if len(steps) > n_boxes:
        raise ValueError(f"{len(steps)} steps given for at most {n_boxes} boxes")
    for s in steps:
        if s is not None and (isinstance(s, bool) or not isinstance(s, int | np.integer)):
            raise ValueError(f"a step must be an integer or None, got {s!r}")
    return steps + [None] * (n_boxes - len(steps))


def _peel(
    x: np.ndarray, y: np.ndarray, space: _Space, alpha: float, min_mass: float
) -> tuple[list[np.ndarray], list[np.ndarray], list[Step]]:
    """Peel from the box holding all of ``x`` down to the minimum mass.

    Returns:
        Lower limits, upper limits and statistics of each step.
    """
    d = x.shape[1]
    lo, hi = space.lower.astype(float), space.upper.astype(float)
    rows = np.arange(len(x))
    los, his = [lo.copy()], [hi.copy()]
    trajectory = [_step(0, y, lo, hi, space)]
    while True:
        xb, yb = x[rows], y[rows]
        cuts, valid = _peel_limits(xb, alpha)
        keep = np.concatenate([xb >= cuts[0], xb <= cuts[1]], axis=1)
        counts = keep.sum(axis=0)
        hits = np.count_nonzero(keep & yb[:, None], axis=0)
        valid &= (counts >= min_mass * space.n) & (counts < len(rows))
        if not valid.any():
            break
        restricted = np.concatenate([space.restricted(lo, hi)] * 2)
        density = np.where(valid, hits / np.maximum(counts, 1), -1.0)
        candidate = np.arange(2 * d)
        # Highest density; then a parameter already restricted; then the larger box.
        best = np.lexsort((candidate, -counts, ~restricted, -density))[0]
        side, j = divmod(int(best), d)
        if side == 0:
            lo[j] = cuts[0, j]
        else:
            hi[j] = cuts[1, j]
        rows = rows[keep[:, best]]
        los.append(lo.copy())
        his.append(hi.copy())
        trajectory.append(_step(len(trajectory), y[rows], lo, hi, space))
    return los, his, trajectory


def _peel_limits(xb: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Candidate low and high limits of one peel on each column, and which are possible.

    The low limit cuts off the ``floor(alpha * n)`` (at least one) smallest values and every
    value tied with them; it lies half-way to the next larger value. The high limit mirrors it.

    Returns:
        Limits of shape ``(2, d)`` (low side, high side) and a validity mask of length ``2 d``.
    """
    nb = len(xb)
    k = max(1, math.floor(alpha * nb))
    part = np.partition(xb, [k - 1, nb - k], axis=0)
    cut_lo, cut_hi = part[k - 1], part[nb - k]
    above = np.where(xb > cut_lo, xb, np.inf).min(axis=0)
    below = np.where(xb < cut_hi, xb, -np.inf).max(axis=0)
    ok_lo, ok_hi = np.isfinite(above), np.isfinite(below)
    low = _cut(np.where(ok_lo, above, cut_lo), cut_lo)
    high = _cut(np.where(ok_hi, below, cut_hi), cut_hi)
    return np.stack([low, high]), np.concatenate([ok_lo, ok_hi])


def _cut(keep: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """A limit half-way from a value to keep to a value to drop; ``keep`` if none lies between."""
    mid = keep + (drop - keep) / 2
    return np.where(mid != drop, mid, keep)


def _step(number: int, y_in: np.ndarray, lo: np.ndarray, hi: np.ndarray, space: _Space) -> Step:
    """Statistics of a box with limits ``lo``, ``hi`` holding the cases ``y_in``."""
    n, hits = len(y_in), int(y_in.sum())
    return Step(
        step=number,
        coverage=hits / space.n_interest,
        density=hits / n,
        mass=n / space.n,
        n=n,
        n_restricted=int(space.restricted(lo, hi).sum()),
    )


def _choose(trajectory: list[Step], threshold: float, step: int | None) -> int:
    """Index of the chosen step: the given one, or by the threshold rule."""
    if step is not None:
        if not -len(trajectory) <= step < len(trajectory):
            raise ValueError(f"step {step} is outside the trajectory of {len(trajectory)} steps")
        return int(step) % len(trajectory)
    ok = [s for s in trajectory if s.density >= threshold]
    if ok:
        return max(ok, key=lambda s: (s.coverage, s.density, s.step)).step
    return max(trajectory, key=lambda s: (s.density, s.coverage, -s.step)).step


def _outside(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Which limits each point violates, shape ``(n, d)``."""
    return (x < lo) | (x > hi)


def _paste(
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    space: _Space,
    paste_alpha: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Grow restricted limits outwards while the box's density does not fall.

    Each candidate moves one limit out past ``ceil(paste_alpha * n_box)`` (at least one) of
    the nearest points that satisfy the other limits, and past every point tied with them;
    when that takes in all such points the limit goes back to the bound.
    """
    lower, upper = space.lower, space.upper
    lo, hi = lo.copy(), hi.copy()
    while True:
        out = _outside(x, lo, hi)
        n_out = out.sum(axis=1)
        inside = n_out == 0
        nb, hb = int(inside.sum()), int(y[inside].sum())
        k = max(1, math.ceil(paste_alpha * nb))
        best = None
        for j in np.flatnonzero(space.restricted(lo, hi)):
            slab = (n_out == 1) & out[:, j]
            for side in (0, 1):
                if (side == 0 and lo[j] <= lower[j]) or (side == 1 and hi[j] >= upper[j]):
                    continue
                near = slab & ((x[:, j] < lo[j]) if side == 0 else (x[:, j] > hi[j]))
                limit = _paste_limit(x[near, j], k, side, lower[j], upper[j])
                if limit is None:
                    continue
                taken = near & ((x[:, j] >= limit) if side == 0 else (x[:, j] <= limit))
                n_new, h_new = nb + int(taken.sum()), hb + int(y[taken].sum())
                score = (h_new / n_new, n_new)
                if h_new * nb >= hb * n_new and (best is None or score > best[0]):
                    best = (score, j, side, limit)
        if best is None:
            return lo, hi
        _, j, side, limit = best
        if side == 0:
            lo[j] = limit
        else:
            hi[j] = limit


def _paste_limit(values: np.ndarray, k: int, side: int, lower: float, upper: float) -> float | None:
    """New limit taking in the ``k`` values nearest the box (and ties), or None if none."""
    if values.size == 0:
        return None
    bound = lower if side == 0 else upper
    if values.size <= k:
        return bound
    nearest = np.sort(values)[::-1] if side == 0 else np.sort(values)
    edge = nearest[k - 1]
    rest = nearest[nearest < edge] if side == 0 else nearest[nearest > edge]
    return bound if rest.size == 0 else float(_cut(edge, rest[0]))


def _box(
    number: int,
    trajectory: list[Step],
    step: int,
    x: np.ndarray,
    y: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    space: _Space,
    threshold: float,
) -> tuple[PrimBox, np.ndarray]:
    """The box with limits ``lo``, ``hi`` on the points ``x``, and which of them it holds."""
    inside = ~_outside(x, lo, hi).any(axis=1)
    # nb > 0: pasting and pruning only add points
    nb, hb = int(inside.sum()), int(y[inside].sum())
    limits = [
        Limit(space.names[j], float(lo[j]), float(hi[j]), qp)
        for j, qp in _qp_values(x, y, lo, hi, space).items()
    ]
    box = PrimBox(
        box=number,
        step=step,
        coverage=hb / space.n_interest,
        density=hb / nb,
        mass=nb / space.n,
        n=nb,
        n_interest=hb,
        meets_threshold=hb / nb >= threshold,
        limits=tuple(limits),
        trajectory=tuple(trajectory),
    )
    return box, inside
