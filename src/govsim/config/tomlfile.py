"""Read a TOML input file and say where each key is, for error messages.

:mod:`tomllib` parses but forgets positions, and reports a duplicate key as
"Cannot overwrite a value". This module turns every way a file can fail to be
read (missing, a directory, unreadable, not UTF-8, not TOML, a duplicate key or
table) into a :class:`~govsim.errors.Problem` with the file and line, and maps
each key path to the line that defines it so later validation problems can name
a line too.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govsim.errors import Problem, ScenarioError

__all__ = ["TomlFile", "key_lines", "read_toml"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"""(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


@dataclass(frozen=True)
class TomlFile:
    """A parsed TOML file: its data and the line of each key path."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int | None:
        """The line defining ``key`` or, failing that, its closest enclosing table."""
        parts = key.split(".") if key else []
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return None


def _split_key(text: str) -> list[str]:
    parts = re.findall(_PART, text)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def _record(lines: dict[str, int], parts: list[str], number: int) -> None:
    """Note the line of a path and of every table it implicitly creates."""
    for end in range(1, len(parts) + 1):
        lines.setdefault(".".join(parts[:end]), number)


def _scan(text: str) -> tuple[dict[str, int], tuple[str, int] | None]:
    """Map key paths to lines; also return the first duplicated path, if any.

    A line scanner, not a parser: it is used only to name lines in messages,
    so a key it cannot place (inside an inline table or a multi-line string)
    simply falls back to its enclosing table's line.
    """
    lines: dict[str, int] = {}
    seen_tables: set[str] = set()
    duplicate = None
    prefix: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header:
            prefix = _split_key(header.group(2))
            path = ".".join(prefix)
            if header.group(1) == "[" and path in seen_tables and duplicate is None:
                duplicate = (path, number)
            seen_tables.add(path)
            _record(lines, prefix, number)
            continue
        key = _KEY.match(raw)
        if key:
            path = ".".join([*prefix, *_split_key(key.group(1))])
            if path in lines and duplicate is None and path not in seen_tables:
                duplicate = (path, number)
            _record(lines, [*prefix, *_split_key(key.group(1))], number)
    return lines, duplicate


def key_lines(text: str) -> dict[str, int]:
    """The line (1-based) where each key path of a TOML text is first defined."""
    return _scan(text)[0]


def _syntax_problem(err: tomllib.TOMLDecodeError, text: str, shown: str) -> Problem:
    message = str(err)
    position = _POSITION.search(message)
    line = int(position.group(1)) if position and position.group(1) else None
    reason = _POSITION.sub("", message)
    _lines, duplicate = _scan(text)
    if duplicate and ("overwrite" in reason or "twice" in reason):
        path, dup_line = duplicate
        what = "table" if "twice" in reason else "key"
        return Problem(
            shown, path, f"each {what} once", f"a duplicate {what} {path!r}", line=dup_line
        )
    if "overwrite" in reason or "twice" in reason:
        return Problem(shown, "", "each key once", f"a key defined twice ({reason})", line=line)
    return Problem(shown, "", "valid TOML", f"a syntax error: {reason}", line=line)


def read_toml(path: Path, shown: str | None = None) -> TomlFile:
    """Read and parse one TOML file.

    Args:
        path: the file to read.
        shown: how to name the file in messages (default: ``str(path)``).

    Returns:
        The parsed data with the line of each key path.

    Raises:
        ScenarioError: with one problem saying why the file cannot be read.
    """
    shown = str(path) if shown is None else shown
    if not path.exists():
        raise ScenarioError([Problem(shown, "", "an existing file", "no such file")])
    if path.is_dir():
        raise ScenarioError([Problem(shown, "", "a TOML file", "a directory")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([Problem(shown, "", "a UTF-8 TOML file", "binary data")]) from None
    except OSError as err:
        found = f"an unreadable file ({err.strerror or err})"
        raise ScenarioError([Problem(shown, "", "a readable file", found)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError([_syntax_problem(err, text, shown)]) from None
    return TomlFile(data, key_lines(text))
