"""Scenario discovery on a stored experiment: where in the sampled space does a conclusion fail?

``govsim discover DIR --output VALUE --where "< 0"`` reads the design matrix of
a sampled experiment (``lhs``, ``sobol``, ``morris``, ``fast``) or of a
robustness design from its store, computes one value per sampled point, marks
the points where the condition holds as cases of interest, and describes where
they lie three ways: PRIM boxes (:mod:`govsim.analysis.prim`) with their
peeling trajectory and the quasi-p-value of each restriction, the leaves of a
shallow classification tree, and extra-trees feature scores
(:mod:`govsim.analysis.discovery`). The tables are declared in
:mod:`govsim.analysis.tables` (``discovery_*``); each question adds its rows
under its name, so several questions share one experiment directory.

The value searched is named as

* ``OUTPUT`` in a sampled design: the output's mean over the point's replications;
* ``effect:POLICY:OUTPUT`` in a robustness design: the policy's paired effect
  against the base; ``claim:CLAIM:OUTPUT``: a claim's value (positive where it
  holds); ``outcome:POLICY:OUTPUT``: the policy's own outcome.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govsim.analysis import discovery, prim
from govsim.analysis.indices import sample_means
from govsim.analysis.points import PointValues, point_values
from govsim.analysis.runs import load_runs, open_store
from govsim.analysis.tables import SEARCHABLE, TABLES, check_columns
from govsim.errors import UserError

__all__ = [
    "Question",
    "answer",
    "discover",
    "parse_where",
    "searchable_values",
    "write_discovery",
]

_WHERE = re.compile(r"^\s*(<=|>=|<|>)\s*([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*$")
_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


@dataclass(frozen=True)
class Question:
    """What to search for.

    Attributes:
        output: the value per point (see the module docstring).
        where: the condition that makes a point a case of interest, e.g. ``"< 0"``.
        plausible: search only the points whose status quo shows P1.
        name: the question's name in the tables (default: ``output where``).
        threshold: the density a PRIM box should reach.
        n_boxes: how many PRIM boxes to find at most (covering).
        max_qp: restrictions of a PRIM box with a quasi-p-value above this are dropped
            (1 keeps every restriction).
    """

    output: str
    where: str
    plausible: bool = False
    name: str = ""
    threshold: float = 0.8
    n_boxes: int = 1
    max_qp: float = 0.05

    @property
    def label(self) -> str:
        """The question's name in the tables."""
        return self.name or f"{self.output} {self.where.strip()}"


def parse_where(text: str) -> tuple[str, float]:
    """``"< 0"`` -> ``("<", 0.0)``.

    Raises:
        UserError: for anything but a comparison (<, <=, >, >=) and a number.
    """
    match = _WHERE.match(text)
    if match is None:
        raise UserError(
            f"--where {text!r} is not a condition: write a comparison and a number, "
            'such as "< 0" or ">= 0.05"'
        )
    return match.group(1), float(match.group(2))


def _robustness_values(pv: PointValues, claims: list[str]) -> dict[str, Any]:
    """Every name a robustness design offers, as a function giving its values."""
    values: dict[str, Any] = {}
    for out in pv.outputs:
        for policy in pv.policies:
            values[f"outcome:{policy}:{out}"] = lambda p=policy, o=out: pv.outcome(p, o)
            if policy != pv.base:
                values[f"effect:{policy}:{out}"] = lambda p=policy, o=out: pv.effect(p, o)
    for claim in claims:
        for out in pv.goals:
            values[f"claim:{claim['name']}:{out}"] = lambda c=claim, o=out: pv.claim(c, o)
    return values


def _outputs(meta: dict[str, Any], runs: pd.DataFrame) -> list[str]:
    if meta.get("outputs"):
        return list(meta["outputs"])
    return list(runs.columns[list(runs.columns).index("error") + 1 :])


@dataclass(frozen=True)
class _Space:
    """A stored experiment's sampled points and the values a question can search."""

    x: pd.DataFrame
    bounds: dict[str, tuple[float, float]]
    values: dict[str, Any]
    kept: np.ndarray | None


def searchable_values(out_dir: str | Path) -> _Space:
    """The design matrix, sampled ranges and searchable values of an experiment.

    Raises:
        UserError: for a directory without a store, or a design with no sampled space.
    """
    with open_store(out_dir) as store:
        meta = store.meta()
        if meta["design"] not in SEARCHABLE:
            raise UserError(
                f"{out_dir} holds a {meta['design']} experiment; discovery needs a sampled "
                f"space ({', '.join(SEARCHABLE)} designs)"
            )
        x, runs = store.design_x(), load_runs(store, meta)
    prob = meta["problem"]
    names = list(prob["names"])
    frame = pd.DataFrame(x, columns=names)
    bounds = {n: (float(lo), float(hi)) for n, (lo, hi) in zip(names, prob["bounds"], strict=True)}
    done, outputs = runs[runs["status"] == "done"], _outputs(meta, runs)
    if meta["design"] != "robustness":
        means = sample_means(done, outputs, len(x))
        values = {o: (lambda j=j: means[:, j]) for j, o in enumerate(outputs)}
        return _Space(frame, bounds, values, None)
    opts = meta["design_options"]
    pv = point_values(done, list(meta["scenarios"]), outputs, len(x), opts.get("goals"))
    criteria = (meta.get("plausible") or {}).get("P1")
    kept = pv.plausible(criteria)[0] if criteria else None
    return _Space(frame, bounds, _robustness_values(pv, list(opts.get("claims") or [])), kept)


def _value(space: _Space, name: str) -> np.ndarray:
    if name in space.values:
        return np.asarray(space.values[name](), dtype=float)
    close = difflib.get_close_matches(name, list(space.values), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    forms = sorted({n.rsplit(":", 1)[0] + ":OUTPUT" if ":" in n else n for n in space.values})
    raise UserError(f"unknown --output {name!r}{hint}; this experiment offers {', '.join(forms)}")


def _cases(space: _Space, q: Question) -> tuple[pd.DataFrame, np.ndarray]:
    """The points searched and which of them are cases of interest."""
    op, bound = parse_where(q.where)
    value = _value(space, q.output)
    use = np.isfinite(value)
    if q.plausible:
        if space.kept is None:
            raise UserError("--plausible needs a robustness design with a pattern file")
        use &= space.kept
    cases = _COMPARE[op](value[use], bound)
    n = int(use.sum())
    if n < prim.MIN_POINTS:
        raise UserError(f"only {n} points to search; discovery needs at least {prim.MIN_POINTS}")
    if not cases.any():
        raise UserError(f"no point has {q.output} {op} {bound:g}: there is no case of interest")
    if cases.all():
        raise UserError(f"every point has {q.output} {op} {bound:g}: there is nothing to separate")
    return space.x[use].reset_index(drop=True), cases


def _prim_tables(result: prim.PrimResult, bounds: dict) -> dict[str, pd.DataFrame]:
    boxes = prim.boxes_table(result).drop(columns=["meets_threshold"])
    limits = prim.limits_table(result)
    limits["range_low"] = [bounds[p][0] for p in limits["parameter"]]
    limits["range_high"] = [bounds[p][1] for p in limits["parameter"]]
    limits = limits[["box", "parameter", "low", "high", "range_low", "range_high", "qp_value"]]
    trajectory = prim.trajectory_table(result)
    chosen = {(b.box, b.step) for b in result.boxes}
    pairs = zip(trajectory["box"], trajectory["step"], strict=True)
    trajectory["chosen"] = [pair in chosen for pair in pairs]
    return {
        "discovery_boxes": boxes,
        "discovery_limits": limits,
        "discovery_trajectory": trajectory,
    }


def answer(
    x: pd.DataFrame,
    cases: np.ndarray,
    bounds: dict[str, tuple[float, float]],
    question: Question,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """PRIM boxes, CART leaves and feature scores of the cases of interest among points ``x``.

    Args:
        x: one row per point searched, one column per uncertain parameter.
        cases: whether each point is a case of interest.
        bounds: the sampled range of every parameter.
        question: what was asked (its name, condition and PRIM settings).
        seed: the seed of the tree and the forest.

    Returns:
        The ``discovery_*`` tables of this question alone.
    """
    result = prim.find_boxes(
        x,
        cases,
        threshold=question.threshold,
        n_boxes=question.n_boxes,
        bounds=bounds,
        max_qp=question.max_qp,
    )
    tables = _prim_tables(result, bounds)
    tables["discovery_cart"] = discovery.cart_rules(x, cases, seed=seed)[
        ["leaf", "rule", "n", "share_of_interest"]
    ]
    tables["discovery_scores"] = discovery.feature_scores(x, cases, seed=seed)
    subset = "plausible" if question.plausible else "all"
    tables["discovery_queries"] = pd.DataFrame(
        [(question.output, question.where.strip(), subset, len(x), int(cases.sum()))],
        columns=["output", "where", "subset", "n", "n_interest"],
    ).assign(threshold=question.threshold, max_qp=question.max_qp)
    return {name: t.assign(query=question.label) for name, t in tables.items()}


def discover(out_dir: str | Path, question: Question, seed: int = 0) -> dict[str, pd.DataFrame]:
    """Answer one question on a stored experiment: PRIM, CART and feature scores.

    Args:
        out_dir: the experiment directory.
        question: what to search for.
        seed: the seed of the tree and the forest.

    Returns:
        The ``discovery_*`` tables of this question alone.

    Raises:
        UserError: a bad condition, an unknown value, too few points, or no case
            of interest (or only cases).
    """
    space = searchable_values(out_dir)
    x, cases = _cases(space, question)
    return answer(x, cases, {c: space.bounds[c] for c in x.columns}, question, seed)


def write_discovery(out_dir: str | Path, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """Add one question's tables to ``DIR/tables/``, replacing an earlier answer of the same name.

    Returns:
        The tables written.
    """
    folder = Path(out_dir) / "tables"
    folder.mkdir(exist_ok=True)
    written = []
    for spec in (s for s in TABLES if s.writer == "discover"):
        new = tables[spec.name][list(spec.columns)]
        path = folder / f"{spec.name}.csv"
        if path.is_file():
            old = pd.read_csv(path)
            if list(old.columns) != list(spec.columns):
                raise UserError(
                    f"{path} was written by another version of govsim; delete "
                    f"{folder}/discovery_*.csv and ask the questions again"
                )
            old = old[~old["query"].isin(set(new["query"]))]
            new = pd.concat([old, new], ignore_index=True)
        check_columns(spec.name, list(new.columns))
        new.to_csv(path, index=False)
        written.append(path)
    return written
