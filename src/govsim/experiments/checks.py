"""Checks of an experiment file that need more than its schema.

These resolve scenario files, key paths, parameter bounds and the model
reference, and report every problem at once in the scenario-file style.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from govsim.config.scenario import (
    apply_overrides,
    load_scenario,
    parameters,
    resolve_path,
)
from govsim.config.tomlfile import TomlFile, path_exists, read_toml
from govsim.errors import Problem, ScenarioError
from govsim.experiments.criteria import PatternsOptions
from govsim.experiments.spec import (
    DESIGNS,
    LABEL_PATTERN,
    SAMPLED_DESIGNS,
    ExperimentFile,
    ExperimentSpec,
)

__all__ = ["check_experiment", "find_scenario", "read_pattern_criteria"]

#: Outputs the P1 filter of a robustness design reads from the base policy.
P1_OUTPUTS = ("participation_rate", "org_independence", "staff_turnover")


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
    for name, policy in exp.policies.items():
        key = f"policies.{name}"
        scen = c.scenario(f"{key}.scenario", policy.scenario) if policy.scenario else merged_base
        if policy.scenario and scen is not None:
            c.overrides("overrides", scen, exp.overrides)
            try:
                scen = apply_overrides(scen, exp.overrides)
            except ScenarioError:
                scen = None
        c.overrides(f"{key}.overrides", scen, policy.overrides)
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
    for name, policy in exp.policies.items():
        if policy.scenario is not None:
            c.add(f"policies.{name}", "a table of overrides", "a scenario name")
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
    table = "uncertainties" if exp.design == "robustness" else "parameters"
    for other in ("parameters", "uncertainties"):
        if other != table and getattr(exp, other):
            c.add(other, f"no [{other}] for a {exp.design} design", "a table")
    if exp.design not in (*SAMPLED_DESIGNS, "robustness"):
        if exp.parameters:
            c.add("parameters", f"no [parameters] for a {exp.design} design", "a table")
        return bounds, integers
    ranges = getattr(exp, table)
    if not ranges:
        c.add(table, "at least one parameter to sample", "none")
    schema = {p.path: p for p in parameters()} if govsim else {}
    for name, rng in ranges.items():
        key = f"{table}.{name}"
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


def read_pattern_criteria(path: Path) -> PatternsOptions:
    """The ``[patterns]`` table of a pattern file (``experiments/patterns.toml``).

    Raises:
        ScenarioError: for a file that cannot be read or has no valid ``[patterns]`` table.
    """
    from pydantic import ValidationError  # noqa: PLC0415 (only robustness files need it)

    toml = read_toml(path)
    table = toml.data.get("patterns")
    if not isinstance(table, dict):
        raise ScenarioError([Problem(str(path), "patterns", "a [patterns] table", "none")])
    try:
        return PatternsOptions.model_validate(table)
    except ValidationError as err:
        problems = [
            Problem(str(path), "patterns." + ".".join(map(str, e["loc"])), e["msg"], "")
            for e in err.errors()
        ]
        raise ScenarioError(problems) from None


def _outputs(c: _Checker, govsim: bool) -> list[str] | None:
    """The outputs a run keeps: the listed ones, every metric for govsim, None if unknown."""
    if c.exp.outputs is not None:
        return list(c.exp.outputs)
    if govsim:
        from govsim.model.metric_specs import METRICS  # noqa: PLC0415

        return list(METRICS)
    return None


def _check_claims(c: _Checker, names: list[str], base: str, goals: dict[str, str]) -> None:
    seen: set[str] = set(names)
    for i, claim in enumerate(c.exp.robustness.claims):
        key = f"robustness.claims.{i}"
        if claim.name in seen:
            c.add(f"{key}.name", "a name no policy or other claim has", repr(claim.name))
        seen.add(claim.name)
        for j, name in enumerate([claim.policy, *claim.against]):
            where = f"{key}.policy" if j == 0 else f"{key}.against.{j - 1}"
            if name not in names or name == base:
                c.add(where, "a policy of [policies] other than the base", repr(name))
        if claim.policy in claim.against:
            c.add(f"{key}.against", "policies other than the claim's own", repr(claim.policy))
    if c.exp.robustness.claims and not goals:
        c.add("robustness.goals", "a goal (max or min) for the outputs claims judge", "none")


def _check_plausible(c: _Checker, outputs: list[str] | None) -> dict[str, Any]:
    """The P1 criteria of ``[robustness] plausible``, as plain data ({} after a problem)."""
    name = c.exp.robustness.plausible
    if name is None:
        return {}
    path = c.path.parent / name
    if not path_exists(path):
        c.add("robustness.plausible", "a pattern file (relative to this file)", repr(name))
        return {}
    try:
        criteria = read_pattern_criteria(path)
    except ScenarioError as err:
        c.problems.extend(err.problems)
        return {}
    missing = [o for o in P1_OUTPUTS if outputs is not None and o not in outputs]
    if missing:
        c.add("outputs", f"the outputs the P1 filter reads ({', '.join(P1_OUTPUTS)})", "fewer")
    return {"file": str(path), "P1": criteria.P1.model_dump()}


def _check_robustness(c: _Checker, govsim: bool) -> dict[str, Any]:
    """Policies, base, goals, claims and filter of a robustness design; returns the filter."""
    exp, options = c.exp, c.exp.robustness
    if options is None:
        return {}
    names = list(exp.policies)
    if len(names) < 2:
        c.add("policies", "at least two policies (one of them the base)", f"{len(names)}")
    for name in names:
        if re.fullmatch(LABEL_PATTERN, name) is None:
            c.add(f"policies.{name}", "a name of letters, digits, '_' and '-'", repr(name))
    base = options.base_policy or (names[0] if names else "")
    if options.base_policy is not None and options.base_policy not in names:
        c.add("robustness.base_policy", "one of the policies", repr(options.base_policy))
    outputs = _outputs(c, govsim)
    for output in options.goals:
        if outputs is not None and output not in outputs:
            c.add(f"robustness.goals.{output}", "an output of this experiment", repr(output))
    _check_claims(c, names, base, dict(options.goals))
    if options.sampler == "sobol" and options.samples & (options.samples - 1):
        c.add("robustness.samples", "a power of 2 for the Sobol sampler", str(options.samples))
    if exp.timeseries:
        c.add("timeseries", "false (a robustness design keeps final outputs)", "true")
    if exp.base is not None and not govsim:
        c.add("base", "no base scenario (it applies to the govsim model only)", repr(exp.base))
    return _check_plausible(c, outputs)


def _check_patterns(c: _Checker, govsim: bool) -> None:
    """A pattern design runs govsim's baseline with overrides; its windows must fit the run."""
    exp, options = c.exp, c.exp.patterns
    if not govsim:
        c.add("model", '"govsim" (the pattern checks run govsim\'s model)', repr(exp.model))
    if exp.base not in (None, "baseline"):
        c.add("base", '"baseline" (the patterns are judged against the status quo)', repr(exp.base))
    if exp.outputs is not None:
        c.add("outputs", "no outputs (a pattern run returns what the checks need)", "a list")
    if options is None or not govsim:
        return
    steps = exp.steps or exp.overrides.get("world.steps") or _baseline_steps()
    if not isinstance(steps, int):
        return  # a wrong type is reported by the override check
    ends = {
        "patterns.late_months": options.late_months,
        "patterns.follow_months": options.stop_month + options.follow_months,
    }
    for key, month in ends.items():
        if month > steps:
            c.add(key, f"windows inside the run's {steps} months", f"month {month}")


def _baseline_steps() -> int:
    return load_scenario("baseline").world.steps


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
    plausible = _check_robustness(c, govsim) if exp.design == "robustness" else {}
    if exp.design == "patterns":
        _check_patterns(c, govsim)
    _check_outputs_once(c)
    if exp.factorial is not None:
        for fname, levels in exp.factorial.factors.items():
            if len(levels) < 2:
                c.add(f"factorial.factors.{fname}", "at least two levels", f"{len(levels)}")
    if c.problems:
        raise ScenarioError(c.problems)
    return ExperimentSpec(exp, path, text, bounds, frozenset(integers), plausible)
