"""`govsim report`: a self-contained HTML report from a finished experiment."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from fake_experiment import EXPERIMENT_TEXT, write_fake_experiment

from govsim.analysis.results import load_results
from govsim.analysis.tables import TABLES, Cell, TableSpec
from govsim.cli.main import main
from govsim.errors import UserError
from govsim.outputs import report_tables
from govsim.outputs.figures import draw_figures
from govsim.outputs.formatting import format_count, format_percent, format_plus_minus
from govsim.outputs.report import format_estimate, format_number, write_report
from govsim.outputs.report_tables import LISTED
from govsim.outputs.style import parameter_label


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
    # ten figures of compared and sampled designs, six of patterns and robustness, and
    # three of scenario discovery for each of the two questions asked
    assert len(images) == len(names) == 22
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


def experiment_file_shown(html: str) -> str:
    """The experiment file as a reader sees it: the <pre> block, unescaped."""
    match = re.search(r"<pre>(.*?)</pre>", html, re.S)
    assert match, "no experiment file in the report"
    return unescape(match.group(1))


def test_report_says_what_was_run_and_its_provenance(report):
    _, html = report
    assert experiment_file_shown(html) == EXPERIMENT_TEXT
    assert '"policy_levels"' not in html  # quotes from the file are escaped
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
    assert "<script>" not in html and '<b>"' not in html
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert experiment_file_shown(html) == 'name = "<b>"\n'


@pytest.mark.parametrize("named", ["absolute", "relative"])
def test_report_never_copies_a_file_the_metadata_names(tmp_path, named):
    # issue 12: metadata.json naming a local file put that file into the HTML
    secret = tmp_path / "secret.txt"
    secret.write_text("password = hunter2\n")
    value = str(secret) if named == "absolute" else "../secret.txt"
    root = write_fake_experiment(tmp_path / "exp", experiment_file=value)
    keep_only(root, "scenario_means")
    html = write_report(root).read_text()
    assert "hunter2" not in html
    assert experiment_file_shown(html) == value  # the stored text, shown as it is


def test_report_out_in_a_missing_folder_is_a_message(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    keep_only(root, "scenario_means")
    assert main(["report", str(root), "--out", str(tmp_path / "nowhere" / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "does not exist" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (0.2, 0.185, 0.215, "0.200 [0.185, 0.215]"),
        (25.44, 23.61, 27.22, "25.4 [23.6, 27.2]"),
        (1234.5, 1000.0, 1500.0, "1,234 [1,000, 1,500]"),
        (0.5, 0.5, 0.5, "0.500 [0.500, 0.500]"),
        (5.0, 5.0 - 4e-15, 5.0 + 4e-15, "5.00 [5.00, 5.00]"),  # exact but for rounding error
    ],
)
def test_estimates_are_rounded_to_the_precision_of_their_interval(value, low, high, expected):
    assert format_estimate(value, low, high) == expected


def test_format_number_handles_missing_values():
    assert format_number(float("nan")) == "–"
    assert format_number(0.0) == "0.0"


def test_half_widths_and_shares_are_formatted_like_estimates():
    assert format_plus_minus(0.3, 0.05) == "0.300 ± 0.050"
    assert format_plus_minus(12.345, float("nan")) == "12.3 ± –"  # no interval: own precision
    assert format_percent(0.042) == "4.2%" and format_percent(float("nan")) == "–"
    assert format_count(400.0) == "400" and format_count(12345) == "12,345"
    assert format_count(float("nan")) == "–"


def test_cli_report_writes_the_file_and_prints_its_path(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    out = tmp_path / "supplement.html"
    assert main(["report", str(root), "--out", str(out), "--outputs", "satisfaction"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    html = out.read_text()
    # satisfaction has no goal, so no claim or regret figure: 22 - 2
    assert html.count("data:image/png;base64,") == 20


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


# ---------------------------------------------------------------- results from the registry


def section(html: str, anchor: str) -> str:
    """The HTML of one section or result block, from its id to the next block."""
    start = html.index(f'id="{anchor}"')
    ends = [html.find(marker, start + 1) for marker in ('<div id="table-', "<section", "</body>")]
    return html[start : min(e for e in ends if e > 0)]


def test_fake_experiment_writes_every_declared_table(tmp_path):
    root = write_fake_experiment(tmp_path / "exp")
    assert {p.stem for p in (root / "tables").glob("*.csv")} == {spec.name for spec in TABLES}


def test_the_report_knows_every_display_cell_kind_and_labeller_the_registry_uses():
    assert {spec.display for spec in TABLES} <= {*LISTED, "figure", "summary"}
    for spec in TABLES:
        for cell in spec.cells:
            assert cell.kind in {"label", "estimate", "plus_minus", "number", "count", "percent"}
            assert cell.kind != "label" or cell.label in report_tables.LABELLERS, spec.name
        if spec.display == "pivot":
            assert spec.row_label in report_tables.LABELLERS and spec.value, spec.name


def test_every_listed_table_has_a_results_block_and_the_others_do_not(report):
    _, html = report
    for spec in TABLES:
        block = f'<div id="table-{spec.name}">\n<h3>{spec.title}</h3>'
        assert (block in html) == (spec.display in LISTED), spec.name
    assert html.index('id="results"') < html.index('id="figures"')


def test_per_output_tables_sort_by_their_declared_column(report):
    root, html = report
    table = pd.read_csv(root / "tables" / "rank_correlations.csv")
    part = table[table["output"] == "satisfaction"]
    expected = part.reindex(part["prcc"].abs().sort_values(ascending=False).index)
    block = section(html, "table-rank_correlations")
    satisfaction = block[block.index("<caption>Satisfaction") :].split("</table>")[0]
    shown = re.findall(r"<tr><td>([^<]+)</td>", satisfaction)
    assert shown == [parameter_label(p) for p in expected["parameter"]]  # by |PRCC|, not PRCC


def test_cells_are_formatted_as_their_kind_declares(report):
    root, html = report
    morris = section(html, "table-morris")
    assert "<th>μ* ± 95% CI</th><th>σ</th>" in morris
    assert re.search(r'<td class="num">\d\.\d+ ± \d\.\d+</td>', morris)
    noise = section(html, "table-seed_variance")
    assert (
        '<td>Cost per satisfied resident (yuan per month)</td><td class="num">20.0%</td>' in noise
    )
    # a plain number takes the precision of its row's interval: Spearman rho
    # with a PRCC half-width near 0.1 gets two decimals
    ranks = section(html, "table-rank_correlations")
    assert re.search(r'<td>[^<]+</td><td class="num">-?0\.\d\d</td><td class="num">', ranks)


def test_captions_name_the_base_scenario(report):
    _, html = report
    assert "Effect against Baseline: the mean difference" in section(html, "table-paired_effects")


def test_a_newly_declared_table_is_reported_without_report_code(tmp_path, monkeypatch):
    root = keep_only(write_fake_experiment(tmp_path / "exp"), "runs")
    pd.DataFrame({"output": ["y", "y"], "parameter": ["a", "b"], "score": [0.1, 0.7]}).to_csv(
        root / "tables" / "new_scores.csv", index=False
    )
    new = TableSpec(
        "new_scores",
        "New scores",
        ("output", "parameter", "score"),
        "Scores against {base}",
        ("lhs",),
        "per_output",
        cells=(
            Cell("Parameter", "label", ("parameter",), "parameter"),
            Cell("Score", "number", ("score",)),
        ),
        sort_by="score",
    )
    monkeypatch.setattr(report_tables, "TABLES", (*TABLES, new))
    html = write_report(root).read_text()
    block = section(html, "table-new_scores")
    assert "<h3>New scores</h3>" in block and "Scores against Baseline." in block
    assert re.findall(r"<tr><td>(\w)</td>", block) == ["b", "a"]  # largest score first


def test_a_table_lacking_a_shown_column_is_a_user_error(tmp_path):
    root = keep_only(write_fake_experiment(tmp_path / "exp"), "runs", "scenario_means")
    means = root / "tables" / "scenario_means.csv"
    pd.read_csv(means).drop(columns=["ci_high"]).to_csv(means, index=False)
    with pytest.raises(UserError, match=r"scenario_means.csv lacks column\(s\) ci_high; analyse"):
        write_report(root)


def test_every_link_in_the_report_leads_somewhere(report):
    _, html = report
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= ids, targets - ids


def test_provenance_says_where_each_table_is_shown(report):
    _, html = report
    listing = section(html, "provenance")
    assert '<a href="#fig-network">the Network snapshot figure</a>' in listing
    assert '<a href="#fig-envelope">the Envelope of trajectories figure</a>' in listing
    assert '<a href="#table-rank_correlations">listed above</a>' in listing
    assert '<a href="#run">summarised above</a>' in listing


def test_a_sampled_design_reports_its_points_not_scenarios(tmp_path):
    root = keep_only(
        write_fake_experiment(tmp_path / "exp", design="lhs", scenarios=["base"], base="base"),
        "runs",
        "rank_correlations",
    )
    html = write_report(root).read_text()
    assert "<dt>Sampled parameter points</dt><dd>5</dd>" in html
    assert "<dt>Scenarios</dt>" not in html and "<dt>Base scenario</dt>" not in html
