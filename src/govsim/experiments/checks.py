"""Checks of an experiment file that need more than its schema.

These resolve scenario files, key paths, parameter bounds and the model
reference, and report every problem at once in the scenario-file style.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govsim.config.scenario import (
    apply_overrides,
    load_scenario,
    parameters,
    resolve_path,
)
from govsim.config.tomlfile import TomlFile, path_exists
from govsim.errors import Problem, ScenarioError
from govsim.experiments.spec import (
    DESIGNS,
    SAMPLED_DESIGNS,
    ExperimentFile,
    ExperimentSpec,
)

__all__ = ["check_experiment", "find_scenario"]


def find_scenario(name: str, folder: Path) -> Path | None:
    """Locate a scenario named in an experiment file.

    Args:
        name: a path (relative to the experiment file's folder) or a bundled name.
        folder: the experiment file's folder.

    Returns:
        The file, or None when nothing matches.
    """
    for candidate in (folder / name, folder / f"{name}.toml"):
        if path_exists(candidate) and not candidate.is_dir():
            return candidate  # reading it says what is wrong if it is not a regular file
    path = resolve_path(name)
    return path if path_exists(path) and not path.is_dir() else None


class _Checker:
    """Collects problems while resolving one experiment file."""

    def __init__(self, exp: ExperimentFile, path: Path, toml: TomlFile | None):
        self.exp = exp
        self.path = path
        self.shown = str(path)
        self.toml = toml
        self.problems: list[Problem] = []

    def add(self, key: str, expected: str, found: str, hint: str = "") -> None:
        line = self.toml.line_of(key) if self.toml is not None else None
        self.problems.append(Problem(self.shown, key, expected, found, hint, line))

    # -- scenarios and overrides (govsim model)

    def scenario(self, key: str, name: str) -> Any:
        found = find_scenario(name, self.path.parent)
        if found is None:
            self.add(key, "an existing scenario file or bundled scenario name", f"{name!r}")
            return None
        try:
            return load_scenario(found)
        except ScenarioError as err:
            self.problems.extend(err.problems)
            return None

    def overrides(self, key: str, scenario: Any, overrides: Mapping[str, Any]) -> None:
        if scenario is None or not overrides:
            return
        try:
            apply_overrides(scenario, overrides)
        except ScenarioError as err:
            for p in err.problems:
                self.add(f"{key}.{p.key}", p.expected, p.found, p.hint)

    # -- the design table

    def design_table(self) -> None:
        exp = self.exp
        if getattr(exp, exp.design) is None:
            self.add(exp.design, f"a [{exp.design}] table with the design's options", "none")
        for other in DESIGNS:
            if other != exp.design and getattr(exp, other) is not None:
                self.add(other, f"no [{other}] table (design is {exp.design!r})", "a table")


def _check_govsim(c: _Checker) -> None:
    exp = c.exp
    base = c.scenario("base", exp.base or "baseline")
    merged_base = base
    if base is not None:
        c.overrides("overrides", base, exp.overrides)
        try:
            merged_base = apply_overrides(base, exp.overrides)
        except ScenarioError:
            merged_base = None
    if exp.compare is not None:
        for i, entry in enumerate(exp.compare.scenarios):
            key = f"compare.scenarios.{i}"
            scen = c.scenario(f"{key}.scenario", entry.scenario) if entry.scenario else merged_base
            if entry.scenario and scen is not None:
                c.overrides("overrides", scen, exp.overrides)
                try:
                    scen = apply_overrides(scen, exp.overrides)
                except ScenarioError:
                    scen = None
            c.overrides(f"{key}.overrides", scen, entry.overrides)
    if exp.factorial is not None:
        for fname, levels in exp.factorial.factors.items():
            for lname, level in levels.items():
                key = f"factorial.factors.{fname}.{lname}"
                if level.scenario is not None:
                    c.scenario(key, level.scenario)
                c.overrides(key, merged_base, level.overrides)
    if exp.outputs is not None:
        from govsim.model.metric_specs import METRICS  # noqa: PLC0415

        for i, name in enumerate(exp.outputs):
            if name not in METRICS:
                close = difflib.get_close_matches(name, list(METRICS), n=1, cutoff=0.5)
                hint = f"did you mean {close[0]!r}?" if close else ""
                c.add(
                    f"outputs.{i}",
                    "a metric name (see govsim.model.metric_specs)",
                    repr(name),
                    hint,
                )


def _check_other_model(c: _Checker) -> None:
    from govsim.experiments.modelref import ModelRefError, resolve_callable  # noqa: PLC0415

    exp = c.exp
    try:
        target = resolve_callable(exp.model)
    except ModelRefError as err:
        c.add("model", '"package.module:callable" that can be imported', str(err))
        return
    if exp.base is not None:
        c.add("base", "no base scenario (it applies to the govsim model only)", repr(exp.base))
    if exp.snapshot:
        c.add("snapshot", "false (network snapshots need the govsim model)", "true")
    from govsim.experiments.modelref import is_mesa_model  # noqa: PLC0415

    if is_mesa_model(target) and exp.steps is None:
        c.add("steps", "the number of steps to run the Mesa model", "none")
    if exp.compare is not None:
        for i, entry in enumerate(exp.compare.scenarios):
            if entry.scenario is not None:
                key = f"compare.scenarios.{i}"
                c.add(key, "a table with name and overrides", "a scenario file")
            elif entry.name is None:
                c.add(f"compare.scenarios.{i}.name", "a name for the scenario", "none")
    if exp.factorial is not None:
        for fname, levels in exp.factorial.factors.items():
            for lname, level in levels.items():
                if level.scenario is not None:
                    key = f"factorial.factors.{fname}.{lname}"
                    c.add(key, "a table of parameter values", "a scenario name")


def _default_bounds(spec: Any) -> tuple[float | None, float | None]:
    """A parameter's plausible range (the schema's default sweep), else its valid range."""
    if spec is None:
        return None, None
    if spec.plausible is not None:
        return spec.plausible
    return spec.low, spec.high


def _resolve_bounds(c: _Checker, govsim: bool) -> tuple[dict[str, tuple[float, float]], set[str]]:
    exp = c.exp
    bounds: dict[str, tuple[float, float]] = {}
    integers: set[str] = set()
    if exp.design not in SAMPLED_DESIGNS:
        if exp.parameters:
            c.add("parameters", f"no [parameters] for a {exp.design} design", "a table")
        return bounds, integers
    if not exp.parameters:
        c.add("parameters", "at least one parameter to sample", "none")
    schema = {p.path: p for p in parameters()} if govsim else {}
    for name, rng in exp.parameters.items():
        key = f"parameters.{name}"
        spec = schema.get(name)
        if govsim and spec is None:
            close = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else ""
            c.add(key, "a numeric scenario key path", "an unknown key", hint)
            continue
        if spec is not None and not spec.sweepable:
            what = "a true/false switch" if spec.kind == "bool" else f"a {spec.kind}"
            c.add(key, "a numeric parameter", what)
            continue
        default_low, default_high = _default_bounds(spec)
        low = rng.low if rng.low is not None else default_low
        high = rng.high if rng.high is not None else default_high
        if low is None or high is None:
            c.add(key, "low and high bounds", "a missing bound")
            continue
        if not low < high:
            c.add(key, "low < high", f"low {low!r}, high {high!r}")
            continue
        too_low = spec is not None and spec.low is not None and low < spec.low
        too_high = spec is not None and spec.high is not None and high > spec.high
        if too_low or too_high:
            schema_range = f"[{spec.low}, {spec.high}]"
            c.add(key, f"bounds inside the schema range {schema_range}", f"[{low}, {high}]")
            continue
        if spec is not None and spec.kind == "int":
            integers.add(name)
        bounds[name] = (float(low), float(high))
    return bounds, integers


def _check_outputs_once(c: _Checker) -> None:
    seen: set[str] = set()
    for i, name in enumerate(c.exp.outputs or []):
        if name in seen:
            c.add(f"outputs.{i}", "each output once", f"{name!r} again")
        seen.add(name)


def check_experiment(
    exp: ExperimentFile, path: Path, text: str, toml: TomlFile | None = None
) -> ExperimentSpec:
    """Run the cross-field checks and resolve the parameter bounds.

    Args:
        exp: the schema-validated file content.
        path: the file it came from (for messages and relative scenario names).
        text: the file's text.
        toml: the parsed file with key lines, to name lines in messages.

    Returns:
        The resolved experiment.

    Raises:
        ScenarioError: with every problem found.
    """
    c = _Checker(exp, path, toml)
    c.design_table()
    govsim = exp.model == "govsim"
    if govsim:
        _check_govsim(c)
    else:
        _check_other_model(c)
    bounds, integers = _resolve_bounds(c, govsim)
    if exp.sobol is not None and exp.sobol.n & (exp.sobol.n - 1):
        # Sobol' points balance only in powers of 2; the convergence table halves n.
        c.add("sobol.n", "a power of 2 (64, 128, 256, ...)", str(exp.sobol.n))
    if exp.fast is not None and exp.fast.n <= 4 * exp.fast.m**2:
        c.add("fast.n", f"more than 4 m^2 = {4 * exp.fast.m**2} samples", str(exp.fast.n))
    _check_outputs_once(c)
    if exp.factorial is not None:
        for fname, levels in exp.factorial.factors.items():
            if len(levels) < 2:
                c.add(f"factorial.factors.{fname}", "at least two levels", f"{len(levels)}")
    if c.problems:
        raise ScenarioError(c.problems)
    return ExperimentSpec(exp, path, text, bounds, frozenset(integers))
