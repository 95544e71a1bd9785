"""A self-contained HTML report of an experiment, for a paper's supplement.

One file, no external CSS, JavaScript or images (figures are embedded as
base64 PNG), built from the analysis tables only: what was run, the results
with their intervals, the figures with captions, the failed runs and the
provenance (versions, git commit, dates, run time).

Python computes and formats every number and builds a plain context; the page
itself is the Jinja2 template ``templates/report.html.j2``, rendered with
autoescaping, so text from an experiment file can never become markup. The
results section lists every table the analysis table registry declares as
listed (:mod:`govsim.outputs.report_tables`). Every word of the page comes
from the catalogue (``report.*``), so ``lang="zh"`` gives the report in Chinese;
its figures are drawn in Chinese where a CJK font is installed, else in English
(:func:`govsim.i18n.fonts.figure_language`).
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
from govsim.i18n import check_language, text, translate
from govsim.i18n.fonts import figure_language
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

#: The ``lang`` attribute of the page per language (BCP 47).
_HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def _t(key: str, lang: str, **fields: object) -> str:
    return text(f"report.{key}", lang, **fields)


def _item(key: str, lang: str) -> str:
    return _t(f"item.{key}", lang)


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


def _design_items(results: Results, lang: str) -> list[tuple[str, str]]:
    """The scenarios compared, or the number of points a sampled design drew."""
    meta = results.metadata
    if meta.get("design") == "robustness":
        return _robustness_items(results, lang)
    if meta.get("design") in SAMPLED:
        runs, reps = meta.get("n_runs"), meta.get("replications")
        if isinstance(runs, int) and isinstance(reps, int) and reps > 0:
            return [(_item("points", lang), str(runs // reps))]
        return []
    names = _scenario_names(meta)
    base = scenario_label(results.base, lang) if results.base else "–"
    return [(_item("base", lang), base), (_item("scenarios", lang), _listed(names, lang))]


def _listed(names: list[str], lang: str) -> str:
    """Scenarios by their names and keys: ``Baseline (baseline), ...`` ("–" for none)."""
    named = [_t("name_and_key", lang, name=scenario_label(s, lang), code=s) for s in names]
    return _t("list_separator", lang).join(named) or "–"


def _robustness_items(results: Results, lang: str) -> list[tuple[str, str]]:
    """Policies compared, the base, the points sampled and how many show P1."""
    meta = results.metadata
    names = _scenario_names(meta)
    base = scenario_label(results.base, lang) if results.base else "–"
    items = [(_item("base_policy", lang), base), (_item("policies", lang), _listed(names, lang))]
    runs, reps = meta.get("n_runs"), meta.get("replications")
    if isinstance(runs, int) and isinstance(reps, int) and reps > 0 and names:
        items.append((_item("points", lang), str(runs // reps // len(names))))
    if results.has("robustness_filter"):
        table = results.table("robustness_filter")
        row = table[table["criterion"] == "all"]
        if len(row):
            fields = {"kept": int(row["n_kept"].iloc[0]), "n": int(row["n"].iloc[0])}
            items.append((_item("points_p1", lang), _t("kept_of", lang, **fields)))
    return items


def _design(design: str, lang: str) -> str:
    """The design's name as experiment files write it, with its name in other languages."""
    named = translate(f"design.{design}", lang, design)
    return design if named == design else _t("name_and_key", lang, name=named, code=design)


def _run_items(results: Results, lang: str) -> list[tuple[str, str]]:
    meta = results.metadata
    labels = [output_label(o, lang=lang) for o in experiment_outputs(results)]
    outputs = _t("list_separator", lang).join(labels) or "–"
    runs = _t("runs_value", lang, runs=meta.get("n_runs", "–"), failed=meta.get("n_failed", 0))
    items = [
        (_item("experiment", lang), str(meta.get("name", ""))),
        (_item("design", lang), _design(str(meta.get("design", "")), lang)),
        *_design_items(results, lang),
        (_item("outputs", lang), outputs),
        (_item("replications", lang), str(meta.get("replications", "–"))),
        (_item("runs", lang), runs),
        (_item("root_seed", lang), str(meta.get("root_seed", "–"))),
    ]
    if results.has("runs"):
        seeds = results.table("runs")["seed"].nunique()
        items.append((_item("run_seeds", lang), _t("run_seeds_value", lang, seeds=seeds)))
    return items


# ---------------------------------------------------------------- figures


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=REPORT_DPI, bbox_inches="tight", pad_inches=0.03)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(drawn: list[DrawnFigure], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "name": fig.name,
            "title": fig.title,
            "label": _t("figure_label", lang, number=number, title=fig.title),
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


def _failures(results: Results, lang: str) -> dict[str, Any]:
    failed = _failed_runs(results)
    columns = [
        c
        for c in ("run_key", "scenario", "sample", "replication", "seed", "status", "error")
        if c in failed.columns
    ]
    rows = [
        [TableCell(str(r[c])[:300], numeric=False) for c in columns] for _, r in failed.iterrows()
    ]
    n_failed = int(results.metadata.get("n_failed") or 0) or len(failed)
    n_runs = results.metadata.get("n_runs", "?")
    return {
        "n_failed": n_failed,
        "text": _t("some_failed", lang, failed=n_failed, runs=n_runs)
        if n_failed
        else _t("no_failures", lang),
        "table": ShownTable("", columns, rows) if rows else None,
    }


# ---------------------------------------------------------------- provenance


def _git_commit(meta: dict[str, Any], lang: str) -> str:
    versions = meta.get("versions") or {}
    for source in (versions, meta):
        for key in _COMMIT_KEYS:
            if source.get(key):
                return str(source[key])
    return _t("not_recorded", lang)


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


def _provenance_items(results: Results, lang: str) -> list[tuple[str, str]]:
    meta = results.metadata
    versions = meta.get("versions") or {}
    wall, total = _run_time(results)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        *((name, str(value)) for name, value in versions.items() if name not in _COMMIT_KEYS),
        (_item("git_commit", lang), _git_commit(meta, lang)),
        (_item("started", lang), str(meta.get("started", "–"))),
        (_item("finished", lang), str(meta.get("finished", "–"))),
        (_item("wall_clock", lang), wall),
        (_item("summed", lang), total),
        (_item("report", lang), f"{software_tag()}, {now}"),
    ]


def _first_page(figure: str, drawn: list[DrawnFigure]) -> str:
    """The name of the figure's first drawn page ("" if it was not drawn)."""
    for page in (d.name for d in drawn):
        if page == figure or (page.startswith(f"{figure}_") and page[len(figure) + 1 :].isdigit()):
            return page
    return ""


def _where_shown(name: str, drawn: list[DrawnFigure], lang: str) -> TableCell:
    """Where the report shows a table, as its declaration says; linked when it is there."""
    spec = table_spec(name)
    if spec.display in LISTED:
        return TableCell(_t("listed_above", lang), numeric=False, href=f"#table-{name}")
    if spec.display == "figure" and spec.figure:
        page = _first_page(spec.figure, drawn)
        title = figure_spec(spec.figure).title_in(lang)
        where = _t("the_figure", lang, title=title)
        return TableCell(where, False, href=f"#fig-{page}" if page else "")
    return TableCell(_t("summarised_above", lang), numeric=False, href="#run")


def _table_listing(results: Results, drawn: list[DrawnFigure], lang: str) -> ShownTable:
    rows = [
        [
            TableCell(f"tables/{name}.csv", numeric=False),
            TableCell(str(len(results.table(name))), numeric=True),
            _where_shown(name, drawn, lang),
        ]
        for name in results.available()
    ]
    header = [_t(f"column.{key}", lang) for key in ("table", "rows", "shown")]
    return ShownTable("", header, rows)


# ---------------------------------------------------------------- the page


#: The words of the template itself, by name (``report.<name>`` in the catalogue).
_PAGE_WORDS = (
    "what_was_run",
    "results",
    "figures",
    "failures",
    "provenance",
    "experiment_file",
    "no_experiment_file",
    "full_stop",
    "analysis_tables",
)


def report_context(results: Results, drawn: list[DrawnFigure], lang: str = "en") -> dict[str, Any]:
    """Everything the report template shows, as plain values (text not yet escaped).

    Args:
        results: the experiment's tables.
        drawn: the figures to embed, in order.
        lang: language of the page's words, labels and captions.
    """
    check_language(lang)
    outputs = experiment_outputs(results)
    name = str(results.metadata.get("name", results.path.name))
    source = str(results.tables_dir)
    words = {key: _t(key, lang) for key in _PAGE_WORDS}
    context = {
        "lang": _HTML_LANG[lang],
        "words": words,
        "name": name,
        "page_title": _t("page_title", lang, name=name),
        "byline": _t("byline", lang, version=__version__, source=source),
        "version": __version__,
        "source": source,
        "run": _run_items(results, lang),
        "experiment_file": _experiment_text(results),
        "results": result_tables(results, outputs, lang),
        "figures": _figures(drawn, lang),
        "failures": _failures(results, lang),
        "provenance": _provenance_items(results, lang),
        "tables": _table_listing(results, drawn, lang),
    }
    context["sections"] = [
        (anchor, words[key])
        for anchor, key, shown in (
            ("run", "what_was_run", True),
            ("results", "results", bool(context["results"])),
            ("figures", "figures", bool(context["figures"])),
            ("failures", "failures", True),
            ("provenance", "provenance", True),
        )
        if shown
    ]
    return context


def render_report(results: Results, outputs: Sequence[str] | None = None, lang: str = "en") -> str:
    """The report of an experiment as one self-contained HTML string.

    Args:
        results: the experiment's tables (:func:`govsim.analysis.results.load_results`).
        outputs: outputs shown in the figures (default: all).
        lang: language of the report (``"en"`` or ``"zh"``). Its figures are
            drawn in English where no CJK font is installed.
    """
    figures_lang, _ = figure_language(check_language(lang))
    drawn = list(draw_figures(results, outputs, "paper", lang=figures_lang))
    context = report_context(results, drawn, lang)
    return _environment().get_template("report.html.j2").render(context)


def write_report(
    directory: str | Path,
    out: str | Path | None = None,
    outputs: Sequence[str] | None = None,
    lang: str = "en",
) -> Path:
    """Write ``DIR/report.html`` (or ``out``) for a finished experiment.

    Args:
        directory: a finished experiment's directory, with its analysis tables.
        out: where to write (default ``DIR/report.html``).
        outputs: outputs shown in the figures (default: all).
        lang: language of the report (``"en"`` or ``"zh"``).

    Raises:
        UserError: for a directory that is not a finished, analysed experiment or
            an unknown output.
    """
    results = load_results(directory)
    path = Path(out) if out else results.path / "report.html"
    html = render_report(results, outputs, lang)
    path.write_text(html, encoding="utf-8")
    return path
