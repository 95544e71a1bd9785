"""Bad scenario inputs shared by the validate and run tests.

Each case writes files into a folder and names the file to pass on the command
line, with the fragments the error message must contain (file, key path,
expected, found, suggestion).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BadInput:
    """Files to write, the file to pass, and what the error must say."""

    id: str
    files: dict[str, str | bytes]
    target: str
    fragments: tuple[str, ...]

    def write(self, folder: Path) -> Path:
        """Write the files into ``folder``; return the path to pass on the command line."""
        for name, content in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder / self.target


CASES = [
    BadInput(
        "unknown-top-level-table",
        {"s.toml": "[polices.training]\nenabled = true\n"},
        "s.toml",
        ("s.toml:1", "polices", "expected a known key", "unknown key", "did you mean 'policies'"),
    ),
    BadInput(
        "misspelled-nested-table",
        {"s.toml": "[policies.trainng]\nenabled = true\n"},
        "s.toml",
        ("s.toml:1", "policies.trainng", "unknown key", "did you mean 'policies.training'"),
    ),
    BadInput(
        "misspelled-nested-key",
        {"s.toml": "[policies.training]\nenabled = true\nintensty = 0.5\n"},
        "s.toml",
        (
            "s.toml:3",
            "policies.training.intensty",
            "unknown key",
            "did you mean 'policies.training.intensity'",
        ),
    ),
    BadInput(
        "string-for-integer",
        {"s.toml": '[world]\nn_residents = "200"\n'},
        "s.toml",
        ("s.toml:2", "world.n_residents", "expected an integer", "found the string '200'"),
    ),
    BadInput(
        "string-for-boolean",
        {"s.toml": '[policies.training]\nenabled = "off"\n'},
        "s.toml",
        ("s.toml:2", "policies.training.enabled", "expected true or false", "the string 'off'"),
    ),
    BadInput(
        "float-for-integer",
        {"s.toml": "[world]\nsteps = 12.5\n"},
        "s.toml",
        ("world.steps", "expected an integer", "found the number 12.5"),
    ),
    BadInput(
        "value-above-range",
        {"s.toml": "[policies.training]\nintensity = 1.5\n"},
        "s.toml",
        ("s.toml:2", "policies.training.intensity", "expected a value <= 1", "the number 1.5"),
    ),
    BadInput(
        "value-below-range",
        {"s.toml": "[world]\nsteps = 0\n"},
        "s.toml",
        ("world.steps", "expected a value >= 1", "found the integer 0"),
    ),
    BadInput(
        "value-where-table-expected",
        {"s.toml": "world = 5\n"},
        "s.toml",
        ("s.toml:1", "world", "expected a table", "the integer 5"),
    ),
    BadInput(
        "duplicate-key",
        {"s.toml": "[world]\nsteps = 10\nsteps = 20\n"},
        "s.toml",
        ("s.toml:3", "world.steps", "expected each key once", "duplicate key"),
    ),
    BadInput(
        "duplicate-table",
        {"s.toml": "[world]\nsteps = 10\n[network]\n[world]\nn_communities = 3\n"},
        "s.toml",
        ("s.toml:4", "world", "expected each table once", "duplicate table"),
    ),
    BadInput(
        "missing-extends-target",
        {"s.toml": 'extends = "nope.toml"\n'},
        "s.toml",
        ("s.toml:1", "extends", "expected an existing scenario file", "missing file 'nope.toml'"),
    ),
    BadInput(
        "extends-not-a-string",
        {"s.toml": "extends = 3\n"},
        "s.toml",
        ("s.toml:1", "extends", "expected a file name string", "the integer 3"),
    ),
    BadInput(
        "cycle-of-extends",
        {"a.toml": 'extends = "b.toml"\n', "b.toml": 'extends = "a.toml"\n'},
        "a.toml",
        ("b.toml:1", "extends", "expected no cycle of extends", "a.toml -> b.toml -> a.toml"),
    ),
    BadInput(
        "file-extends-itself",
        {"s.toml": 'extends = "s.toml"\n'},
        "s.toml",
        ("s.toml:1", "extends", "no cycle of extends", "s.toml -> s.toml"),
    ),
    BadInput(
        "not-toml",
        {"s.toml": "this is not toml\n"},
        "s.toml",
        ("s.toml:1", "<file>", "expected valid TOML", "a syntax error"),
    ),
    BadInput(
        "binary-file",
        {"s.toml": b"\xff\xfe\x00\x01 garbage"},
        "s.toml",
        ("s.toml", "<file>", "expected a UTF-8 TOML file", "binary data"),
    ),
    BadInput(
        "missing-file",
        {},
        "nowhere/missing.toml",
        ("missing.toml", "<file>", "expected an existing file", "no such file"),
    ),
    BadInput(
        "directory",
        {"folder/x.txt": "x"},
        "folder",
        ("folder", "<file>", "expected a TOML file", "a directory"),
    ),
]
