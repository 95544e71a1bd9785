"""Load, validate, override and write scenario files.

A scenario file is TOML. It may name ``extends = "other.toml"`` (relative to its
own folder, else a bundled scenario) to inherit every value and override some.
Resolution merges tables key by key, then validates the result against
:class:`govsim.config.schema.Scenario`. A file that sets no ``name`` is named after
itself. All problems are collected and raised together as a
:class:`ScenarioError`: those of the file and of every file it extends, each
with the file and line that hold it, the key path, what was expected and what
was found, and for an unknown key the closest valid one.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ValidationError

from govsim.config.schema import Policies, Scenario
from govsim.config.tomlfile import TomlFile, path_exists, read_toml
from govsim.errors import Problem, ScenarioError, describe_expected, describe_value
from govsim.policies import PolicySettings, registered, registry_version

__all__ = [
    "Parameter",
    "Problem",
    "ScenarioError",
    "apply_overrides",
    "bundled_scenarios",
    "load_scenario",
    "parameters",
    "resolve_path",
    "scenario_hash",
    "scenario_to_dict",
    "scenario_to_toml",
]

BUNDLED_DIR = Path(__file__).parent / "scenarios"

#: Longest chain of ``extends`` followed (a file, its parent, ...): deeper is an error.
MAX_EXTENDS = 32


@dataclass(frozen=True)
class Parameter:
    """A scenario parameter: key path, default, valid and plausible range, unit, source.

    ``kind`` is ``"int"``, ``"float"``, ``"bool"`` or ``"list"`` (input data such as
    need profiles, which designs do not sample).
    """

    path: str
    default: float | int | bool | list
    low: float | None
    high: float | None
    kind: str
    description: str
    unit: str = ""
    source: str = ""
    plausible: tuple[float, float] | None = None

    @property
    def sweepable(self) -> bool:
        """Whether a design can sample it (a number with a range)."""
        return self.kind in ("int", "float") and self.low is not None and self.high is not None


# ---------------------------------------------------------------- schema walk


def _bounds(field: Any) -> tuple[float | None, float | None]:
    low = high = None
    for m in field.metadata:
        low = getattr(m, "ge", low) if getattr(m, "ge", None) is not None else low
        high = getattr(m, "le", high) if getattr(m, "le", None) is not None else high
    return low, high


def _fields(model: type[BaseModel]) -> Iterable[tuple[str, type | None, Any]]:
    """(name, annotation, field) of a schema table; the policies table lists the registry."""
    if model is Policies:
        for name, cls in registered().items():
            yield name, PolicySettings, cls
        return
    for name, field in model.model_fields.items():
        yield name, field.annotation, field


def _leaf(path: str, ann: Any, field: Any) -> Parameter | None:
    if isinstance(field, type):  # a registered policy: its settings are PolicySettings fields
        return None
    kind = ann.__name__ if ann in (int, float, bool) else "list" if _is_list(ann) else None
    if kind is None:
        return None
    low, high = _bounds(field)
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    plausible = extra.get("plausible")
    return Parameter(
        path,
        field.get_default(call_default_factory=True),
        low,
        high,
        kind,
        field.description or "",
        str(extra.get("unit", "")),
        str(extra.get("source", "")),
        tuple(plausible) if plausible else None,
    )


def _is_list(ann: Any) -> bool:
    return getattr(ann, "__origin__", None) is list


def _walk(model: type[BaseModel], prefix: str = "") -> Iterable[Parameter]:
    for name, ann, field in _fields(model):
        path = f"{prefix}{name}"
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from _walk(ann, path + ".")
            continue
        leaf = _leaf(path, ann, field)
        if leaf is not None:
            yield leaf


@functools.cache
def _parameters(version: int) -> tuple[Parameter, ...]:
    # one walk per set of registered policies serves every call
    return tuple(_walk(Scenario))


def parameters() -> list[Parameter]:
    """All scenario parameters (numbers, switches and lists), in schema order."""
    return list(_parameters(registry_version()))


@functools.cache
def _known_paths_of(version: int) -> dict[str, type[BaseModel] | None]:
    paths: dict[str, type[BaseModel] | None] = {}

    def visit(model: type[BaseModel], prefix: str) -> None:
        for name, ann, _field in _fields(model):
            sub = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
            paths[prefix + name] = sub
            if sub is not None:
                visit(sub, prefix + name + ".")

    visit(Scenario, "")
    return paths


def _known_paths() -> dict[str, type[BaseModel] | None]:
    """Every valid key path, mapped to its sub-model (or None for a leaf)."""
    return _known_paths_of(registry_version())


# ---------------------------------------------------------------- reading files


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _key_paths(data: Mapping[str, Any], prefix: str = "") -> Iterable[str]:
    for key, value in data.items():
        yield prefix + key
        if isinstance(value, Mapping):
            yield from _key_paths(value, f"{prefix}{key}.")


@dataclass
class _Resolved:
    """Merged data of a file and its ``extends`` chain, and where each key came from."""

    data: dict[str, Any]
    origins: dict[str, tuple[str, TomlFile]]
    files: list[str]
    problems: list[Problem]
    own_keys: frozenset[str] = frozenset()


def _extends_target(path: Path, parent: str) -> Path | None:
    target = Path(parent) if Path(parent).is_absolute() else path.parent / parent
    if not path_exists(target) and path_exists(BUNDLED_DIR / parent):
        target = BUNDLED_DIR / parent
    return target if path_exists(target) else None


def _resolve_raw(path: Path, shown: str, chain: tuple[Path, ...] = ()) -> _Resolved:
    """Read a file and everything it extends, collecting problems instead of stopping.

    A broken ``extends`` (not a string, a missing file, a cycle, an unreadable
    parent) is reported and the file's own keys are still validated on top of
    the defaults, so one run lists the problems of every file in the chain.
    """
    try:
        toml = read_toml(path, shown)
    except ScenarioError as err:
        return _Resolved({}, {}, [shown], err.problems)
    data = dict(toml.data)
    parent = data.pop("extends", None)
    own = _Resolved(
        data, {p: (shown, toml) for p in _key_paths(data)}, [shown], [], frozenset(data)
    )
    if parent is None:
        return own
    line = toml.lines.get("extends")
    if not isinstance(parent, str):
        own.problems.append(
            Problem(shown, "extends", "a file name string", describe_value(parent), line=line)
        )
        return own
    target = _extends_target(path, parent)
    if target is None:
        own.problems.append(
            Problem(
                shown, "extends", "an existing scenario file", f"missing file {parent!r}", line=line
            )
        )
        return own
    real = path.resolve()
    if len(chain) + 1 >= MAX_EXTENDS:
        own.problems.append(
            Problem(
                shown,
                "extends",
                f"at most {MAX_EXTENDS} files in a chain of extends",
                "a longer chain",
                line=line,
            )
        )
        return own
    if target.resolve() in (*chain, real):
        cycle = " -> ".join(p.name for p in (*chain, real, target.resolve()))
        own.problems.append(Problem(shown, "extends", "no cycle of extends", cycle, line=line))
        return own
    base = _resolve_raw(target, str(target), (*chain, real))
    return _Resolved(
        _merge(base.data, data),
        {**base.origins, **own.origins},
        [*base.files, shown],
        base.problems,
        own.own_keys,
    )


# ---------------------------------------------------------------- validation


def _loc_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _closest_key(key: str) -> str:
    """A "did you mean" hint naming the closest valid key next to an unknown one."""
    parent, _, name = key.rpartition(".")
    siblings = [p for p in _known_paths() if p.rpartition(".")[0] == parent]
    names = [s.rpartition(".")[2] for s in siblings]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return f"did you mean {(parent + '.' if parent else '') + close[0]!r}?" if close else ""


def _origin(key: str, origins: Mapping[str, tuple[str, TomlFile]]) -> tuple[str, TomlFile] | None:
    parts = key.split(".")
    while parts:
        found = origins.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


def _problems_from(
    err: ValidationError,
    shown: str,
    origins: Mapping[str, tuple[str, TomlFile]] | None = None,
) -> list[Problem]:
    problems = []
    for item in err.errors():
        key = _loc_path(item["loc"])
        origin = _origin(key, origins or {})
        file, line = (origin[0], origin[1].line_of(key)) if origin else (shown, None)
        if item["type"] == "extra_forbidden":
            hint = _closest_key(key)
            problems.append(Problem(file, key, "a known key", "an unknown key", hint, line))
        else:
            problems.append(
                Problem(
                    file, key, describe_expected(item), describe_value(item["input"]), line=line
                )
            )
    return problems


def _unknown_policies(
    data: dict[str, Any], shown: str, origins: Mapping[str, tuple[str, TomlFile]]
) -> list[Problem]:
    """Problems for ``[policies.X]`` tables naming no registered policy; drops them from data.

    The schema would stop at the first unknown policy; checking here reports
    every one, each with its line and the closest registered name.
    """
    table = data.get("policies")
    if not isinstance(table, Mapping):
        return []
    names = registered()
    problems = []
    for key in [k for k in table if k not in names]:
        path = f"policies.{key}"
        origin = _origin(path, origins)
        file, line = (origin[0], origin[1].line_of(path)) if origin else (shown, None)
        problems.append(
            Problem(file, path, "a known key", "an unknown key", _closest_key(path), line)
        )
    if problems:
        data["policies"] = {k: v for k, v in table.items() if k in names}
    return problems


def _validate(
    data: dict[str, Any], shown: str, origins: Mapping[str, tuple[str, TomlFile]] | None = None
) -> tuple[Scenario | None, list[Problem]]:
    """Validate merged data; return the scenario (None if invalid) and every problem."""
    origins = origins or {}
    problems = _unknown_policies(data, shown, origins)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        return None, problems + _problems_from(err, shown, origins)
    return (None if problems else scenario), problems


def validate_data(data: Mapping[str, Any], shown: str = "<scenario>") -> Scenario:
    """Validate merged scenario data; raise :class:`ScenarioError` with all problems."""
    scenario, problems = _validate(dict(data), shown)
    if problems:
        raise ScenarioError(problems)
    return scenario


def resolve_path(name: str | Path) -> Path:
    """Find a scenario file: a path as given, else a bundled scenario by name."""
    path = Path(name)
    if path_exists(path):
        return path
    for candidate in (BUNDLED_DIR / path.name, BUNDLED_DIR / f"{path.name}.toml"):
        if path.parent == Path(".") and path_exists(candidate):
            return candidate
    return path


def _missing_source(path: Path) -> Problem:
    """The problem for a scenario that is neither a file nor a bundled name."""
    if path.parent == Path(".") and path.suffix in ("", ".toml"):
        close = difflib.get_close_matches(path.stem, bundled_scenarios(), n=1, cutoff=0.6)
        hint = f"did you mean the bundled scenario {close[0]!r}?" if close else ""
        return Problem(
            str(path), "", "an existing file or a bundled scenario name", "no such file", hint
        )
    return Problem(str(path), "", "an existing file", "no such file")


def _sorted_by_file(problems: list[Problem], files: list[str]) -> list[Problem]:
    order = {name: i for i, name in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line or 0))


def load_scenario(source: str | Path | Mapping[str, Any] | Scenario | None = None) -> Scenario:
    """Load and validate a scenario.

    Args:
        source: a path to a TOML file, the name of a bundled scenario
            (``"baseline"``), a mapping of scenario data, an existing
            :class:`Scenario`, or ``None`` for the bundled baseline.

    Returns:
        The validated, immutable scenario.

    Raises:
        ScenarioError: listing every problem (file, key path, expected, found).
    """
    if isinstance(source, Scenario):
        return source
    if source is None:
        source = BUNDLED_DIR / "baseline.toml"
    if isinstance(source, Mapping):
        return validate_data(source)
    path = resolve_path(source)
    if not path_exists(path):
        raise ScenarioError([_missing_source(path)])
    resolved = _resolve_raw(path, str(path))
    data = resolved.data
    if "name" not in resolved.own_keys:
        # a file that does not name itself is named after the file, not its parent
        data["name"] = path.stem
    scenario, found = _validate(data, str(path), resolved.origins)
    problems = list(resolved.problems) + _sorted_by_file(found, resolved.files)
    if problems:
        raise ScenarioError(problems)
    return scenario


# ---------------------------------------------------------------- overrides and output


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ScenarioError([Problem("<overrides>", path, "a table path", "a value")])
    node[parts[-1]] = value


def _native(value: Any) -> Any:
    """Convert numpy scalars to Python values so strict validation sees real types."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def apply_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """Return a new scenario with values replaced by key path.

    Args:
        scenario: the scenario to start from.
        overrides: ``{"policies.training.intensity": 0.6, "world.n_residents": 500}``.
            Integer parameters accept whole floats (as sampled designs produce);
            a key path that does not exist is an error.

    Returns:
        The validated new scenario.
    """
    known = _known_paths()
    data = scenario_to_dict(scenario)
    problems = []
    for path, value in overrides.items():
        value = _native(value)
        if path not in known:
            close = difflib.get_close_matches(path, list(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else ""
            problems.append(Problem("<overrides>", path, "a known key", "an unknown key", hint))
            continue
        if _leaf_kind(path) == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        _set_path(data, path, value)
    if problems:
        raise ScenarioError(problems)
    return validate_data(data, "<overrides>")


def _leaf_kind(path: str) -> str | None:
    for p in parameters():
        if p.path == path:
            return p.kind
    return None


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The fully resolved scenario as plain nested dicts."""
    return scenario.model_dump(mode="python")


def scenario_to_toml(scenario: Scenario) -> str:
    """The fully resolved scenario as TOML text that loads back to the same scenario."""
    return tomli_w.dumps(scenario_to_dict(scenario))


def scenario_hash(scenario: Scenario) -> str:
    """A stable SHA-256 of the resolved scenario (independent of file layout)."""
    text = json.dumps(scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def bundled_scenarios() -> list[str]:
    """Names of the scenarios shipped with govsim."""
    return sorted(p.stem for p in BUNDLED_DIR.glob("*.toml"))
