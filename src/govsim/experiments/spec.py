"""The experiment-file schema, and how its validation errors are worded.

An experiment file is TOML. It names the model, the base scenario, the design
(``compare``, ``factorial``, ``lhs``, ``sobol``, ``morris``, ``fast``,
``robustness`` or ``patterns``) with its options in a table of the same name,
the outputs to keep and a root seed.
Validation problems are worded like those of scenario files: file, key path,
expected, found, and for an unknown key the closest valid one. Loading a file
(:mod:`govsim.experiments.loader`) adds the checks that need more than the schema.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govsim.config.tomlfile import TomlFile
from govsim.errors import Problem, describe_expected, describe_value
from govsim.experiments.criteria import PatternsOptions

__all__ = [
    "DESIGNS",
    "GOVSIM_MODEL",
    "SAMPLED_DESIGNS",
    "Claim",
    "CompareOptions",
    "ExperimentFile",
    "ExperimentSpec",
    "FactorialOptions",
    "Level",
    "ParameterRange",
    "RobustnessOptions",
    "ScenarioEntry",
    "problems_from",
]

#: The name that selects govsim's own model.
GOVSIM_MODEL = "govsim"
#: Every design an experiment can use.
DESIGNS = ("compare", "factorial", "lhs", "sobol", "morris", "fast", "robustness", "patterns")
#: Designs that sample parameter ranges.
SAMPLED_DESIGNS = ("lhs", "sobol", "morris", "fast")
#: Samplers of a robustness design.
ROBUSTNESS_SAMPLERS = ("lhs", "sobol", "morris")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


#: An experiment name: it names the output folder, so it must not be a path.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
#: A policy or claim name of a robustness design: no ':', which separates names in
#: ``govsim discover --output effect:POLICY:OUTPUT``.
LABEL_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"


class ScenarioEntry(_Strict):
    """One scenario of a comparison: a scenario file, overrides, or both."""

    name: str | None = Field(
        None, min_length=1, max_length=200, description="Label in tables (default: the file's name)"
    )
    scenario: str | None = Field(None, min_length=1, description="Scenario file or bundled name")
    overrides: dict[str, Any] = Field(default_factory=dict, description="Key-path overrides")


class Level(_Strict):
    """One level of a factorial factor: a scenario file or key-path overrides."""

    scenario: str | None = None
    overrides: dict[str, Any] = Field(default_factory=dict)


class CompareOptions(_Strict):
    """Scenarios compared with the base on common random numbers."""

    scenarios: list[ScenarioEntry] = Field(min_length=1)

    @field_validator("scenarios", mode="before")
    @classmethod
    def _names_to_entries(cls, value: Any) -> Any:
        # A bare string is the common case: a scenario file or bundled name.
        if isinstance(value, list):
            return [{"scenario": v} if isinstance(v, str) else v for v in value]
        return value


class FactorialOptions(_Strict):
    """Full factorial over named factors, each with named levels."""

    factors: dict[str, dict[str, Level]] = Field(min_length=1)

    @field_validator("factors", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        # A level is either a scenario name (string) or a table of key-path overrides.
        if not isinstance(value, dict):
            return value
        out = {}
        for name, levels in value.items():
            if isinstance(levels, dict):
                levels = {
                    k: {"scenario": v}
                    if isinstance(v, str)
                    else {"overrides": v}
                    if isinstance(v, dict)
                    else v
                    for k, v in levels.items()
                }
            out[name] = levels
        return out


class LhsOptions(_Strict):
    """Latin hypercube sample."""

    samples: int = Field(ge=2, le=10_000_000, description="Sample points")


class SobolOptions(_Strict):
    """Saltelli/Sobol' sample for first, total (and second) order indices."""

    n: int = Field(ge=2, le=10_000_000, description="Base sample size (a power of 2)")
    second_order: bool = Field(False, description="Also sample for second-order indices")


class MorrisOptions(_Strict):
    """Morris elementary-effects screening."""

    trajectories: int = Field(10, ge=2, le=100_000)
    levels: int = Field(4, ge=2, le=100)


class FastOptions(_Strict):
    """Extended FAST sample."""

    n: int = Field(ge=65, le=10_000_000, description="Samples per parameter (> 4 M^2)")
    m: int = Field(4, ge=1, le=50, description="Interference factor")


class Claim(_Strict):
    """A derived claim of a robustness design, judged at every sampled point.

    ``rule = "best"``: the policy's effect minus the largest effect among
    ``against`` (the policy beats the best of them); ``"sum"``: minus their sum
    (super-additivity). Effects are signed by the output's goal, so a positive
    value always means the claim holds at that point.
    """

    name: str = Field(min_length=1, max_length=100, pattern=LABEL_PATTERN)
    policy: str = Field(min_length=1)
    against: list[str] = Field(min_length=1)
    rule: Literal["best", "sum"] = "best"


class RobustnessOptions(_Strict):
    """Policies compared on common random numbers at every point of a sampled space."""

    sampler: Literal["lhs", "sobol", "morris"] = "lhs"
    samples: int = Field(
        ge=2, le=10_000_000, description="LHS points, Sobol base sample n, or Morris trajectories"
    )
    levels: int = Field(4, ge=2, le=100, description="Morris grid levels")
    base_policy: str | None = Field(None, description="The policy effects are taken against")
    goals: dict[str, Literal["max", "min"]] = Field(default_factory=dict)
    claims: list[Claim] = Field(default_factory=list)
    plausible: str | None = Field(
        None, min_length=1, description="Pattern file whose P1 targets mark plausible points"
    )


class ParameterRange(_Strict):
    """Bounds of a sampled parameter (default: the schema range for govsim)."""

    low: float | None = None
    high: float | None = None


class ExperimentFile(_Strict):
    """The raw, validated content of an experiment file."""

    name: str = Field(min_length=1, max_length=100, pattern=NAME_PATTERN)
    description: str = ""
    design: Literal[
        "compare", "factorial", "lhs", "sobol", "morris", "fast", "robustness", "patterns"
    ]
    model: str = GOVSIM_MODEL
    base: str | None = None
    root_seed: int = Field(0, ge=0, le=2**63 - 1)
    replications: int = Field(1, ge=1, le=100_000)
    common_random_numbers: bool | None = None
    steps: int | None = Field(None, ge=1, le=100_000)
    outputs: list[str] | None = Field(None, min_length=1)
    timeseries: bool = False
    snapshot: bool = False
    overrides: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, ParameterRange] = Field(default_factory=dict)
    uncertainties: dict[str, ParameterRange] = Field(default_factory=dict)
    policies: dict[str, Level] = Field(default_factory=dict)
    compare: CompareOptions | None = None
    factorial: FactorialOptions | None = None
    lhs: LhsOptions | None = None
    sobol: SobolOptions | None = None
    morris: MorrisOptions | None = None
    fast: FastOptions | None = None
    robustness: RobustnessOptions | None = None
    patterns: PatternsOptions | None = None

    @field_validator("policies", mode="before")
    @classmethod
    def _policy_entries(cls, value: Any) -> Any:
        # A policy is a scenario name (string) or a table of scenario and overrides.
        if isinstance(value, dict):
            return {k: {"scenario": v} if isinstance(v, str) else v for k, v in value.items()}
        return value


@dataclass(frozen=True)
class ExperimentSpec:
    """A loaded experiment: the validated file plus what was resolved from it.

    Attributes:
        file: the validated file content.
        path: where it was read from.
        text: the file's text, stored with the results.
        bounds: sampled parameter -> (low, high), resolved from the file or schema.
        integer_params: sampled parameters that are integers (rounded after sampling).
        plausible: the criteria of P1 read from a robustness design's pattern
            file (``[robustness] plausible``), as plain data; empty otherwise.
    """

    file: ExperimentFile
    path: Path
    text: str
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    integer_params: frozenset[str] = frozenset()
    plausible: dict[str, Any] = field(default_factory=dict)

    @property
    def is_govsim(self) -> bool:
        """True when the experiment runs govsim's own model."""
        return self.file.model == GOVSIM_MODEL

    @property
    def base_name(self) -> str:
        """Label of the base scenario in tables."""
        if self.file.design == "robustness":
            return self.base_policy
        if self.file.base is None:
            return "baseline" if self.is_govsim else "base"
        return Path(self.file.base).stem

    @property
    def base_policy(self) -> str:
        """A robustness design's base policy: the one named, else the first listed."""
        options = self.file.robustness
        if options is not None and options.base_policy is not None:
            return options.base_policy
        return next(iter(self.file.policies), "base")


# ---------------------------------------------------------------- error formatting


#: Wordings for error types particular to experiment files.
_EXPECTED = {
    "string_pattern_mismatch": "a name of letters, digits, '.', '_' and '-' (not a path)",
    "string_too_long": "a shorter text",
    "string_too_short": "a non-empty text",
}


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that holds the last key of ``loc``, if any."""
    model: Any = ExperimentFile
    for part in loc[:-1]:
        fields = getattr(model, "model_fields", None)
        if fields is None or part not in fields:
            return None
        ann = fields[part].annotation
        args = getattr(ann, "__args__", ())
        models = [a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)]
        model = models[0] if models else None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _expected(item: Any, key: str) -> str:
    """What a value was expected to be; the choices of a closed list by name."""
    if item["type"] == "literal_error":
        if key == "design":
            return "one of " + ", ".join(DESIGNS)
        return f"one of {item.get('ctx', {}).get('expected', 'the listed values')}"
    return describe_expected(item, _EXPECTED)


def problems_from(err: ValidationError, shown: str, toml: TomlFile) -> list[Problem]:
    """Every validation error of an experiment file as a :class:`Problem` with its line."""
    problems = []
    for item in err.errors():
        loc = tuple(p for p in item["loc"] if p not in ("function-before",))
        key = ".".join(str(p) for p in loc)
        if item["type"] == "extra_forbidden":
            owner = _model_at(loc)
            names = list(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.5)
            parent = ".".join(str(p) for p in loc[:-1])
            hint = f"did you mean {(parent + '.' if parent else '') + close[0]!r}?" if close else ""
            problems.append(
                Problem(shown, key, "a known key", "an unknown key", hint, toml.line_of(key))
            )
        else:
            found = "nothing" if item["type"] == "missing" else describe_value(item.get("input"))
            problems.append(
                Problem(shown, key, _expected(item, key), found, line=toml.line_of(key))
            )
    return problems
