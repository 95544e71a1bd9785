"""Exceptions that mean "the user gave bad input" rather than "govsim has a bug"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Problem", "ScenarioError", "UserError"]


class UserError(Exception):
    """Bad input from the user: printed without a traceback, exit code 2."""


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
