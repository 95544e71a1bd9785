"""Designs: turn a loaded experiment into the runs to do.

Every design yields :class:`~govsim.experiments.modelref.RunSpec` objects with
their seed, parameters and run key. The run key hashes the resolved parameters
(the scenario file's full content plus the overrides), the seed and the run's
position in the design, so the same experiment always yields the same keys and
a resumed experiment can skip the runs already stored.

A design is sized from the file alone (:func:`design_size`) before anything is
built, and its runs are generated one at a time (:meth:`Design.runs`), so even
a large design holds only its groups (a scenario, a cell or a sample point) in
memory, never one object per run.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from govsim.errors import Problem, ScenarioError
from govsim.experiments import sampling
from govsim.experiments.checks import find_scenario
from govsim.experiments.criteria import (
    BUNDLED_FOR_PATTERNS,
    PATTERN_MODEL,
    PATTERN_SCENARIOS,
    pattern_scenarios,
)
from govsim.experiments.modelref import RunContext, RunSpec
from govsim.experiments.seeds import design_seed, run_seed
from govsim.experiments.spec import SAMPLED_DESIGNS, ExperimentSpec

__all__ = ["Design", "build_design", "design_size", "run_key"]


@dataclass(frozen=True)
class _Group:
    """Runs that differ only by replication: a scenario, a factorial cell or a sample point."""

    label: str
    source: str | None
    params: dict[str, Any]
    sample: int | None = None
    snapshot_first: bool = False


@dataclass
class Design:
    """The runs of an experiment and what analysis needs to know about them.

    Attributes:
        context: what all runs share (model, steps, outputs, scenario data).
        n_runs: how many runs :meth:`runs` yields.
        scenarios: scenario or cell labels in design order (base first).
        x: the sampled design matrix (sampled designs only).
        problem: the SALib problem (sampled designs only).
        cells: factorial cell label -> {factor: level}.
        source_hash: scenario label -> hash of the resolved scenario data its runs start from.
        meta: what the analysis needs beyond the file, stored with the metadata
            (a robustness design's P1 criteria, read from its pattern file).
        by_replication: yield replication by replication (every scenario of a
            seed together), so runs that share a warm-up land in one chunk.
    """

    context: RunContext
    n_runs: int
    groups: Callable[[], Iterator[_Group]] = field(repr=False)
    expand: Callable[[_Group], Iterator[RunSpec]] = field(repr=False)
    scenarios: list[str] = field(default_factory=list)
    x: np.ndarray | None = None
    problem: dict[str, Any] | None = None
    cells: dict[str, dict[str, str]] = field(default_factory=dict)
    source_hash: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    by_replication: bool = False

    def runs(self) -> Iterator[RunSpec]:
        """Every run, generated as it is asked for.

        Sampled designs go point by point. Comparisons and factorials (a few
        groups) go replication by replication: the runs of one seed are
        neighbours, so a worker warms the street up once for all of them
        (:mod:`govsim.model.warmup`). Stored results do not depend on the order.
        """
        if not self.by_replication:
            for group in self.groups():
                yield from self.expand(group)
            return
        streams = [self.expand(group) for group in self.groups()]
        for runs in zip(*streams, strict=True):
            yield from runs

    @property
    def specs(self) -> list[RunSpec]:
        """Every run as a list (for small designs and tests; the engine streams :meth:`runs`)."""
        return list(self.runs())


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=float)


def run_key(source: str, params: Mapping[str, Any], seed: int, position: tuple[Any, ...]) -> str:
    """The run key: a hash of resolved parameters, seed and design position.

    Args:
        source: hash of the scenario data the parameters apply to ("" if none).
        params: the run's parameters.
        seed: the run's seed.
        position: (scenario label, sample index, replication).
    """
    text = _canonical({"source": source, "params": params, "seed": seed, "pos": list(position)})
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class _Builder:
    """Shared state while building one design."""

    def __init__(self, spec: ExperimentSpec):
        self.spec = spec
        self.exp = spec.file
        self.sources: dict[str, dict[str, Any]] = {}
        self.source_hash: dict[str, str] = {}

    def add_source(self, label: str, data: dict[str, Any] | None) -> str | None:
        if data is None:
            return None
        self.sources[label] = data
        self.source_hash[label] = hashlib.sha256(_canonical(data).encode()).hexdigest()
        return label

    def seed(self, label: str, replication: int, sample: int | None = None) -> int:
        """A run's seed.

        Common random numbers (the default for comparisons and factorials,
        opt-in for sampled designs) give every scenario or sample point the same
        seed per replication.
        """
        root, crn = self.exp.root_seed, self.exp.common_random_numbers
        if sample is not None:
            if crn:
                return run_seed(root, replication)
            return run_seed(root, replication, sample=sample)
        if crn is None or crn:
            return run_seed(root, replication)
        return run_seed(root, replication, scenario=label)

    def expand(self, group: _Group) -> Iterator[RunSpec]:
        """The replications of one group, as runs."""
        source_hash = self.source_hash.get(group.source or "", "")
        sample = -1 if group.sample is None else group.sample
        for rep in range(self.exp.replications):
            seed = self.seed(group.label, rep, group.sample)
            key = run_key(source_hash, group.params, seed, (group.label, sample, rep))
            snap = group.snapshot_first and rep == 0 and self.exp.snapshot
            yield RunSpec(key, group.label, sample, rep, seed, group.params, group.source, snap)

    def design(self, groups: Callable[[], Iterator[_Group]], n_groups: int, **kw: Any) -> Design:
        n_runs = n_groups * self.exp.replications
        hashes = dict(self.source_hash)
        return Design(self.context(), n_runs, groups, self.expand, source_hash=hashes, **kw)

    def context(self) -> RunContext:
        outputs = tuple(self.exp.outputs) if self.exp.outputs is not None else None
        if outputs is None and self.spec.is_govsim:
            from govsim.model.metric_specs import METRICS  # noqa: PLC0415

            outputs = tuple(METRICS)
        return RunContext(
            self.exp.model, self.exp.steps, outputs, self.exp.timeseries, dict(self.sources)
        )


# ---------------------------------------------------------------- scenario data (govsim)


def _scenario_data(name: str, folder: Path) -> dict[str, Any]:
    from govsim.config.scenario import load_scenario, scenario_to_dict  # noqa: PLC0415

    path = find_scenario(name, folder)
    if path is None:  # checked at load time; kept for callers that skip the checks
        raise ScenarioError([Problem(str(folder), "scenario", "an existing scenario", repr(name))])
    return scenario_to_dict(load_scenario(path))


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        elif prefix:  # top-level name/description are labels, not parameters
            out[f"{prefix}{key}"] = value
    return out


def _diff(data: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """Key-path overrides that turn ``base`` into ``data``."""
    flat, flat_base = _flatten(data), _flatten(base)
    return {k: v for k, v in flat.items() if flat_base.get(k) != v}


# ---------------------------------------------------------------- the designs


def _compare(b: _Builder) -> Design:
    exp, folder = b.exp, b.spec.path.parent
    base_label = b.spec.base_name
    base_src = None
    if b.spec.is_govsim:
        base_src = b.add_source(base_label, _scenario_data(exp.base or "baseline", folder))
    labels = [base_label]
    groups = [_Group(base_label, base_src, dict(exp.overrides), snapshot_first=True)]
    for i, entry in enumerate(exp.compare.scenarios):
        label = entry.name or Path(entry.scenario).stem
        if label in labels:
            raise ScenarioError(
                [
                    Problem(
                        str(b.spec.path),
                        f"compare.scenarios.{i}",
                        "a scenario label used once",
                        f"{label!r} again",
                    )
                ]
            )
        labels.append(label)
        src = base_src
        if entry.scenario is not None:
            src = b.add_source(label, _scenario_data(entry.scenario, folder))
        groups.append(_Group(label, src, {**exp.overrides, **entry.overrides}))
    return b.design(lambda: iter(groups), len(groups), scenarios=labels, by_replication=True)


def _factorial(b: _Builder) -> Design:
    exp, folder = b.exp, b.spec.path.parent
    base_data = _scenario_data(exp.base or "baseline", folder) if b.spec.is_govsim else None
    src = b.add_source(b.spec.base_name, base_data)
    factors = exp.factorial.factors
    level_params: dict[tuple[str, str], dict[str, Any]] = {}
    for fname, levels in factors.items():
        for lname, level in levels.items():
            params = dict(level.overrides)
            if level.scenario is not None:
                params = {**_diff(_scenario_data(level.scenario, folder), base_data), **params}
            level_params[fname, lname] = params
    labels, cells, groups = [], {}, []
    for combo in itertools.product(*(list(levels) for levels in factors.values())):
        assignment = dict(zip(factors, combo, strict=True))
        label = ",".join(f"{f}={lvl}" for f, lvl in assignment.items())
        params = dict(exp.overrides)
        for f, lvl in assignment.items():
            for k, v in level_params[f, lvl].items():
                if k in params and params[k] != v and k not in exp.overrides:
                    raise ScenarioError(
                        [
                            Problem(
                                str(b.spec.path),
                                f"factorial.factors.{f}.{lvl}",
                                "factors that set different keys",
                                f"{k!r} also set by another factor",
                            )
                        ]
                    )
                params[k] = v
        labels.append(label)
        cells[label] = assignment
        groups.append(_Group(label, src, params, snapshot_first=len(labels) == 1))
    return b.design(
        lambda: iter(groups), len(groups), scenarios=labels, cells=cells, by_replication=True
    )


def _sampled(b: _Builder, stored_x: np.ndarray | None) -> Design:
    exp, spec = b.exp, b.spec
    src = None
    if spec.is_govsim:
        src = b.add_source(spec.base_name, _scenario_data(exp.base or "baseline", spec.path.parent))
    prob = sampling.problem(spec.bounds)
    options = getattr(exp, exp.design).model_dump()
    x = stored_x
    if x is None:
        x = sampling.sample(exp.design, prob, options, design_seed(exp.root_seed))
    names = prob["names"]
    x = np.asarray(x)

    def groups() -> Iterator[_Group]:
        for i, row in enumerate(x):
            params = dict(exp.overrides)
            for name, value in zip(names, row, strict=True):
                params[name] = round(float(value)) if name in spec.integer_params else float(value)
            yield _Group(spec.base_name, src, params, sample=i, snapshot_first=i == 0)

    return b.design(groups, len(x), scenarios=[spec.base_name], x=x, problem=prob)


def _sample_matrix(
    b: _Builder, design: str, options: dict[str, Any], stored_x: np.ndarray | None
) -> tuple[dict[str, Any], np.ndarray]:
    prob = sampling.problem(b.spec.bounds)
    if stored_x is None:
        stored_x = sampling.sample(design, prob, options, design_seed(b.exp.root_seed))
    return prob, np.asarray(stored_x)


def _point(b: _Builder, names: list[str], row: np.ndarray) -> dict[str, Any]:
    ints = b.spec.integer_params
    return {n: round(float(v)) if n in ints else float(v) for n, v in zip(names, row, strict=True)}


def _robustness(b: _Builder, stored_x: np.ndarray | None) -> Design:
    """Every policy at every sampled point, on the same seeds (common random numbers).

    Runs go point by point, and within a point policy by policy, so the runs
    of one point (which share their non-policy settings and seeds) are neighbours.
    """
    exp, spec, options = b.exp, b.spec, b.exp.robustness
    folder = spec.path.parent
    base_data = _scenario_data(exp.base or "baseline", folder) if spec.is_govsim else None
    sources, labels = {}, [spec.base_policy, *(p for p in exp.policies if p != spec.base_policy)]
    for name in labels:
        policy = exp.policies[name]
        data = _scenario_data(policy.scenario, folder) if policy.scenario else base_data
        sources[name] = b.add_source(name, data)
    kw = {"samples": options.samples, "trajectories": options.samples, "n": options.samples}
    kw.update(levels=options.levels, second_order=False)
    prob, x = _sample_matrix(b, options.sampler, kw, stored_x)

    def groups() -> Iterator[_Group]:
        for i, row in enumerate(x):
            point = _point(b, prob["names"], row)
            for name in labels:
                params = {**exp.overrides, **point, **exp.policies[name].overrides}
                first = i == 0 and name == spec.base_policy
                yield _Group(name, sources[name], params, sample=i, snapshot_first=first)

    meta = {"plausible": spec.plausible} if spec.plausible else {}
    return b.design(groups, len(x) * len(labels), scenarios=labels, x=x, problem=prob, meta=meta)


def _patterns(b: _Builder) -> Design:
    """The scenarios of the pattern checks, each on the same seeds, run by the pattern model."""
    exp, options, folder = b.exp, b.exp.patterns, b.spec.path.parent
    base = _scenario_data("baseline", folder)
    diffs = {name: _diff(_scenario_data(name, folder), base) for name in BUNDLED_FOR_PATTERNS}
    budget = base["government"]["budget_per_resident"]
    budget = float(exp.overrides.get("government.budget_per_resident", budget))
    run_options = {
        "late_months": options.late_months,
        "census_month": options.stop_month,
        "follow_months": options.follow_months,
        "survival_step": options.survival_step,
        "high_share": options.high_share,
        "low_share": options.low_share,
    }
    scenarios = pattern_scenarios(options, budget, diffs)
    groups = [
        _Group(label, None, {**exp.overrides, **overrides, **run_options})
        for label, overrides in scenarios
    ]
    labels = [g.label for g in groups]
    design = b.design(lambda: iter(groups), len(groups), scenarios=labels, by_replication=True)
    design.context = RunContext(PATTERN_MODEL, exp.steps, None, False, {})
    return design


def design_size(spec: ExperimentSpec) -> int:
    """How many runs an experiment has, computed from the file alone (nothing is built).

    Args:
        spec: the loaded experiment.

    Returns:
        The number of runs: design points (scenarios, cells or samples) x replications.
    """
    exp = spec.file
    d = len(spec.bounds)
    points = {
        "compare": lambda: 1 + len(exp.compare.scenarios),
        "factorial": lambda: math.prod(len(levels) for levels in exp.factorial.factors.values()),
        "lhs": lambda: exp.lhs.samples,
        "sobol": lambda: exp.sobol.n * sampling.sobol_block_size(d, exp.sobol.second_order),
        "morris": lambda: exp.morris.trajectories * (d + 1),
        "fast": lambda: exp.fast.n * d,
        "robustness": lambda: _robustness_points(spec) * len(exp.policies),
        "patterns": lambda: len(PATTERN_SCENARIOS),
    }[exp.design]()
    return points * exp.replications


def _robustness_points(spec: ExperimentSpec) -> int:
    options, d = spec.file.robustness, len(spec.bounds)
    if options.sampler == "sobol":
        return options.samples * sampling.sobol_block_size(d, False)
    if options.sampler == "morris":
        return options.samples * (d + 1)
    return options.samples


def build_design(spec: ExperimentSpec, stored_x: np.ndarray | None = None) -> Design:
    """Build every run of an experiment.

    Args:
        spec: the loaded experiment.
        stored_x: a design matrix read back from the store (resume and
            re-analysis use it so a SALib upgrade cannot change a stored design).

    Returns:
        The design.
    """
    b = _Builder(spec)
    if spec.file.design == "compare":
        return _compare(b)
    if spec.file.design == "factorial":
        return _factorial(b)
    if spec.file.design in SAMPLED_DESIGNS:
        return _sampled(b, stored_x)
    if spec.file.design == "robustness":
        return _robustness(b, stored_x)
    if spec.file.design == "patterns":
        return _patterns(b)
    raise ValueError(spec.file.design)  # pragma: no cover - the schema lists the designs
