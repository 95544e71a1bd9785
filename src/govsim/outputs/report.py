"""A self-contained HTML report of an experiment, for a paper's supplement.

One file, no external CSS, JavaScript or images (figures are embedded as
base64 PNG), built from the analysis tables only: what was run, the results
with their confidence intervals, the figures with captions, the failed runs and
the provenance (versions, git commit, dates, run time).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from govsim._version import __version__
from govsim.analysis.results import Results, load_results
from govsim.outputs.figures import DrawnFigure, draw_figures
from govsim.outputs.style import output_label, parameter_label, scenario_label, term_label

__all__ = ["format_estimate", "format_number", "render_report", "write_report"]

#: Resolution of the PNG figures embedded in the report (screen, not print).
REPORT_DPI = 200

#: Tables with one row per step or sample: summarised by a figure, not listed.
_SHOWN_AS_FIGURE = {
    "timeseries_summary": "the trajectories figure",
    "sobol_convergence": "the convergence figure",
    "network_nodes": "the network figure",
    "network_edges": "the network figure",
}

#: Run statuses that mean success.
_OK = {"ok", "done", "success", "succeeded", "completed", "finished"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:62rem;
margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
h3{margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .6rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th{background:#f4f4f4}caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;font-size:.85rem}
.wide{overflow-x:auto;max-width:100%}
figure{margin:1.4rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9rem;color:#333;margin-top:.4rem}.muted{color:#666}
nav ul{columns:2}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}dd{margin:0}
"""

# ---------------------------------------------------------------- numbers


def _decimals(scale: float) -> int:
    """Decimals that show ``scale`` with two significant digits (0 to 6)."""
    if not math.isfinite(scale) or scale <= 0:
        return 3
    return int(min(6, max(0, 1 - math.floor(math.log10(scale)))))


def format_number(value: Any, scale: float | None = None) -> str:
    """A number rounded to two significant digits of ``scale`` (default: itself).

    Rounding to the precision of the confidence interval avoids printing digits
    that the replications cannot support.
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        return escape(str(value))
    if math.isnan(x):
        return "–"
    if scale is None:
        scale = abs(x) / 10 if x else 1.0
    return f"{x:,.{_decimals(abs(scale))}f}"


def format_estimate(value: float, low: float, high: float) -> str:
    """``value [low, high]`` rounded to the precision of the interval."""
    half = (float(high) - float(low)) / 2
    scale = half if half > 0 else None
    return (
        f"{format_number(value, scale)} [{format_number(low, scale)}, {format_number(high, scale)}]"
    )


def _plus_minus(value: float, conf: float) -> str:
    scale = float(conf) if float(conf) > 0 else None
    return f"{format_number(value, scale)} ± {format_number(conf, scale)}"


# ---------------------------------------------------------------- HTML pieces


def _table(
    header: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "", numeric_from: int = 1
) -> str:
    """An HTML table; cells are escaped here unless they are already markup."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{escape(c)}</td>' if i >= numeric_from else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    table = f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    # a table with many outputs scrolls inside its box instead of widening the page
    return f'<div class="wide">{table}</div>'


def _estimates_by(
    frame: pd.DataFrame,
    row_key: str,
    row_label: Callable[[str], str],
    outputs: list[str],
    value: str,
) -> tuple[list[str], list[list[str]]]:
    """Pivot ``value [ci_low, ci_high]`` to rows by ``row_key`` and a column per output."""
    header = [row_key.capitalize(), *[output_label(o) for o in outputs]]
    rows = []
    for key in dict.fromkeys(frame[row_key]):
        part = frame[frame[row_key] == key].set_index("output")
        cells = [row_label(str(key))]
        for output in outputs:
            if output in part.index:
                r = part.loc[output]
                cells.append(format_estimate(r[value], r["ci_low"], r["ci_high"]))
            else:
                cells.append("–")
        rows.append(cells)
    return header, rows


def _outputs_in(frame: pd.DataFrame, outputs: list[str]) -> list[str]:
    present = set(frame["output"].astype(str))
    return [o for o in outputs if o in present] or list(dict.fromkeys(frame["output"]))


# ---------------------------------------------------------------- sections


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(title)}</h2>{body}</section>'


def _experiment_text(results: Results) -> str:
    """The experiment file: stored text, or the file it names if that still exists."""
    value = str(results.metadata.get("experiment_file") or "")
    if value and "\n" not in value and len(value) < 500:
        for candidate in (Path(value), results.path / value):
            if candidate.is_file():
                return candidate.read_text(encoding="utf-8", errors="replace")
    return value


def _scenario_names(meta: dict[str, Any]) -> list[str]:
    scenarios = meta.get("scenarios") or []
    if isinstance(scenarios, dict):
        return [str(s) for s in scenarios]
    return [s if isinstance(s, str) else str(s.get("name", s)) for s in scenarios]


def _run_time(results: Results) -> tuple[str, str]:
    """Wall-clock time from the metadata dates and summed run time from runs.csv."""
    wall = "–"
    try:
        start = datetime.fromisoformat(str(results.metadata["started"]))
        end = datetime.fromisoformat(str(results.metadata["finished"]))
        wall = _duration((end - start).total_seconds())
    except (KeyError, ValueError, TypeError):
        pass
    total = "–"
    if results.has("runs") and "duration" in results.table("runs"):
        total = _duration(float(results.table("runs")["duration"].sum()))
    return wall, total


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.1f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.2f} h"


def _what_was_run(results: Results) -> str:
    meta = results.metadata
    names = _scenario_names(meta)
    scenario_list = ", ".join(f"{scenario_label(s)} ({s})" for s in names) or "–"
    outputs = ", ".join(output_label(o) for o in results.outputs) or "–"
    items = [
        ("Experiment", str(meta.get("name", ""))),
        ("Design", str(meta.get("design", ""))),
        ("Base scenario", scenario_label(results.base) if results.base else "–"),
        ("Scenarios", scenario_list),
        ("Outputs", outputs),
        ("Replications", str(meta.get("replications", "–"))),
        ("Runs", f"{meta.get('n_runs', '–')} ({meta.get('n_failed', 0)} failed)"),
        ("Root seed", str(meta.get("root_seed", "–"))),
    ]
    if results.has("runs"):
        seeds = results.table("runs")["seed"]
        items.append(
            (
                "Run seeds",
                f"{seeds.nunique()} distinct, derived from the root seed with numpy SeedSequence",
            )
        )
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    text = _experiment_text(results)
    pre = (
        f"<h3>Experiment file</h3><pre>{escape(text)}</pre>"
        if text
        else '<p class="muted">The experiment file was not stored.</p>'
    )
    return _section("run", "What was run", f"<dl>{dl}</dl>{pre}")


#: Estimate tables: (table, row key, row labeller, value column, heading, caption).
#: A caption may name ``{base}``, the paired comparison's base scenario.
_ESTIMATE_TABLES = (
    (
        "scenario_means",
        "scenario",
        scenario_label,
        "mean",
        "Scenario means",
        "Mean over replications of each output's final value, with 95% confidence "
        "intervals (tables/scenario_means.csv)",
    ),
    (
        "paired_effects",
        "scenario",
        scenario_label,
        "effect",
        "Paired effects",
        "Effect against {base} on common random numbers, with 95% bootstrap confidence "
        "intervals (tables/paired_effects.csv)",
    ),
    (
        "factorial_effects",
        "term",
        term_label,
        "effect",
        "Factorial effects",
        "Main effects and interactions with 95% confidence intervals "
        "(tables/factorial_effects.csv)",
    ),
)


def _table_sections(results: Results) -> str:
    outputs = results.outputs
    parts = []
    for name, key, labeller, value, heading, caption in _ESTIMATE_TABLES:
        if not results.has(name):
            continue
        frame = results.table(name)
        base = scenario_label(str(frame["base"].iloc[0])) if "base" in frame and len(frame) else ""
        header, rows = _estimates_by(frame, key, labeller, _outputs_in(frame, outputs), value)
        parts.append(f"<h3>{heading}</h3>" + _table(header, rows, caption.format(base=base)))
    parts += _sensitivity_tables(results, outputs)
    return _section("tables", "Results", "".join(parts)) if parts else ""


def _per_output(
    frame: pd.DataFrame,
    outputs: list[str],
    header: list[str],
    row: Callable[[pd.Series], list[str]],
    title: str,
    source: str,
) -> str:
    """One table per output: ``row`` turns each row of ``frame`` into cells."""
    html = []
    for output in _outputs_in(frame, outputs):
        part = frame[frame["output"] == output]
        html.append(
            _table(
                header,
                [row(r) for _, r in part.iterrows()],
                f"{title}: {output_label(output)} ({source})",
            )
        )
    return "".join(html)


def _sensitivity_tables(results: Results, outputs: list[str]) -> list[str]:
    parts = []
    if results.has("sobol_indices"):
        frame = results.table("sobol_indices").sort_values(
            ["output", "ST"], ascending=[True, False]
        )
        parts.append(
            "<h3>Sobol indices</h3>"
            + _per_output(
                frame,
                outputs,
                ["Parameter", "S1 ± 95% CI", "ST ± 95% CI"],
                lambda r: [
                    parameter_label(r["parameter"]),
                    _plus_minus(r["S1"], r["S1_conf"]),
                    _plus_minus(r["ST"], r["ST_conf"]),
                ],
                "Sobol indices",
                "tables/sobol_indices.csv",
            )
        )
    if results.has("sobol_s2"):
        frame = results.table("sobol_s2")
        parts.append(
            "<h3>Second-order Sobol indices</h3>"
            + _per_output(
                frame,
                outputs,
                ["Parameter 1", "Parameter 2", "S2 ± 95% CI"],
                lambda r: [
                    parameter_label(r["parameter_1"]),
                    parameter_label(r["parameter_2"]),
                    _plus_minus(r["S2"], r["S2_conf"]),
                ],
                "Second-order indices",
                "tables/sobol_s2.csv",
            )
        )
    if results.has("seed_variance"):
        frame = results.table("seed_variance")
        rows = [
            [output_label(str(r["output"])), f"{100 * float(r['seed_variance_share']):.1f}%"]
            for _, r in frame.iterrows()
        ]
        parts.append(
            "<h3>Seed noise</h3>"
            + _table(
                ["Output", "Share of variance due to the seed"],
                rows,
                "Output variance across replications of the same parameters, as a share of the "
                "total (tables/seed_variance.csv)",
            )
        )
    if results.has("morris"):
        frame = results.table("morris").sort_values(["output", "mu_star"], ascending=[True, False])
        parts.append(
            "<h3>Morris screening</h3>"
            + _per_output(
                frame,
                outputs,
                ["Parameter", "μ* ± 95% CI", "σ"],
                lambda r: [
                    parameter_label(r["parameter"]),
                    _plus_minus(r["mu_star"], r["mu_star_conf"]),
                    format_number(r["sigma"], float(r["mu_star_conf"]) or None),
                ],
                "Morris indices",
                "tables/morris.csv",
            )
        )
    return parts


def _figures_section(drawn: list[DrawnFigure]) -> str:
    if not drawn:
        return ""
    parts = []
    for number, fig in enumerate(drawn, start=1):
        buffer = io.BytesIO()
        fig.figure.savefig(
            buffer, format="png", dpi=REPORT_DPI, bbox_inches="tight", pad_inches=0.03
        )
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        parts.append(
            f'<figure id="fig-{escape(fig.name)}"><img alt="{escape(fig.title)}" '
            f'src="data:image/png;base64,{data}"><figcaption><b>Figure {number}. '
            f"{escape(fig.title)}.</b> {escape(fig.caption)} "
            f'<span class="muted">(figures/{escape(fig.name)}.pdf)</span></figcaption></figure>'
        )
    return _section("figures", "Figures", "".join(parts))


def _failed_runs(results: Results) -> pd.DataFrame:
    if not results.has("runs"):
        return pd.DataFrame()
    runs = results.table("runs")
    return runs[~runs["status"].astype(str).str.lower().isin(_OK)]


def _failures_section(results: Results) -> str:
    failed = _failed_runs(results)
    n_failed = int(results.metadata.get("n_failed") or 0)
    if failed.empty and n_failed == 0:
        return _section("failures", "Failures", "<p>No run failed.</p>")
    columns = [
        c
        for c in ("run_key", "scenario", "sample", "replication", "seed", "status", "error")
        if c in failed.columns
    ]
    rows = [[str(r[c])[:300] for c in columns] for _, r in failed.iterrows()]
    text = (
        f"<p>{n_failed} of {results.metadata.get('n_runs', '?')} runs failed; the "
        "analysis used the runs that finished.</p>"
    )
    return _section("failures", "Failures", text + _table(columns, rows, numeric_from=99))


def _git_commit(meta: dict[str, Any]) -> str:
    versions = meta.get("versions") or {}
    for source in (versions, meta):
        for key in ("git_commit", "git", "commit"):
            if source.get(key):
                return str(source[key])
    return "not recorded"


def _provenance_section(results: Results) -> str:
    meta = results.metadata
    versions = meta.get("versions") or {}
    wall, total = _run_time(results)
    items = [
        (name, str(value))
        for name, value in versions.items()
        if name not in ("git_commit", "git", "commit")
    ]
    items += [
        ("git commit", _git_commit(meta)),
        ("Started", str(meta.get("started", "–"))),
        ("Finished", str(meta.get("finished", "–"))),
        ("Wall-clock time", wall),
        ("Summed run time", total),
        ("Report", f"govsim {__version__}, {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}"),
    ]
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    listing = _table(
        ["Table", "Rows", "In this report"],
        [
            [
                f"tables/{name}.csv",
                str(len(results.table(name))),
                _SHOWN_AS_FIGURE.get(
                    name, "listed above" if name != "runs" else "summarised above"
                ),
            ]
            for name in results.available()
        ],
        numeric_from=1,
    )
    return _section("provenance", "Provenance", f"<dl>{dl}</dl><h3>Analysis tables</h3>{listing}")


def render_report(
    results: Results,
    outputs: Sequence[str] | None = None,
) -> str:
    """The report of an experiment as one self-contained HTML string.

    Args:
        results: the experiment's tables (:func:`govsim.analysis.results.load_results`).
        outputs: outputs shown in the figures (default: all).
    """
    drawn = list(draw_figures(results, outputs, "paper"))
    name = str(results.metadata.get("name", results.path.name))
    sections = [
        _what_was_run(results),
        _table_sections(results),
        _figures_section(drawn),
        _failures_section(results),
        _provenance_section(results),
    ]
    toc = "".join(
        f'<li><a href="#{a}">{t}</a></li>'
        for a, t in (
            ("run", "What was run"),
            ("tables", "Results"),
            ("figures", "Figures"),
            ("failures", "Failures"),
            ("provenance", "Provenance"),
        )
        if f'id="{a}"' in "".join(sections)
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(name)}: govsim report'
        f'</title><meta name="generator" content="govsim {__version__}">'
        f"<style>{_CSS}</style></head><body>"
        f'<h1>{escape(name)}</h1><p class="muted">Experiment report written by govsim '
        f"{__version__} from {escape(str(results.tables_dir))}</p>"
        f"<nav><ul>{toc}</ul></nav>{''.join(sections)}</body></html>\n"
    )


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
