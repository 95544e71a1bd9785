"""``govsim policies``, the policy registry behind it, and adding a policy as one class."""

from __future__ import annotations

import re

import pytest

from govsim.cli.main import main
from govsim.cli.policies import render_text
from govsim.policies import LEVELS, Levers, Policy, policies_of_level, registered, unregister

#: The levels of the case study, which the registry must reproduce exactly.
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


def test_registry_holds_the_twelve_policies_by_level_in_case_study_order() -> None:
    levels = {level: tuple(c.name for c in policies_of_level(level)) for level in LEVELS}
    assert levels == EXPECTED_LEVELS
    assert len(registered()) == 12


def test_each_policy_names_a_section_of_its_level_and_a_one_line_change() -> None:
    letter = {"government": "A", "organizations": "B", "residents": "C"}
    for name, cls in registered().items():
        assert cls.name == name
        assert re.fullmatch(rf"IV\.{letter[cls.level]}\.[1-4]", cls.section), cls
        assert cls.changes.endswith(".") and "\n" not in cls.changes
        assert 20 < len(cls.changes) < 200


def test_a_policy_class_without_its_description_or_with_a_taken_name_is_refused() -> None:
    with pytest.raises(TypeError, match="lacks section"):

        class Incomplete(Policy):  # noqa: F841 - defining it is the test
            name = "incomplete_policy"
            level = "residents"
            title = "Incomplete"
            changes = "Nothing."

    with pytest.raises(TypeError, match="not a new identifier"):

        class Twice(Policy):  # noqa: F841
            name = "training"
            level = "organizations"
            section = "IV.B.3"
            title = "Training again"
            title_zh = "再次培训"
            changes = "Nothing."
            changes_zh = "无。"

    assert "incomplete_policy" not in registered()


def test_command_lists_every_policy_level_section_and_parameter_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policies"]) == 0
    out = capsys.readouterr().out
    for name, cls in registered().items():
        row = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert cls.section in row
    for title in LEVELS.values():
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
    for cls in registered().values():
        first_words = " ".join(cls.changes.split()[:2])
        assert first_words in text


def test_markdown_has_one_row_per_policy_with_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policies", "--markdown"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(registered())
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


@pytest.fixture
def street_lighting():
    """A policy defined here, in the tests, as a user would add one: one class."""

    class StreetLighting(Policy):
        """Brighter streets make evening meetings easier (a test policy)."""

        name = "street_lighting"
        level = "residents"
        section = "IV.C.9"
        title = "Street lighting"
        title_zh = "街道照明"
        changes = "Cheaper evening meetings: the new participation model's lever rises."
        changes_zh = "晚间议事更方便：参与模式创新的杠杆提高。"

        def apply(self, levers: Levers, intensity: float) -> None:
            levers.innovation = max(levers.innovation, 0.5 * intensity)

    yield StreetLighting
    unregister("street_lighting")


def test_a_policy_added_as_one_class_reaches_schema_catalog_docs_and_model(
    street_lighting, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govsim.config.scenario import load_scenario, parameters
    from govsim.model.model import GovernanceModel
    from govsim.outputs.reference import parameter_reference

    scenario_file = tmp_path / "street_lighting.toml"
    scenario_file.write_text(
        'extends = "baseline.toml"\n[world]\nn_residents = 300\nsteps = 3\n'
        "[policies.street_lighting]\nenabled = true\nintensity = 1.0\n",
        encoding="utf-8",
    )
    scenario = load_scenario(scenario_file)
    assert scenario.policies.street_lighting.enabled
    assert "policies.street_lighting.intensity" in {p.path for p in parameters()}
    assert main(["policies"]) == 0
    assert "street_lighting" in capsys.readouterr().out
    assert "`street_lighting`" in parameter_reference()
    model = GovernanceModel(scenario, seed=1)
    model.step()
    assert model.levers.innovation == 0.5


def test_an_unknown_policy_is_reported_with_its_line_and_the_closest_name(tmp_path) -> None:
    from govsim.config.scenario import load_scenario
    from govsim.errors import ScenarioError

    bad = tmp_path / "bad.toml"
    bad.write_text("[policies.trainig]\nenabled = true\n[policies.zzz]\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(bad)
    messages = [str(p) for p in err.value.problems]
    assert len(messages) == 2
    assert "bad.toml:1: policies.trainig" in messages[0]
    assert "did you mean 'policies.training'?" in messages[0]
    assert "bad.toml:3: policies.zzz" in messages[1]
