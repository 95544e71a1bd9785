"""Second views for scenario discovery: CART splits and rules, and extra-trees feature scores.

These complement :mod:`govsim.analysis.prim`. A shallow classification tree (CART) partitions
the sampled space into leaves described by readable rules; extra-trees importances rank the
parameters by how much they matter for the outcome. Both are seeded and so reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor
from sklearn.tree import DecisionTreeClassifier

from govsim.analysis.prim import check_x, check_y_bool

__all__ = ["cart_rules", "cart_splits", "feature_scores"]

ArrayLike = Sequence[object] | np.ndarray | pd.Series


def cart_splits(
    x: pd.DataFrame,
    y: ArrayLike,
    *,
    max_depth: int = 3,
    min_samples_leaf: int | float = 0.05,
    seed: int = 0,
) -> pd.DataFrame:
    """The splits of a classification tree separating the cases of interest.

    Args:
        x: One row per sampled point, one numeric column per parameter.
        y: Whether each point is a case of interest (booleans or 0/1).
        max_depth: Depth of the tree.
        min_samples_leaf: Fewest points in a leaf: a count, or a share of all points if a
            float below 1.
        seed: Seed of the tree's random tie-breaking between equally good splits.

    Returns:
        One row per internal node in depth-first order (the root first), with columns node,
        depth, parameter, threshold, n, n_left, n_right, share_of_interest_left and
        share_of_interest_right. Left holds the points with ``parameter <= threshold``.
    """
    tree, counts, hits, depth = _tree(x, y, max_depth, min_samples_leaf, seed)
    t = tree.tree_
    names = list(x.columns)
    rows = []
    for node in np.flatnonzero(t.children_left >= 0):
        left, right = t.children_left[node], t.children_right[node]
        rows.append(
            {
                "node": int(node),
                "depth": int(depth[node]),
                "parameter": str(names[t.feature[node]]),
                "threshold": float(t.threshold[node]),
                "n": int(counts[node]),
                "n_left": int(counts[left]),
                "n_right": int(counts[right]),
                "share_of_interest_left": hits[left] / counts[left],
                "share_of_interest_right": hits[right] / counts[right],
            }
        )
    columns = [
        "node",
        "depth",
        "parameter",
        "threshold",
        "n",
        "n_left",
        "n_right",
        "share_of_interest_left",
        "share_of_interest_right",
    ]
    return pd.DataFrame(rows, columns=columns)


def cart_rules(
    x: pd.DataFrame,
    y: ArrayLike,
    *,
    max_depth: int = 3,
    min_samples_leaf: int | float = 0.05,
    seed: int = 0,
) -> pd.DataFrame:
    """The leaves of the same tree as :func:`cart_splits`, as readable rules.

    Conditions on the same parameter along a path are merged, e.g. ``0.2 < a <= 0.6``.

    Args:
        x: One row per sampled point, one numeric column per parameter.
        y: Whether each point is a case of interest (booleans or 0/1).
        max_depth: Depth of the tree.
        min_samples_leaf: Fewest points in a leaf (count, or share if a float below 1).
        seed: Seed of the tree.

    Returns:
        One row per leaf, densest first (then larger first), with columns leaf, rule, n,
        share_of_interest and text, where text reads e.g.
        ``"a <= 0.31 and b > 0.52: 84% of 120 points"``.
    """
    tree, counts, hits, _ = _tree(x, y, max_depth, min_samples_leaf, seed)
    t = tree.tree_
    names = [str(c) for c in x.columns]
    rows = []
    for leaf, path in _leaf_paths(t):
        rule = _rule(path, names)
        share = hits[leaf] / counts[leaf]
        text = f"{rule}: {share:.0%} of {int(counts[leaf])} points"
        rows.append((int(leaf), rule, int(counts[leaf]), share, text))
    table = pd.DataFrame(rows, columns=["leaf", "rule", "n", "share_of_interest", "text"])
    order = np.lexsort((table["leaf"], -table["n"], -table["share_of_interest"]))
    return table.iloc[order].reset_index(drop=True)


def feature_scores(
    x: pd.DataFrame,
    y: ArrayLike,
    *,
    seed: int = 0,
    n_estimators: int = 100,
) -> pd.DataFrame:
    """Extra-trees importance of each parameter for the outcome.

    A ``y`` of booleans is classified with an :class:`~sklearn.ensemble.ExtraTreesClassifier`;
    a numeric ``y`` (0/1 numbers included) is treated as a float outcome and regressed with an
    :class:`~sklearn.ensemble.ExtraTreesRegressor`. The score is the impurity-based
    importance, normalised to sum to one.

    Args:
        x: One row per sampled point, one numeric column per parameter.
        y: Boolean case of interest, or a float outcome.
        seed: Seed of the forest.
        n_estimators: Number of trees.

    Returns:
        Columns parameter, score and rank (1 = most important), sorted by descending score
        (ties in column order).

    Raises:
        ValueError: For invalid ``x``, a non-numeric, non-finite or constant ``y``, or a
            length mismatch.
    """
    values = check_x(x)
    arr = np.asarray(y)
    if _is_boolean(arr):
        target = check_y_bool(arr, len(values))
        model = ExtraTreesClassifier(n_estimators=n_estimators, random_state=seed, n_jobs=1)
    else:
        target = _check_y_float(arr, len(values))
        model = ExtraTreesRegressor(n_estimators=n_estimators, random_state=seed, n_jobs=1)
    model.fit(values, target)
    table = pd.DataFrame({"parameter": [str(c) for c in x.columns]})
    table["score"] = model.feature_importances_
    table = table.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def _is_boolean(arr: np.ndarray) -> bool:
    """Whether an array holds booleans (numpy ``bool``, or objects such as a pandas column)."""
    if arr.dtype == object:
        return arr.size > 0 and all(isinstance(v, bool | np.bool_) for v in arr.flat)
    return arr.dtype == bool


def _check_y_float(arr: np.ndarray, n: int) -> np.ndarray:
    """A float outcome, after checking it is one-dimensional, finite and not constant."""
    if arr.ndim != 1:
        raise ValueError(f"y must be one-dimensional, got shape {arr.shape}")
    if arr.size != n:
        raise ValueError(f"y has {arr.size} values but x has {n} rows")
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"y must be boolean or numeric, got dtype {arr.dtype}")
    values = arr.astype(float)
    if not np.isfinite(values).all():
        raise ValueError("y has missing or infinite values")
    if np.ptp(values) == 0:
        raise ValueError("y is constant: there is nothing to explain")
    return values


def _tree(
    x: pd.DataFrame, y: ArrayLike, max_depth: int, min_samples_leaf: int | float, seed: int
) -> tuple[DecisionTreeClassifier, np.ndarray, np.ndarray, np.ndarray]:
    """A fitted tree, and per node the points, the cases of interest and the depth."""
    values = check_x(x)
    flags = check_y_bool(y, len(values))
    tree = DecisionTreeClassifier(
        max_depth=max_depth, min_samples_leaf=min_samples_leaf, random_state=seed
    )
    tree.fit(values, flags)
    path = tree.decision_path(values)
    counts = np.asarray(path.sum(axis=0), dtype=float).ravel()
    hits = np.asarray(path.T @ flags.astype(float), dtype=float).ravel()
    t = tree.tree_
    depth = np.zeros(t.node_count, dtype=int)
    for node in range(t.node_count):
        for child in (t.children_left[node], t.children_right[node]):
            if child >= 0:
                depth[child] = depth[node] + 1
    return tree, counts, hits, depth


def _leaf_paths(t: Any) -> list[tuple[int, list[tuple[int, bool, float]]]]:
    """Each leaf with its path: (feature, goes right, threshold) for each split on the way."""
    out = []
    stack: list[tuple[int, list[tuple[int, bool, float]]]] = [(0, [])]
    while stack:
        node, path = stack.pop()
        left, right = t.children_left[node], t.children_right[node]
        if left < 0:
            out.append((node, path))
            continue
        feature, threshold = int(t.feature[node]), float(t.threshold[node])
        stack.append((right, [*path, (feature, True, threshold)]))
        stack.append((left, [*path, (feature, False, threshold)]))
    return out


def _rule(path: list[tuple[int, bool, float]], names: list[str]) -> str:
    """The conditions of a path, merged per parameter, in the order first met."""
    bounds: dict[int, list[float | None]] = {}
    for feature, right, threshold in path:
        low, high = bounds.setdefault(feature, [None, None])
        if right:
            bounds[feature][0] = threshold if low is None else max(low, threshold)
        else:
            bounds[feature][1] = threshold if high is None else min(high, threshold)
    parts = []
    for feature, (low, high) in bounds.items():
        name = names[feature]
        if low is not None and high is not None:
            parts.append(f"{low:.3g} < {name} <= {high:.3g}")
        elif low is not None:
            parts.append(f"{name} > {low:.3g}")
        else:
            parts.append(f"{name} <= {high:.3g}")
    return " and ".join(parts) if parts else "all points"
