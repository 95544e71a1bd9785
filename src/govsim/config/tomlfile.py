"""Read a TOML input file and say where each key is, for error messages.

:mod:`tomllib` parses but forgets positions, and reports a duplicate key as
"Cannot overwrite a value". This module turns every way a file can fail to be
read (missing, a directory, a device or pipe, too large, unreadable, not UTF-8,
not TOML, nested too deeply, a duplicate key or table) into a
:class:`~govsim.errors.Problem` with the file and line, and maps each key path
to the line that defines it so later validation problems can name a line too.

Input files are small: only regular files of at most :data:`MAX_INPUT_BYTES`
are read, so ``/dev/zero`` or a named pipe given as a scenario is refused at
once instead of filling memory or waiting forever. A UTF-8 byte-order mark is
accepted (editors on Windows write one).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govsim.errors import Problem, ScenarioError

__all__ = [
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "TomlFile",
    "key_lines",
    "path_exists",
    "read_text",
    "read_toml",
]

#: Largest input file read (1 MiB): scenario and experiment files are a few kB.
MAX_INPUT_BYTES = 1 << 20
#: Deepest nesting of tables and arrays accepted (the schema needs three levels).
MAX_DEPTH = 32

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_PART = r"""(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


@dataclass(frozen=True)
class TomlFile:
    """A parsed TOML file: its data, the line of each key path and its text."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    text: str = ""

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


def path_exists(path: Path) -> bool:
    """Whether ``path`` exists; False (not an exception) for a name the OS refuses."""
    try:
        os.stat(path)
    except (OSError, ValueError):  # ENOENT, ENAMETOOLONG, ELOOP, EACCES, an embedded NUL
        return False
    return True


def _problem(shown: str, expected: str, found: str) -> ScenarioError:
    return ScenarioError([Problem(shown, "", expected, found)])


def _read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a regular file of bounded size, or a ScenarioError saying why not."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _problem(shown, "an existing file", "no such file") from None
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        found = f"a name the system refuses ({reason})"
        raise _problem(shown, "a readable file name", found) from None
    if stat.S_ISDIR(info.st_mode):
        raise _problem(shown, "a TOML file", "a directory")
    if not stat.S_ISREG(info.st_mode):
        raise _problem(shown, "a regular TOML file", "a device, pipe or socket")
    if info.st_size > MAX_INPUT_BYTES:
        limit = f"a file of at most {MAX_INPUT_BYTES // 1024} KiB"
        raise _problem(shown, limit, f"{info.st_size:,} bytes")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)  # bounded even if it grew meanwhile
    except OSError as err:
        found = f"an unreadable file ({err.strerror or err})"
        raise _problem(shown, "a readable file", found) from None
    if len(data) > MAX_INPUT_BYTES:
        raise _problem(shown, f"a file of at most {MAX_INPUT_BYTES // 1024} KiB", "more")
    return data


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")  # -sig: a leading byte-order mark is not content
    except UnicodeDecodeError:
        pass
    found = "UTF-16 text (save it as UTF-8)" if _is_utf16(data) else "binary data"
    raise _problem(shown, "a UTF-8 TOML file", found)


def _is_utf16(data: bytes) -> bool:
    """Text saved as UTF-16 with a byte-order mark (as some Windows editors do)."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return False
    # TOML keys are ASCII: real UTF-16 TOML decodes to mostly ASCII, noise does not
    return sum(c.isascii() for c in text) >= 0.9 * len(text)


def _depth(data: Any) -> int:
    """Nesting depth of tables and arrays, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, level + 1) for c in children if isinstance(c, (dict, list)))
    return deepest


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
    text = read_text(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError([_syntax_problem(err, text, shown)]) from None
    except RecursionError:  # the parser recurses once per level of nesting
        data = None
    if data is None or _depth(data) > MAX_DEPTH:
        deep = f"tables and arrays nested at most {MAX_DEPTH} levels deep"
        raise _problem(shown, deep, "deeper nesting")
    return TomlFile(data, key_lines(text), text)


def read_text(path: Path, shown: str | None = None) -> str:
    """The text of a small, regular UTF-8 input file (a byte-order mark dropped).

    Raises:
        ScenarioError: with one problem saying why the file cannot be read.
    """
    shown = str(path) if shown is None else shown
    return _decode(_read_bytes(path, shown), shown)
