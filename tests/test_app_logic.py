"""The classroom app's logic without a browser: lockstep runs, presets, export, figures, page."""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest

from govsim.app.export import scenario_toml, timeseries_csv
from govsim.app.info import info_markdown, lesson_text
from govsim.app.lockstep import ClassroomModel
from govsim.app.presets import PRESETS
from govsim.app.session import Street, build, now_rows, reference_name
from govsim.i18n import LANGUAGES
from govsim.model.runner import run
from govsim.policies import LEVELS, policies_of_level

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"n_residents": 400, "steps": 24}


def _metric(model, name: str) -> np.ndarray:
    return np.asarray(model.datacollector.model_vars[name], dtype=float)


def test_without_countermeasures_the_two_runs_are_the_same_street() -> None:
    classroom = ClassroomModel(seed=5, **SMALL)
    for _ in range(12):
        classroom.step()
    for name in ("participation_rate", "service_coverage", "satisfaction"):
        np.testing.assert_array_equal(
            _metric(classroom.policy, name), _metric(classroom.reference, name)
        )


def test_switching_mid_run_moves_the_policy_run_only_and_is_recorded() -> None:
    untouched = ClassroomModel(seed=5, **SMALL)
    classroom = ClassroomModel(seed=5, **SMALL)
    for _ in range(6):
        classroom.step()
        untouched.step()
    for level in LEVELS:
        for cls in policies_of_level(level):
            classroom.set_policy(cls.name, enabled=True, intensity=1.0)
    for _ in range(18):
        classroom.step()
        untouched.step()
    satisfaction = _metric(classroom.policy, "satisfaction")
    assert not np.array_equal(satisfaction, _metric(classroom.reference, "satisfaction"))
    np.testing.assert_array_equal(satisfaction[:7], _metric(untouched.policy, "satisfaction")[:7])
    np.testing.assert_array_equal(
        _metric(classroom.reference, "satisfaction"), _metric(untouched.reference, "satisfaction")
    )
    change = classroom.policy.policy_changes[0]
    assert change == {
        "month": 6,
        "policy": "transfer_functions",
        "enabled": True,
        "intensity": 1.0,
        "start": 6,
    }


def test_runs_stop_at_the_horizon() -> None:
    classroom = ClassroomModel(seed=1, n_residents=300, steps=3)
    for _ in range(5):
        classroom.step()
    assert classroom.month == 3 and not classroom.running
    assert len(classroom.timeseries()) == 2 * 4  # two runs, months 0..3


def test_level_presets_switch_on_exactly_their_levels_countermeasures() -> None:
    for level in LEVELS:
        expected = {cls.name for cls in policies_of_level(level)}
        assert set(PRESETS[level].policies) == expected
    assert PRESETS["status_quo"].policies == {}
    assert len(PRESETS["all_levels"].policies) == sum(len(PRESETS[lv].policies) for lv in LEVELS)
    assert [p.pattern for p in PRESETS.values() if p.is_lesson] == ["P1", "P2", "P3", "P4", "P5"]


def _experiment(name: str) -> dict:
    return tomllib.loads((ROOT / "experiments" / f"{name}.toml").read_text("utf-8"))


def test_lessons_p3_to_p5_use_the_settings_of_their_experiment_files() -> None:
    p3 = _experiment("money_without_information")["factorial"]["factors"]["budget"]["doubled"]
    assert dict(PRESETS["p3_money_without_information"].overrides) == p3
    p4 = _experiment("dependence")
    stop = p4["overrides"]["government.stop_purchasing_at"]
    assert PRESETS["p4_dependence"].reference == {"government.stop_purchasing_at": stop}
    assert set(PRESETS["p4_dependence"].policies) == set(p4["compare"]["scenarios"])
    p5 = _experiment("evaluation_tradeoff")
    assert p5["base"] == "transfer_functions"
    shared = PRESETS["p5_evaluation_tradeoff"].reference
    assert shared == {"policies.transfer_functions.enabled": True}
    assert set(p5["compare"]["scenarios"][0]["overrides"]) == {"policies.evaluation_system.enabled"}


def test_lesson_text_takes_its_months_from_the_scenario() -> None:
    street = Street(preset="p5_evaluation_tradeoff", n_residents=300)
    scenario = build(street).policy.scenario
    for lang in LANGUAGES:
        question = lesson_text(street.settings, scenario, lang)
        assert str(scenario.evaluation.cycle_months) in question
    assert lesson_text(PRESETS["status_quo"], scenario) is None
    assert reference_name(PRESETS["p5_evaluation_tradeoff"], "en") == (
        "Status quo + Transfer functions"
    )


def test_info_panel_has_the_five_netlogo_sections_in_every_language() -> None:
    for lang in LANGUAGES:
        headings = [line for line in info_markdown(lang).splitlines() if line.startswith("## ")]
        assert len(headings) == 5, lang
    assert "## Things to try" in info_markdown("en")


def test_exported_scenario_reruns_the_policy_run_exactly(tmp_path: Path) -> None:
    classroom = ClassroomModel(seed=9, **SMALL)
    for _ in range(5):
        classroom.step()
    classroom.set_policy("resident_communication", enabled=True, intensity=0.9)
    while classroom.running:
        classroom.step()
    path = tmp_path / "scenario.toml"
    path.write_bytes(scenario_toml(classroom))
    assert "Changed during the run" in path.read_text("utf-8")
    rerun = run(path, seed=9).timeseries
    shown = classroom.policy.datacollector.model_vars["needs_match"]
    np.testing.assert_array_equal(rerun["needs_match"].to_numpy(), np.asarray(shown))
    header = timeseries_csv(classroom).decode().splitlines()[0].split(",")
    assert header[:3] == ["run", "step", "participation_rate"]
    assert "organizations_exited" in header


def test_switching_off_mid_run_says_the_file_cannot_rerun_it() -> None:
    classroom = ClassroomModel(seed=2, policies={"training": {"enabled": True}}, **SMALL)
    classroom.step()
    classroom.set_policy("training", enabled=False, intensity=0.8)
    assert "a rerun differs" in scenario_toml(classroom).decode()


def test_now_table_compares_this_months_values() -> None:
    classroom = build(Street(preset="all_levels", n_residents=400))
    for _ in range(3):
        classroom.step()
    rows = now_rows(classroom, "zh")
    assert rows[0][0] == "居民参与率"
    label, reference, policy, difference = rows[1]
    assert float(difference) == pytest.approx(float(policy) - float(reference), abs=2e-3)


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_live_figures_draw_every_label_without_missing_glyphs(lang: str) -> None:
    from govsim.app.plots import OutcomePlots, StreetView
    from govsim.app.street import street_layout
    from govsim.i18n.fonts import cjk_font

    if lang != "en" and cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-noto-cjk)")
    classroom = build(Street(preset="p5_evaluation_tradeoff", n_residents=600))
    for _ in range(4):
        classroom.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        plots = OutcomePlots(classroom.horizon, lang, reference_name(PRESETS["status_quo"], lang))
        plots.update(classroom.timeseries())
        first = plots.png()
        classroom.step()
        plots.update(classroom.timeseries())
        assert plots.png() != first
        assert plots.live.still_png(dpi=72).startswith(b"\x89PNG")
        view = StreetView(street_layout(classroom.policy), lang)
        view.update(classroom)
        assert view.png().startswith(b"\x89PNG")


def test_street_layout_is_fixed_and_inside_the_view() -> None:
    from govsim.app.street import street_layout

    classroom = build(Street(n_residents=2000))
    first = street_layout(classroom.policy)
    classroom.step()
    again = street_layout(classroom.policy)
    np.testing.assert_array_equal(first.positions, again.positions)
    assert len(first.residents) == 300
    assert np.abs(first.positions).max() < 1.0 + first.radius
