"""`govsim report`: a self-contained HTML report from a finished experiment."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fake_experiment import EXPERIMENT_TEXT, write_fake_experiment

from govsim.analysis.results import load_results
from govsim.cli.main import main
from govsim.outputs.figures import draw_figures
from govsim.outputs.report import format_estimate, format_number, write_report


def keep_only(root: Path, *stems: str) -> Path:
    """Delete every table but ``stems``: tests of text need no figures (and run faster)."""
    for csv in (root / "tables").glob("*.csv"):
        if csv.stem not in stems:
            csv.unlink()
    return root


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, str]:
    root = write_fake_experiment(tmp_path_factory.mktemp("report") / "policy_levels")
    path = write_report(root)
    return root, path.read_text(encoding="utf-8")


def test_report_is_written_next_to_the_tables(report):
    root, html = report
    assert (root / "report.html").is_file()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_report_embeds_every_figure_with_a_caption(report):
    root, html = report
    names = [d.name for d in draw_figures(load_results(root))]
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == len(names) == 10
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    for number, name in enumerate(names, start=1):
        assert f'id="fig-{name}"' in html
        assert f"<b>Figure {number}." in html
    assert html.count("<figcaption>") == len(names)


class _TagChecker(HTMLParser):
    """Collects tags that are closed without being open, and those left open."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_report_html_is_well_formed(report):
    _, html = report
    checker = _TagChecker()
    checker.feed(html)
    assert checker.errors == [] and checker.stack == []


def test_report_is_self_contained(report):
    _, html = report
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_report_lists_every_table(report):
    root, html = report
    for csv in (root / "tables").glob("*.csv"):
        assert f"tables/{csv.name}" in html, csv.name


def test_report_shows_results_with_intervals_and_readable_labels(report):
    _, html = report
    assert "<h3>Scenario means</h3>" in html and "<h3>Paired effects</h3>" in html
    assert "<td>All three levels</td>" in html
    # baseline participation mean 0.2 with half-width 0.015 in the fixture
    assert '<td class="num">0.200 [0.185, 0.215]</td>' in html
    assert "<td>Government × Organizations × Residents</td>" in html
    assert "<td>Training (intensity)</td>" in html
    assert "policies.training.intensity" not in html


def test_report_says_what_was_run_and_its_provenance(report):
    _, html = report
    assert "name = &quot;policy_levels&quot;" in html  # the experiment file, escaped
    assert EXPERIMENT_TEXT.splitlines()[3].split("[")[0].strip() in html
    for text in (
        "<dd>compare</dd>",
        "<dd>20240601</dd>",
        "<dd>50 (1 failed)</dd>",
        "<dt>mesa</dt><dd>3.3.1</dd>",
        "<dt>SALib</dt><dd>1.6.0</dd>",
        "<dt>numpy</dt><dd>2.1.0</dd>",
        "<dt>git commit</dt><dd>d46535c</dd>",
        "<dd>3.2 min</dd>",
    ):
        assert text in html, text


def test_report_lists_failed_runs(report):
    _, html = report
    section = html[html.index('id="failures"') : html.index('id="provenance"')]
    assert "1 of 50 runs failed" in section
    assert "<td>0303abcdef</td>" in section


def test_report_without_failures_says_so(tmp_path):
    root = keep_only(write_fake_experiment(tmp_path / "exp", n_failed=0, n_done=50), "runs")
    runs = root / "tables" / "runs.csv"
    runs.write_text(runs.read_text().replace(",failed,", ",done,"))
    html = write_report(root).read_text()
    assert "No run failed." in html


def test_report_escapes_text_from_the_experiment(tmp_path):
    root = write_fake_experiment(
        tmp_path / "exp", name="<script>alert(1)</script>", experiment_file='name = "<b>"\n'
    )
    keep_only(root, "scenario_means")
    html = write_report(root).read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "name = &quot;&lt;b&gt;&quot;" in html


def test_report_reads_the_experiment_file_when_metadata_names_a_path(tmp_path):
    root = write_fake_experiment(tmp_path / "exp", experiment_file="experiment.toml")
    keep_only(root, "scenario_means")
    (root / "experiment.toml").write_text('name = "from_file"\n')
    assert "name = &quot;from_file&quot;" in write_report(root).read_text()


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (0.2, 0.185, 0.215, "0.200 [0.185, 0.215]"),
        (25.44, 23.61, 27.22, "25.4 [23.6, 27.2]"),
        (1234.5, 1000.0, 1500.0, "1,234 [1,000, 1,500]"),
        (0.5, 0.5, 0.5, "0.500 [0.500, 0.500]"),
    ],
)
def test_estimates_are_rounded_to_the_precision_of_their_interval(value, low, high, expected):
    assert format_estimate(value, low, high) == expected


def test_format_number_handles_missing_values():
    assert format_number(float("nan")) == "–"
    assert format_number(0.0) == "0.0"


def test_cli_report_writes_the_file_and_prints_its_path(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    out = tmp_path / "supplement.html"
    assert main(["report", str(root), "--out", str(out), "--outputs", "satisfaction"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    html = out.read_text()
    assert html.count("data:image/png;base64,") == 10


def test_cli_report_on_a_directory_that_is_not_an_experiment_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not a govsim experiment directory" in err and "Traceback" not in err


def test_cli_report_on_an_unfinished_experiment_exits_2(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp", finished=None)
    assert main(["report", str(root)]) == 2
    assert "unfinished" in capsys.readouterr().err
    assert not (root / "report.html").exists()


def test_cli_report_with_broken_metadata_exits_2(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    meta = root / "tables" / "metadata.json"
    meta.write_text("{not json")
    assert main(["report", str(root)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    meta.write_text(json.dumps({"name": "x"}))
    assert main(["report", str(root)]) == 2
    assert "lacks design" in capsys.readouterr().err


def test_cli_report_with_an_unknown_output_exits_2(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    assert main(["report", str(root), "--outputs", "satisfacton"]) == 2
    assert "did you mean 'satisfaction'" in capsys.readouterr().err
