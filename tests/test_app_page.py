"""The classroom page rendered by Solara without a browser: controls drive the runs."""

from __future__ import annotations

import pytest

solara = pytest.importorskip("solara", reason="the app extra is not installed")
v = pytest.importorskip("ipyvuetify")

from govsim.app.page import ClassroomPage  # noqa: E402
from govsim.policies import registered  # noqa: E402


def _render(**kwargs):
    # the sidebar renders only inside an AppLayout
    _box, rc = solara.render(
        solara.AppLayout(children=[ClassroomPage(n_residents=400, **kwargs)]), handle_error=False
    )
    return rc


def _shows(rc, text: str) -> bool:
    return bool(rc.find(v.Html, children=[text]).widgets)


def test_step_advances_the_month_and_reset_returns_to_zero() -> None:
    rc = _render()
    assert _shows(rc, "Month: 0 of 120")
    rc.find(v.Btn, children=["Step"]).widget.click()
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert _shows(rc, "Month: 2 of 120")
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert _shows(rc, "Month: 0 of 120")


def test_a_switch_changes_the_policy_run_from_the_next_month() -> None:
    rc = _render()
    rc.find(v.Btn, children=["Step"]).widget.click()
    box = rc.find(v.Checkbox, label="Training").widget
    box.v_model = True
    assert rc.find(v.Checkbox, label="Training").widget.v_model is True
    assert rc.find(v.Slider, label="Intensity").widgets  # its slider appears when on
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert _shows(rc, "Month: 2 of 120")


def test_choosing_a_lesson_shows_its_question_and_its_switches() -> None:
    rc = _render()
    lesson = "Lesson P4: dependence on government money"
    rc.find(v.Select, label="Start from").widget.v_model = lesson
    assert rc.find(v.Checkbox, label="Independence").widget.v_model is True
    alerts = rc.find(v.Alert).widgets
    assert any("Lesson P4" in str(a.children) for a in alerts)


def test_the_page_in_chinese_names_every_control_and_countermeasure_in_chinese() -> None:
    rc = _render(lang="zh")
    assert _shows(rc, "月份：0 / 120")
    for label in ("重置", "播放", "单步"):
        assert rc.find(v.Btn, children=[label]).widgets, label
    for cls in registered().values():
        assert rc.find(v.Checkbox, label=cls.title_zh).widgets, cls.name
    assert not rc.find(v.Btn, children=["Step"]).widgets


def test_mesa_solaraviz_can_show_the_lockstep_model() -> None:
    from mesa.visualization import SolaraViz

    from govsim.app.lockstep import ClassroomModel

    model = ClassroomModel(n_residents=300, steps=5)
    _box, rc = solara.render(solara.AppLayout(children=[SolaraViz(model)]), handle_error=False)
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert model.month == 1
