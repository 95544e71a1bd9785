"""``govsim policies`` and the policy catalog behind it."""

from __future__ import annotations

import dataclasses
import re

import pytest

from govsim.cli.main import main
from govsim.cli.policies import render_text
from govsim.config.schema import POLICY_NAMES
from govsim.policies.catalog import CATALOG, LEVEL_TITLES, POLICY_LEVELS, policy_info

#: The levels of the issue text, which the catalog must reproduce exactly.
EXPECTED_LEVELS = {
    "government": (
        "transfer_functions",
        "legal_framework",
        "lower_registration_threshold",
        "evaluation_system",
        "information_disclosure",
    ),
    "organizations": (
        "internal_governance",
        "independence",
        "training",
        "professional_recruitment",
    ),
    "residents": ("community_identity", "resident_communication", "participation_innovation"),
}


def test_catalog_has_exactly_the_schema_policies_in_order() -> None:
    assert tuple(CATALOG) == POLICY_NAMES
    assert len(CATALOG) == 12


def test_policy_levels_match_the_case_study() -> None:
    assert POLICY_LEVELS == EXPECTED_LEVELS
    assert set(LEVEL_TITLES) == set(EXPECTED_LEVELS)


def test_each_policy_names_a_section_of_its_level_and_a_one_line_change() -> None:
    letter = {"government": "A", "organizations": "B", "residents": "C"}
    for name, info in CATALOG.items():
        assert info.name == name
        assert re.fullmatch(rf"IV\.{letter[info.level]}\.[1-4]", info.section), info
        assert info.changes.endswith(".") and "\n" not in info.changes
        assert 20 < len(info.changes) < 200


def test_policy_info_is_frozen_and_unknown_names_raise() -> None:
    info = policy_info("training")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.level = "residents"  # type: ignore[misc]
    with pytest.raises(KeyError):
        policy_info("trainng")


def test_command_lists_every_policy_level_section_and_parameter_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    for name, info in CATALOG.items():
        row = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert info.section in row
    for title in LEVEL_TITLES.values():
        assert f"{title} level" in out
    block = out.split("Parameters of every policy")[1].split("Example:")[0]
    params = {line.split()[0]: line.split()[1:3] for line in block.splitlines()[1:] if line}
    assert params["enabled"] == ["false", "true/false"]
    assert params["intensity"] == ["0.8", "[0,"]
    assert params["start"] == ["0", "[0,"]


@pytest.mark.parametrize("width", [80, 100, 140])
def test_text_fits_the_terminal_width(width: int) -> None:
    text = render_text(width)
    assert max(len(line) for line in text.splitlines()) <= width
    for info in CATALOG.values():
        first_words = " ".join(info.changes.split()[:2])
        assert first_words in text


def test_markdown_has_one_row_per_policy_with_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policies", "--markdown"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(POLICY_NAMES)
    assert all(row.endswith("| false | 0.8 | 0 |") for row in rows)


def test_closed_pipe_ends_quietly_without_traceback():
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = str(Path(__file__).resolve().parents[1] / "src")
    cmd = f"{sys.executable} -m govsim.cli.main policies | head -n 1"
    out = subprocess.run(
        cmd, shell=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": src}
    )
    assert "Traceback" not in out.stderr
    assert out.stdout.count("\n") == 1
