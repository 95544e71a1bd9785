"""The classroom app in a real browser: `govsim app` served offline, driven by Playwright.

Chromium is Debian's (``apt-get install chromium``; ``.ci/run`` installs it),
launched headless by Playwright; no browser is downloaded. Without a chromium
on the PATH these tests are skipped with that reason.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from app_server import free_port, wait_until_up

pytest.importorskip("solara", reason="the app extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium; CI installs it)"
)

RESIDENTS = 1000
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """`govsim app` on a free local port, stopped after the module."""
    port = free_port()
    command = [sys.executable, "-m", "govsim", "app", "--no-browser", "--port", str(port)]
    log = (tmp_path_factory.mktemp("app") / "server.log").open("w")
    server = subprocess.Popen(
        [*command, "--residents", str(RESIDENTS)], stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh session of the app, loaded, with every request it made."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    # a shared 2-core CI machine can be slow to re-render: be patient, not flaky
    page.set_default_timeout(60_000)
    page.requests, page.failed = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("requestfailed", lambda r: page.failed.append(r.url))
    started = time.perf_counter()
    page.goto(app_url)
    page.get_by_text("Month: 0 of 120").wait_for(timeout=60_000)
    page.load_seconds = time.perf_counter() - started
    yield page
    context.close()


def _now(page, row: str) -> tuple[float, float]:
    """The status quo's and the policy run's value of one row of the table of current values."""
    cells = page.locator("tr", has_text=row).first.locator("td").all_inner_texts()
    return float(cells[1]), float(cells[2])


def test_page_loads_offline_with_no_failed_request(page) -> None:
    page.get_by_role("button", name="Play").wait_for()
    assert page.failed == []
    assert [url for url in page.requests if not url.startswith(LOCAL)] == []
    assert len(page.requests) > 10
    print(f"page load to first render: {page.load_seconds:.2f} s")


def _month(page) -> int:
    text = page.get_by_text(re.compile(r"^Month: \d+ of 120$")).inner_text()
    return int(text.split()[1])


def _settled_month(page, timeout: float = 20.0) -> int:
    """The month counter once two readings half a second apart agree."""
    deadline = time.monotonic() + timeout
    month = _month(page)
    while True:
        time.sleep(0.5)
        again = _month(page)
        if again == month:
            return month
        assert time.monotonic() < deadline, "the month counter kept moving after pause"
        month = again


def test_play_advances_the_month_counter(page) -> None:
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => Number((document.body.innerText.match(/Month: (\\d+) of 120/) || [0, 0])[1]) >= 5",
        timeout=30_000,
    )
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    clicked = _month(page)
    # the month in progress when pause was pressed still finishes and shows
    paused = _settled_month(page)
    assert clicked <= paused <= clicked + 1
    time.sleep(1.0)
    assert _month(page) == paused >= 5


_CHECKED = (
    "(t) => [...document.querySelectorAll('label')].some("
    "l => l.textContent.includes(t) && l.control && l.control.checked)"
)


def _switch_on(page, title: str, timeout: float = 60.0) -> None:
    """Click a countermeasure's switch until it shows as on.

    On a busy machine a click can land while the server re-renders the panel,
    and the re-render restores the old state: click again, never when already on.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(_CHECKED, title):
        assert time.monotonic() < deadline, f"the switch {title!r} did not turn on"
        page.locator("label", has_text=title).click()
        try:
            page.wait_for_function(_CHECKED, arg=title, timeout=5_000)
        except sync_api.TimeoutError:
            continue


def test_a_countermeasure_moves_the_policy_curve_and_not_the_status_quo(page) -> None:
    from govsim.app.lockstep import ClassroomModel

    step = page.get_by_role("button", name="Step")
    for month in range(1, 4):
        step.click()
        page.get_by_text(f"Month: {month} of 120").wait_for()
    plot = page.locator("img").first
    before = plot.get_attribute("src")
    for title in ("Community identity", "Resident communication", "Participation innovation"):
        _switch_on(page, title)
    for month in range(4, 16):
        step.click()
        page.get_by_text(f"Month: {month} of 120").wait_for()
    untouched = ClassroomModel(n_residents=RESIDENTS)
    for _ in range(15):
        untouched.step()
    expected = untouched.reference.datacollector.model_vars["participation_rate"][-1]
    # the table of current values re-renders after the month label: wait for month 15's
    deadline = time.monotonic() + 20
    while (reference := _now(page, "Participation")[0]) != pytest.approx(expected, abs=5e-4):
        assert time.monotonic() < deadline, f"status quo shows {reference}, expected {expected}"
        time.sleep(0.2)
    reference, policy = _now(page, "Participation")
    assert reference == pytest.approx(expected, abs=5e-4)
    assert policy != pytest.approx(reference, abs=5e-4)
    assert plot.get_attribute("src") != before


def test_switching_language_shows_chinese_labels(page) -> None:
    page.get_by_role("button", name="简体中文").click()
    page.get_by_text("月份：0 / 120").wait_for()
    for name in ("重置", "播放", "单步"):
        assert page.get_by_role("button", name=name).is_visible()
    assert page.get_by_label("加强人员培训").count() == 1
    assert page.get_by_text("政府层面").first.is_visible()
    page.screenshot(path=str(Path(os.environ.get("GOVSIM_SCREENSHOTS", "/tmp")) / "app_zh.png"))


def test_export_downloads_the_series_the_scenario_and_the_plots(page, tmp_path) -> None:
    from govsim.config.scenario import load_scenario

    page.get_by_role("button", name="Step").click()
    page.get_by_text("Month: 1 of 120").wait_for()
    files = {}
    for label, name in (
        ("Time series (CSV)", "timeseries.csv"),
        ("Scenario (TOML)", "scenario.toml"),
        ("Plots (PNG)", "plots.png"),
    ):
        with page.expect_download() as download:
            page.get_by_text(label).click()
        assert download.value.suggested_filename == name
        files[name] = tmp_path / name
        download.value.save_as(files[name])
    series = pd.read_csv(io.StringIO(files["timeseries.csv"].read_text("utf-8")))
    assert set(series["run"]) == {"reference", "policy"} and series["step"].max() == 1
    assert load_scenario(files["scenario.toml"]).world.n_residents == RESIDENTS
    assert files["plots.png"].read_bytes().startswith(b"\x89PNG")
