"""Load an experiment file: read it, validate it against the schema, run the checks.

Every problem of a file is collected and raised together as a
:class:`~govsim.errors.ScenarioError`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from govsim.config.tomlfile import TomlFile, read_toml
from govsim.errors import ScenarioError
from govsim.experiments.checks import check_experiment
from govsim.experiments.spec import ExperimentFile, ExperimentSpec, problems_from

__all__ = ["load_experiment"]


def _read(path: Path) -> tuple[str, TomlFile]:
    toml = read_toml(path)  # every way of failing to read is a Problem with file and line
    return toml.text, toml


def load_experiment(path: str | Path) -> ExperimentSpec:
    """Read, validate and resolve an experiment file.

    Args:
        path: the TOML experiment file.

    Returns:
        The loaded experiment, with sampled parameter bounds resolved.

    Raises:
        ScenarioError: listing every problem found (file, key path, expected, found).
    """
    path = Path(path)
    text, toml = _read(path)
    try:
        exp = ExperimentFile.model_validate(toml.data)
    except ValidationError as err:
        raise ScenarioError(problems_from(err, str(path), toml)) from None
    return check_experiment(exp, path, text, toml)
