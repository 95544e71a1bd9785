"""Exceptions that mean "the user gave bad input" rather than "govsim has a bug"."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_ENVIRONMENT",
    "EXIT_OK",
    "EXIT_RUNS_FAILED",
    "EnvironmentFailure",
    "Problem",
    "ScenarioError",
    "UserError",
    "command_hint",
    "describe_expected",
    "describe_value",
]

#: Exit status: everything asked for was done (every run of an experiment succeeded).
EXIT_OK = 0
#: Exit status: the machine failed (disk full, an I/O error, a worker killed, no memory).
EXIT_ENVIRONMENT = 1
#: Exit status: bad input (a file, an option, an output folder); nothing was run.
EXIT_BAD_INPUT = 2
#: Exit status: an experiment finished, but some of its runs failed (they are stored).
EXIT_RUNS_FAILED = 3


class UserError(Exception):
    """Bad input from the user: printed without a traceback, exit code 2."""


class EnvironmentFailure(Exception):
    """The machine, not the input, failed (disk full, I/O error): one line, exit code 1."""


def _govsim_program() -> str:
    """How to call govsim from a shell: ``govsim`` if that is this installation, else python -m."""
    script = Path(sys.executable).with_name("govsim")
    found = shutil.which("govsim")
    if found and os.path.realpath(found) == os.path.realpath(script):
        return "govsim"
    # not on PATH (a venv not activated, a clone run with PYTHONPATH): always works
    return f"{shlex.quote(sys.executable)} -m govsim"


def command_hint(*words: object) -> str:
    """A ``govsim`` command line a user can paste: runnable from here, every word quoted.

    Args:
        *words: the subcommand and its arguments, such as ``("figures", out_dir)``.
    """
    return " ".join([_govsim_program(), *(shlex.quote(str(w)) for w in words)])


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Attributes:
        file: the file as the user named it (or ``<overrides>``, ``command line``).
        key: the key path, such as ``policies.training.intensity`` ("" for the file).
        expected: what a valid input has there.
        found: what the input has instead.
        hint: a suggestion, such as the closest valid key ("" for none).
        line: the line in ``file`` (1-based) when known.
    """

    file: str
    key: str
    expected: str
    found: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.key or '<file>'}: expected {self.expected}, found {self.found}"
        return f"{text} ({self.hint})" if self.hint else text


class ScenarioError(UserError, ValueError):
    """Raised with every problem found in one or more input files."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------- messages for bad values


#: What a pydantic error type expected, in words a user reads.
_EXPECTED = {
    "float_type": "a number",
    "int_type": "an integer",
    "bool_type": "true or false",
    "string_type": "a string",
    "model_type": "a table",
    "dict_type": "a table",
    "list_type": "an array",
    "missing": "a value (the key is required)",
    "too_short": "at least one entry",
}
_BOUNDS = {
    "greater_than_equal": ">=",
    "less_than_equal": "<=",
    "greater_than": ">",
    "less_than": "<",
}


def describe_value(value: Any) -> str:
    """A value as a message shows what was found (``the string '200'``)."""
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    return f"{type(value).__name__} {value!r}"


def describe_expected(error: Mapping[str, Any], special: Mapping[str, str] | None = None) -> str:
    """What a pydantic validation error expected, in words.

    Args:
        error: one item of ``ValidationError.errors()``.
        special: wordings for error types particular to one file format.
    """
    kind = error["type"]
    words = {**_EXPECTED, **(special or {})}
    if kind in words:
        return words[kind]
    if kind in _BOUNDS:
        return f"a value {_BOUNDS[kind]} {next(iter(error.get('ctx', {}).values()))}"
    return str(error["msg"]).lower()
