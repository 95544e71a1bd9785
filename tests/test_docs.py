"""The committed parameter reference is exactly what the schema generates."""

from __future__ import annotations

from pathlib import Path

from govsim.config.scenario import parameters
from govsim.outputs.reference import format_value, parameter_reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


def test_committed_parameter_reference_matches_the_schema() -> None:
    assert DOC.read_text(encoding="utf-8") == parameter_reference(), (
        "docs/parameters.md is stale: run `python -m govsim.outputs.reference > docs/parameters.md`"
    )


def _section_rows(text: str, path: str) -> list[str]:
    """The table rows of the reference section that holds ``path``."""
    parts = path.split(".")
    group = ".".join(parts[:2]) if parts[0] == "mechanisms" else parts[0]
    section = text.split(f"## `[{group}]`")[1].split("\n## ")[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_reference_lists_every_parameter_with_default_ranges_unit_and_source() -> None:
    text = parameter_reference()
    for p in parameters():
        if p.path.startswith("policies."):
            assert f"| `{p.path.split('.')[1]}` |" in text
            continue
        key = p.path.rsplit(".", 1)[-1]
        row = next(r for r in _section_rows(text, p.path) if r.startswith(f"| `{key}` |"))
        assert f"| {format_value(p.default)} |" in row
        assert p.unit and p.source, p.path
        assert f"| {p.unit} | {p.source} |" in row


def test_numbers_are_written_as_in_a_scenario_file() -> None:
    assert format_value(1e6) == "1000000"
    assert format_value(0.02) == "0.02"
    assert format_value(10_000) == "10000"
    assert format_value(True) == "true"
    assert format_value(-3.0) == "-3"


def test_validation_example_in_scenarios_md_is_real_output(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from govsim.cli.main import main

    text = (DOC.parent / "scenarios.md").read_text(encoding="utf-8")
    listing, rest = text.split("$ cat -n broken.toml\n")[1].split("$ govsim validate broken.toml\n")
    source = "\n".join(line[8:] for line in listing.splitlines()) + "\n"
    shown = rest.split("```")[0].splitlines()
    (tmp_path / "broken.toml").write_text(source)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "broken.toml"]) == 2
    assert capsys.readouterr().err.splitlines()[: len(shown)] == shown
