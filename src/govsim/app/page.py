"""The classroom page: controls, countermeasures, live plots, the street and the Info panel.

Built with Solara, the way Mesa's SolaraViz drives a model (a background task
steps the model and a counter makes the views redraw), but with its own frame:
SolaraViz's controls and card titles are English literals, and a class in
Chinese needs every control in Chinese. The model is
:class:`~govsim.app.lockstep.ClassroomModel`, an ordinary Mesa model, so
``SolaraViz(ClassroomModel(), components=...)`` shows it too.

Everything lives in one session's state (a model made at module level would
be shared by every browser that opens the page). ``solara run
govsim.app.page:Page`` serves it; ``govsim app`` does that offline.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import markdown
import solara
import solara.lab

from govsim.app.export import scenario_toml, timeseries_csv
from govsim.app.info import info_markdown, lesson_text
from govsim.app.lockstep import ClassroomModel
from govsim.app.plots import OutcomePlots, StreetView
from govsim.app.presets import CLASSROOM_RESIDENTS, PRESETS
from govsim.app.server import ENV_LANG, ENV_RESIDENTS, ENV_SEED
from govsim.app.session import Street, build, now_rows, reference_name
from govsim.app.street import street_layout
from govsim.i18n import LANGUAGES, level_title, policy_title, text
from govsim.policies import LEVELS, policies_of_level

__all__ = ["ClassroomPage", "Page"]


@solara.component
def Page():
    """The page ``solara run`` serves, with the options of ``govsim app``."""
    ClassroomPage(
        lang=os.environ.get(ENV_LANG, "en"),
        n_residents=int(os.environ.get(ENV_RESIDENTS, CLASSROOM_RESIDENTS)),
        seed=int(os.environ.get(ENV_SEED, 0)),
    )


@solara.component
def ClassroomPage(lang: str = "en", n_residents: int = CLASSROOM_RESIDENTS, seed: int = 0):
    """The whole page for one session.

    Args:
        lang: the language the page opens in.
        n_residents: residents of the street at the start.
        seed: the seed at the start.
    """
    language = solara.use_reactive(lang)
    street = solara.use_reactive(Street(seed=seed, n_residents=n_residents))
    classroom = solara.use_reactive(solara.use_memo(lambda: build(street.value), []))
    tick = solara.use_reactive(0)  # bumped whenever the runs change: views redraw
    lg = language.value

    def reset(new: Street | None = None) -> None:
        if new is not None:
            street.set(new)
        classroom.set(build(street.value))
        tick.set(tick.value + 1)

    # The app bar and the sidebar are portals of the layout: a component in them
    # redraws when it reads a reactive value itself, not when the page redraws.
    with solara.AppBar():
        TopBar(language)
    with solara.Sidebar():
        with solara.Card():
            RunControls(classroom, tick, language, reset)
            PresetPicker(street, language, lambda key: reset(_with(street.value, preset=key)))
        Countermeasures(classroom, tick, language)
        StreetSettings(street, language)
        Export(classroom, street, language)
    with solara.lab.Tabs(lazy=True):  # only the open tab redraws as the run plays
        with solara.lab.Tab(text("app.tab_run", lg)):
            Lesson(street.value, classroom.value, lg)
            Outcomes(classroom.value, tick.value, street.value, lg)
        with solara.lab.Tab(text("app.tab_street", lg)):
            StreetPanel(classroom.value, tick.value, street.value, lg)
        with solara.lab.Tab(text("app.tab_info", lg)):
            _markdown(info_markdown(lg))


def _markdown(text_md: str) -> None:
    """Markdown as plain HTML: solara.Markdown would load KaTeX and Mermaid from a CDN."""
    solara.HTML(tag="div", unsafe_innerHTML=markdown.markdown(text_md, extensions=["tables"]))


def _code(name: str) -> str:
    return next(code for code, own in LANGUAGES.items() if own == name)


@solara.component
def TopBar(language: solara.Reactive[str]):
    """The title and the language switch."""
    solara.AppBarTitle(text("app.title", language.value))
    solara.ToggleButtonsSingle(
        value=LANGUAGES[language.value],
        values=list(LANGUAGES.values()),
        on_value=lambda name: language.set(_code(name)),
    )


def _with(street: Street, **changes: object) -> Street:
    return Street(**{**street.__dict__, **changes})


@solara.component
def RunControls(
    runs: solara.Reactive[ClassroomModel],
    tick: solara.Reactive[int],
    language: solara.Reactive[str],
    reset: Callable[[], None],
):
    """Reset, play or pause, step, speed, and the month counter."""
    classroom, lg, _ = runs.value, language.value, tick.value
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(10)

    def advance() -> None:
        classroom.step()
        tick.set(tick.value + 1)

    def play() -> None:
        while playing.value and classroom.running:
            started = time.perf_counter()
            advance()
            time.sleep(max(0.0, 1.0 / speed.value - (time.perf_counter() - started)))
        playing.set(False)

    solara.lab.use_task(play, dependencies=[playing.value, classroom], prefer_threaded=True)

    with solara.Column():
        solara.Text(text("app.month", lg, month=classroom.month, horizon=classroom.horizon))
        with solara.Row():
            solara.Button(text("app.reset", lg), on_click=lambda: (playing.set(False), reset()))
            solara.Button(
                text("app.pause" if playing.value else "app.play", lg),
                on_click=lambda: playing.set(not playing.value),
                disabled=not classroom.running,
                color="primary",
            )
            solara.Button(
                text("app.step", lg),
                on_click=advance,
                disabled=playing.value or not classroom.running,
            )
        solara.SliderInt(text("app.speed", lg), value=speed, min=1, max=30)


@solara.component
def PresetPicker(
    street: solara.Reactive[Street], language: solara.Reactive[str], choose: Callable[[str], None]
):
    """The presets by name; choosing one resets the runs."""
    lg = language.value
    names = {text(f"preset.{key}", lg): key for key in PRESETS}
    solara.Select(
        text("app.preset", lg),
        values=list(names),
        value=text(f"preset.{street.value.preset}", lg),
        on_value=lambda name: choose(names[name]),
    )


@solara.component
def Countermeasures(
    runs: solara.Reactive[ClassroomModel],
    tick: solara.Reactive[int],
    language: solara.Reactive[str],
):
    """A switch and an intensity slider per countermeasure, grouped by level."""
    classroom, lg, _ = runs.value, language.value, tick.value
    policies = classroom.policy.scenario.policies

    def change(name: str, enabled: bool, intensity: float) -> None:
        classroom.set_policy(name, enabled=enabled, intensity=intensity)
        tick.set(tick.value + 1)

    with solara.Card(text("app.countermeasures", lg)):
        solara.Text(text("app.countermeasures_note", lg), style={"font-size": "0.85em"})
        for level in LEVELS:
            _markdown(f"**{level_title(level, lg)}**")
            for cls in policies_of_level(level):
                s = getattr(policies, cls.name)
                solara.Checkbox(
                    label=policy_title(cls.name, lg),
                    value=s.enabled,
                    on_value=lambda on, n=cls.name, s=s: change(n, on, s.intensity),
                )
                if s.enabled:
                    solara.SliderFloat(
                        text("app.intensity", lg),
                        value=s.intensity,
                        min=0.0,
                        max=1.0,
                        step=0.1,
                        on_value=lambda v, n=cls.name: change(n, True, v),
                    )
                    if s.start > 0:
                        solara.Text(text("app.starts", lg, start=s.start))


@solara.component
def StreetSettings(street: solara.Reactive[Street], language: solara.Reactive[str]):
    """Seed and size of the street, used at the next Reset."""
    lg = language.value
    with solara.Card(text("app.street_card", lg)):
        solara.InputInt(
            text("app.seed", lg),
            value=street.value.seed,
            on_value=lambda v: street.set(_with(street.value, seed=max(0, int(v or 0)))),
        )
        solara.SliderInt(
            text("app.residents", lg),
            value=street.value.n_residents,
            min=500,
            max=10_000,
            step=500,
            on_value=lambda v: street.set(_with(street.value, n_residents=v)),
        )


@solara.component
def Lesson(street: Street, classroom: ClassroomModel, lg: str):
    """The question of a lesson preset, and what else the lesson sets."""
    preset = street.settings
    question = lesson_text(preset, classroom.policy.scenario, lg)
    if question is None:
        return
    settings = {**preset.reference, **preset.overrides}
    shown = ", ".join(f"{k} = {v:g}" for k, v in settings.items() if not k.startswith("policies."))
    extra = f" {text('app.overrides', lg, settings=shown)}" if shown else ""
    solara.Info(f"{text('app.lesson', lg, pattern=preset.pattern)}: {question}{extra}")


@solara.component
def Outcomes(classroom: ClassroomModel, tick: int, street: Street, lg: str):
    """The live outcome plots and this month's values."""
    reference = reference_name(street.settings, lg)
    plots = solara.use_memo(lambda: OutcomePlots(classroom.horizon, lg, reference), [classroom, lg])
    plots.update(classroom.timeseries())
    solara.Image(plots.png())
    head = [
        text(k, lg) for k in ("app.metric", "app.run.reference", "app.run.policy", "app.difference")
    ]
    solara.HTML(
        tag="div", unsafe_innerHTML=_table(text("app.now", lg), head, now_rows(classroom, lg))
    )


def _table(caption: str, head: list[str], rows: list[tuple[str, ...]]) -> str:
    """A small HTML table, numbers right-aligned, with room between the columns."""
    cell = 'style="padding: 2px 14px; text-align: {}"'
    th = "".join(
        f"<th {cell.format('left' if i == 0 else 'right')}>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td {cell.format('left' if i == 0 else 'right')}>{c}</td>" for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    title = f"<caption style='text-align: left'><b>{caption}</b></caption>"
    return f"<table>{title}<tr>{th}</tr>{body}</table>"


@solara.component
def StreetPanel(classroom: ClassroomModel, tick: int, street: Street, lg: str):
    """Both streets side by side, redrawn every month."""
    layout = solara.use_memo(lambda: street_layout(classroom.policy), [classroom])
    reference = reference_name(street.settings, lg)
    view = solara.use_memo(lambda: StreetView(layout, lg, reference), [layout, lg])
    view.update(classroom)
    solara.Image(view.png())


@solara.component
def Export(
    runs: solara.Reactive[ClassroomModel],
    street: solara.Reactive[Street],
    language: solara.Reactive[str],
):
    """Downloads of what is on screen: the time series, the scenario, the plots.

    Each file is made when its button is pressed, from the runs as they are then.
    """
    classroom, lg = runs.value, language.value
    reference = reference_name(street.value.settings, lg)

    def plots_png() -> bytes:
        plots = OutcomePlots(classroom.horizon, lg, reference)
        plots.update(classroom.timeseries())
        return plots.live.still_png()

    with solara.Card(text("app.export", lg)):
        for key, data, filename, mime in (
            ("app.export_series", lambda: timeseries_csv(classroom), "timeseries.csv", "text/csv"),
            (
                "app.export_scenario",
                lambda: scenario_toml(classroom),
                "scenario.toml",
                "text/plain",
            ),
            ("app.export_plots", plots_png, "plots.png", "image/png"),
        ):
            solara.FileDownload(data, filename=filename, label=text(key, lg), mime_type=mime)
