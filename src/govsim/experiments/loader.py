"""Load an experiment file: read it, validate it against the schema, run the checks.

Every problem of a file is collected and raised together as a
:class:`~govsim.errors.ScenarioError`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from govsim.config.tomlfile import TomlFile, key_lines, read_toml
from govsim.errors import ScenarioError
from govsim.experiments.checks import check_experiment
from govsim.experiments.spec import ExperimentFile, ExperimentSpec, problems_from

__all__ = ["Edit", "load_experiment"]

#: A change of an experiment file's parsed content, made before it is checked.
Edit = Callable[[dict[str, Any]], dict[str, Any]]


def _read(path: Path, edit: Edit | None) -> tuple[str, TomlFile]:
    toml = read_toml(path)  # every way of failing to read is a Problem with file and line
    if edit is None:
        return toml.text, toml
    data = edit(copy.deepcopy(toml.data))
    text = tomli_w.dumps(data)  # what is stored with the results: the edited content
    return text, TomlFile(data, key_lines(text), text)


def load_experiment(path: str | Path, *, edit: Edit | None = None) -> ExperimentSpec:
    """Read, validate and resolve an experiment file.

    Args:
        path: the TOML experiment file.
        edit: a change of its parsed content before the checks; the experiment's
            text is then the edited content written as TOML.

    Returns:
        The loaded experiment, with sampled parameter bounds resolved.

    Raises:
        ScenarioError: listing every problem found (file, key path, expected, found).
    """
    path = Path(path)
    text, toml = _read(path, edit)
    try:
        exp = ExperimentFile.model_validate(toml.data)
    except ValidationError as err:
        problems = problems_from(err, str(path), toml)
        raise ScenarioError(problems + _other_problems(err, path, text, toml)) from None
    return check_experiment(exp, path, text, toml)


def _other_problems(err: ValidationError, path: Path, text: str, toml: TomlFile) -> list:
    """What the checks find in the keys that passed the schema, so all problems come at once.

    The keys with schema errors are left out and the rest is checked as if they
    had their defaults; problems of the left-out keys are not repeated.
    """
    bad = {str(item["loc"][0]) for item in err.errors() if item["loc"]}
    partial = {k: v for k, v in toml.data.items() if k not in bad}
    if "name" in bad:
        partial["name"] = "unnamed"  # only labels the output folder; the rest is checkable
    try:
        exp = ExperimentFile.model_validate(partial)
    except ValidationError:
        return []  # a required key (name, design) is wrong: nothing sound to check against
    try:
        check_experiment(exp, path, text, toml)
    except ScenarioError as more:
        return [p for p in more.problems if p.key.split(".")[0] not in bad]
    return []
