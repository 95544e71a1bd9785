"""A self-contained HTML report of an experiment, for a paper's supplement.

One file, no external CSS, JavaScript or images (figures are embedded as
base64 PNG), built from the analysis tables only: what was run, the results
with their intervals, the figures with captions, the failed runs and the
provenance (versions, git commit, dates, run time).

Python computes and formats every number and builds a plain context; the page
itself is the Jinja2 template ``templates/report.html.j2``, rendered with
autoescaping, so text from an experiment file can never become markup. The
results section lists every table the analysis table registry declares as
listed (:mod:`govsim.outputs.report_tables`).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from govsim._version import __version__
from govsim.analysis.results import Results, load_results
from govsim.analysis.tables import SAMPLED, table_spec
from govsim.outputs.figures import DrawnFigure, draw_figures, experiment_outputs, figure_spec
from govsim.outputs.formatting import format_duration, format_estimate, format_number
from govsim.outputs.report_tables import LISTED, ShownTable, TableCell, result_tables
from govsim.outputs.software import software_tag
from govsim.outputs.style import output_label, scenario_label

__all__ = [
    "REPORT_DPI",
    "format_estimate",
    "format_number",
    "render_report",
    "report_context",
    "write_report",
]

#: Resolution of the PNG figures embedded in the report (screen, not print).
REPORT_DPI = 200

#: Run statuses that mean success.
_OK = {"ok", "done", "success", "succeeded", "completed", "finished"}

#: Versions keys that hold the git commit rather than a package version.
_COMMIT_KEYS = ("git_commit", "git", "commit")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # StrictUndefined: a misspelt name in the template fails loudly instead of
    # leaving a silent gap in a supplement.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("govsim.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# ---------------------------------------------------------------- what was run


def _experiment_text(results: Results) -> str:
    """The experiment file's text as stored with the results.

    Never a file the metadata names: the report reads only the experiment
    directory it was given, so a crafted metadata.json cannot copy another
    local file into the HTML.
    """
    return str(results.metadata.get("experiment_file") or "")


def _scenario_names(meta: dict[str, Any]) -> list[str]:
    scenarios = meta.get("scenarios") or []
    if isinstance(scenarios, dict):
        return [str(s) for s in scenarios]
    return [s if isinstance(s, str) else str(s.get("name", s)) for s in scenarios]


def _design_items(results: Results) -> list[tuple[str, str]]:
    """The scenarios compared, or the number of points a sampled design drew."""
    meta = results.metadata
    if meta.get("design") == "robustness":
        return _robustness_items(results)
    if meta.get("design") in SAMPLED:
        runs, reps = meta.get("n_runs"), meta.get("replications")
        if isinstance(runs, int) and isinstance(reps, int) and reps > 0:
            return [("Sampled parameter points", str(runs // reps))]
        return []
    names = _scenario_names(meta)
    listed = ", ".join(f"{scenario_label(s)} ({s})" for s in names) or "–"
    base = scenario_label(results.base) if results.base else "–"
    return [("Base scenario", base), ("Scenarios", listed)]


def _robustness_items(results: Results) -> list[tuple[str, str]]:
    """Policies compared, the base, the points sampled and how many show P1."""
    meta = results.metadata
    names = _scenario_names(meta)
    items = [
        ("Base policy", scenario_label(results.base) if results.base else "–"),
        ("Policies", ", ".join(f"{scenario_label(s)} ({s})" for s in names) or "–"),
    ]
    runs, reps = meta.get("n_runs"), meta.get("replications")
    if isinstance(runs, int) and isinstance(reps, int) and reps > 0 and names:
        items.append(("Sampled parameter points", str(runs // reps // len(names))))
    if results.has("robustness_filter"):
        table = results.table("robustness_filter")
        row = table[table["criterion"] == "all"]
        if len(row):
            kept = f"{int(row['n_kept'].iloc[0])} of {int(row['n'].iloc[0])}"
            items.append(("Points whose status quo shows P1", kept))
    return items


def _run_items(results: Results) -> list[tuple[str, str]]:
    meta = results.metadata
    outputs = ", ".join(output_label(o) for o in experiment_outputs(results)) or "–"
    items = [
        ("Experiment", str(meta.get("name", ""))),
        ("Design", str(meta.get("design", ""))),
        *_design_items(results),
        ("Outputs", outputs),
        ("Replications", str(meta.get("replications", "–"))),
        ("Runs", f"{meta.get('n_runs', '–')} ({meta.get('n_failed', 0)} failed)"),
        ("Root seed", str(meta.get("root_seed", "–"))),
    ]
    if results.has("runs"):
        seeds = results.table("runs")["seed"].nunique()
        derived = "derived from the root seed with numpy SeedSequence"
        items.append(("Run seeds", f"{seeds} distinct, {derived}"))
    return items


# ---------------------------------------------------------------- figures


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=REPORT_DPI, bbox_inches="tight", pad_inches=0.03)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(drawn: list[DrawnFigure]) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "name": fig.name,
            "title": fig.title,
            "caption": fig.caption,
            "png": _png(fig.figure),
        }
        for number, fig in enumerate(drawn, start=1)
    ]


# ---------------------------------------------------------------- failures


def _failed_runs(results: Results) -> pd.DataFrame:
    if not results.has("runs"):
        return pd.DataFrame()
    runs = results.table("runs")
    return runs[~runs["status"].astype(str).str.lower().isin(_OK)]


def _failures(results: Results) -> dict[str, Any]:
    failed = _failed_runs(results)
    columns = [
        c
        for c in ("run_key", "scenario", "sample", "replication", "seed", "status", "error")
        if c in failed.columns
    ]
    rows = [
        [TableCell(str(r[c])[:300], numeric=False) for c in columns] for _, r in failed.iterrows()
    ]
    return {
        "n_failed": int(results.metadata.get("n_failed") or 0) or len(failed),
        "n_runs": results.metadata.get("n_runs", "?"),
        "table": ShownTable("", columns, rows) if rows else None,
    }


# ---------------------------------------------------------------- provenance


def _git_commit(meta: dict[str, Any]) -> str:
    versions = meta.get("versions") or {}
    for source in (versions, meta):
        for key in _COMMIT_KEYS:
            if source.get(key):
                return str(source[key])
    return "not recorded"


def _run_time(results: Results) -> tuple[str, str]:
    """Wall-clock time from the metadata dates and summed run time from runs.csv."""
    wall = "–"
    try:
        start = datetime.fromisoformat(str(results.metadata["started"]))
        end = datetime.fromisoformat(str(results.metadata["finished"]))
        wall = format_duration((end - start).total_seconds())
    except (KeyError, ValueError, TypeError):
        pass
    total = "–"
    if results.has("runs") and "duration" in results.table("runs"):
        total = format_duration(float(results.table("runs")["duration"].sum()))
    return wall, total


def _provenance_items(results: Results) -> list[tuple[str, str]]:
    meta = results.metadata
    versions = meta.get("versions") or {}
    wall, total = _run_time(results)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        *((name, str(value)) for name, value in versions.items() if name not in _COMMIT_KEYS),
        ("git commit", _git_commit(meta)),
        ("Started", str(meta.get("started", "–"))),
        ("Finished", str(meta.get("finished", "–"))),
        ("Wall-clock time", wall),
        ("Summed run time", total),
        ("Report", f"{software_tag()}, {now}"),
    ]


def _first_page(figure: str, drawn: list[DrawnFigure]) -> str:
    """The name of the figure's first drawn page ("" if it was not drawn)."""
    for page in (d.name for d in drawn):
        if page == figure or (page.startswith(f"{figure}_") and page[len(figure) + 1 :].isdigit()):
            return page
    return ""


def _where_shown(name: str, drawn: list[DrawnFigure]) -> TableCell:
    """Where the report shows a table, as its declaration says; linked when it is there."""
    spec = table_spec(name)
    if spec.display in LISTED:
        return TableCell("listed above", numeric=False, href=f"#table-{name}")
    if spec.display == "figure" and spec.figure:
        page = _first_page(spec.figure, drawn)
        title = figure_spec(spec.figure).title
        return TableCell(f"the {title} figure", False, href=f"#fig-{page}" if page else "")
    return TableCell("summarised above", numeric=False, href="#run")


def _table_listing(results: Results, drawn: list[DrawnFigure]) -> ShownTable:
    rows = [
        [
            TableCell(f"tables/{name}.csv", numeric=False),
            TableCell(str(len(results.table(name))), numeric=True),
            _where_shown(name, drawn),
        ]
        for name in results.available()
    ]
    return ShownTable("", ["Table", "Rows", "In this report"], rows)


# ---------------------------------------------------------------- the page


def report_context(results: Results, drawn: list[DrawnFigure]) -> dict[str, Any]:
    """Everything the report template shows, as plain values (text not yet escaped).

    Args:
        results: the experiment's tables.
        drawn: the figures to embed, in order.
    """
    outputs = experiment_outputs(results)
    context = {
        "name": str(results.metadata.get("name", results.path.name)),
        "version": __version__,
        "source": str(results.tables_dir),
        "run": _run_items(results),
        "experiment_file": _experiment_text(results),
        "results": result_tables(results, outputs),
        "figures": _figures(drawn),
        "failures": _failures(results),
        "provenance": _provenance_items(results),
        "tables": _table_listing(results, drawn),
    }
    context["sections"] = [
        (anchor, title)
        for anchor, title, shown in (
            ("run", "What was run", True),
            ("results", "Results", bool(context["results"])),
            ("figures", "Figures", bool(context["figures"])),
            ("failures", "Failures", True),
            ("provenance", "Provenance", True),
        )
        if shown
    ]
    return context


def render_report(results: Results, outputs: Sequence[str] | None = None) -> str:
    """The report of an experiment as one self-contained HTML string.

    Args:
        results: the experiment's tables (:func:`govsim.analysis.results.load_results`).
        outputs: outputs shown in the figures (default: all).
    """
    drawn = list(draw_figures(results, outputs, "paper"))
    return _environment().get_template("report.html.j2").render(report_context(results, drawn))


def write_report(
    directory: str | Path,
    out: str | Path | None = None,
    outputs: Sequence[str] | None = None,
) -> Path:
    """Write ``DIR/report.html`` (or ``out``) for a finished experiment.

    Raises:
        UserError: for a directory that is not a finished, analysed experiment or
            an unknown output.
    """
    results = load_results(directory)
    path = Path(out) if out else results.path / "report.html"
    html = render_report(results, outputs)
    path.write_text(html, encoding="utf-8")
    return path
