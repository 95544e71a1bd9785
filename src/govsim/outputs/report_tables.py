"""The report's results tables, built from the declarations in :mod:`govsim.analysis.tables`.

No table is named here: each declared table the experiment wrote is shown the
way its declaration says (``display``, ``cells``, ``sort_by``, ``caption``),
so a newly declared table appears in the report without report code. Cells
are plain text; the template escapes them. A table's title, caption and column
headings are English in its declaration; other languages take them from the
catalogue (``table.<name>.title``, ``.caption``, ``.cell_<first column>``),
falling back to the English for a table the catalogue does not know yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from govsim.analysis.results import Results
from govsim.analysis.tables import TABLES, Cell, TableSpec
from govsim.errors import UserError
from govsim.i18n import text, translate
from govsim.outputs.formatting import (
    format_count,
    format_estimate,
    format_number,
    format_percent,
    format_plus_minus,
    interval_scale,
)
from govsim.outputs.robustness_labels import (
    bound_label,
    claim_label,
    criterion_label,
    filter_criterion_label,
    question_label,
    reads_label,
    rule_label,
    subset_label,
    target_label,
    value_label,
    verdict_label,
)
from govsim.outputs.style import output_label, parameter_label, scenario_label, term_label

__all__ = [
    "LABELLERS",
    "LISTED",
    "ResultTable",
    "ShownTable",
    "TableCell",
    "result_table",
    "result_tables",
    "table_title",
]

#: The displays that list a table in the report's results (the others are drawn or summarised).
LISTED = ("pivot", "per_output", "rows")

#: Labellers a ``"label"`` cell (or a pivot's row key) may name: each is called
#: with the values of the cell's columns and ``lang=`` the page's language.
LABELLERS: dict[str, Callable[..., str]] = {
    "output": lambda value, lang: output_label(value, lang=lang),
    "parameter": lambda value, lang: parameter_label(value, lang=lang),
    "scenario": scenario_label,
    "term": term_label,
    "subset": subset_label,
    "verdict": verdict_label,
    "criterion": criterion_label,
    "filter_criterion": filter_criterion_label,
    "claim": claim_label,
    "target": target_label,
    "reads": reads_label,
    "bound": bound_label,
    "rule": rule_label,
    "question": question_label,
    "value": value_label,
    "text": lambda value, lang: value,
}


@dataclass(frozen=True)
class TableCell:
    """One cell: its text, whether it is a number (right-aligned), and an optional link."""

    text: str
    numeric: bool
    href: str = ""


@dataclass(frozen=True)
class ShownTable:
    """One HTML table: an optional caption, the header and the rows of cells."""

    caption: str
    header: list[str]
    rows: list[list[TableCell]]


@dataclass(frozen=True)
class ResultTable:
    """A declared table as the report shows it: heading, description and its tables."""

    name: str
    title: str
    description: str
    source: str
    tables: list[ShownTable]


def _label(kind: str, values: list[object], lang: str) -> str:
    return LABELLERS[kind](*(str(v) for v in values), lang=lang)


def _header(spec: TableSpec, cell: Cell, lang: str) -> str:
    return translate(f"table.{spec.name}.cell_{cell.columns[0]}", lang, cell.header)


def _row_scale(cells: tuple[Cell, ...], row: pd.Series) -> float | None:
    """The rounding scale of a row: the half-width of its first interval cell."""
    for cell in cells:
        if cell.kind == "estimate":
            value, low, high = (float(row[c]) for c in cell.columns)
            return interval_scale((high - low) / 2, value)
        if cell.kind == "plus_minus":
            return interval_scale(row[cell.columns[1]], row[cell.columns[0]])
    return None


def _cell(cell: Cell, row: pd.Series, scale: float | None, lang: str) -> TableCell:
    values = [row[c] for c in cell.columns]
    if cell.kind == "label":
        return TableCell(_label(cell.label, values, lang), numeric=False)
    if cell.kind == "estimate":
        text = format_estimate(*values)
    elif cell.kind == "plus_minus":
        text = format_plus_minus(*values)
    elif cell.kind == "percent":
        text = format_percent(values[0])
    elif cell.kind == "number":
        text = format_number(values[0], scale)
    elif cell.kind == "count":
        text = format_count(values[0])
    else:
        raise ValueError(f"unknown cell kind {cell.kind!r}")
    return TableCell(text, numeric=True)


def _rows(spec: TableSpec, frame: pd.DataFrame, lang: str) -> list[list[TableCell]]:
    rows = []
    for _, row in frame.iterrows():
        scale = _row_scale(spec.cells, row)
        rows.append([_cell(cell, row, scale, lang) for cell in spec.cells])
    return rows


def _sorted(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Largest ``sort_by`` first (by absolute value if ``sort_abs``), missing values last."""
    if not spec.sort_by:
        return frame
    key = abs if spec.sort_abs else None
    return frame.sort_values(
        spec.sort_by, ascending=False, key=key, na_position="last", kind="stable"
    )


def _outputs_in(frame: pd.DataFrame, outputs: list[str]) -> list[str]:
    """The outputs of ``frame``, in the experiment's order when it lists them."""
    present = list(dict.fromkeys(frame["output"].astype(str)))
    return [o for o in outputs if o in present] or present


def _pivot(spec: TableSpec, frame: pd.DataFrame, outputs: list[str], lang: str) -> list[ShownTable]:
    """One row per ``row_key`` value, one ``value [ci_low, ci_high]`` column per output."""
    shown = _outputs_in(frame, outputs)
    row_label = translate(f"report.row.{spec.row_label}", lang, spec.row_label.capitalize())
    header = [row_label, *(output_label(o, lang=lang) for o in shown)]
    rows = []
    for key in dict.fromkeys(frame[spec.row_key]):
        part = frame[frame[spec.row_key] == key].set_index("output")
        cells = [TableCell(_label(spec.row_label, [key], lang), numeric=False)]
        for output in shown:
            if output in part.index:
                r = part.loc[output]
                cells.append(TableCell(format_estimate(r[spec.value], r.ci_low, r.ci_high), True))
            else:
                cells.append(TableCell("–", numeric=True))
        rows.append(cells)
    return [ShownTable("", header, rows)]


def _per_output(
    spec: TableSpec, frame: pd.DataFrame, outputs: list[str], lang: str
) -> list[ShownTable]:
    """One table per output, or per value of the ``group_by`` columns and output."""
    header = [_header(spec, cell, lang) for cell in spec.cells]
    frame = frame.assign(output=frame["output"].astype(str))
    others = [c for c in spec.group_by if c != "output"]
    keys = dict.fromkeys(frame[others].astype(str).itertuples(index=False)) if others else [()]
    tables = []
    for key in keys:
        part = frame
        for column, value in zip(others, key, strict=True):
            part = part[part[column].astype(str) == value]
        for o in _outputs_in(part, outputs):
            names = [_group_label(c, v, lang) for c, v in zip(others, key, strict=True)]
            caption = _separator(lang).join([*names, output_label(o, lang=lang)])
            rows = _rows(spec, _sorted(spec, part[part.output == o]), lang)
            tables.append(ShownTable(caption, header, rows))
    return tables


def _group_label(column: str, value: str, lang: str) -> str:
    """A ``group_by`` value by its column's labeller (``target``: a policy or claim)."""
    return LABELLERS[column](value, lang=lang) if column in LABELLERS else value


def _separator(lang: str) -> str:
    """What separates the parts of a table's caption: ``Synergy: Participation``."""
    return text("report.caption_separator", lang)


def _listed_rows(
    spec: TableSpec, frame: pd.DataFrame, outputs: list[str], lang: str
) -> list[ShownTable]:
    header = [_header(spec, cell, lang) for cell in spec.cells]
    return [ShownTable("", header, _rows(spec, _sorted(spec, frame), lang))]


_DISPLAYS = {"pivot": _pivot, "per_output": _per_output, "rows": _listed_rows}


def _needed_columns(spec: TableSpec) -> list[str]:
    if spec.display == "pivot":
        return [spec.row_key, "output", spec.value, "ci_low", "ci_high"]
    needed = [c for cell in spec.cells for c in cell.columns]
    if spec.display == "per_output":
        needed += ["output", *spec.group_by]
    return needed + ([spec.sort_by] if spec.sort_by else [])


def _check(spec: TableSpec, frame: pd.DataFrame, results: Results) -> None:
    missing = [c for c in dict.fromkeys(_needed_columns(spec)) if c not in frame.columns]
    if missing:
        raise UserError(
            f"{results.tables_dir / spec.name}.csv lacks column(s) {', '.join(missing)}; "
            f"analyse the experiment again with `govsim analyze {results.path}`"
        )


def _base(results: Results, frame: pd.DataFrame, lang: str) -> str:
    if "base" in frame.columns and len(frame):
        return scenario_label(str(frame["base"].iloc[0]), lang)
    if results.base:
        return scenario_label(results.base, lang)
    return text("caption.base_unknown", lang)


def table_title(spec: TableSpec, lang: str = "en") -> str:
    """A declared table's title in a language of the catalogue."""
    return translate(f"table.{spec.name}.title", lang, spec.title)


def result_table(
    spec: TableSpec, results: Results, outputs: list[str], lang: str = "en"
) -> ResultTable:
    """How the report shows one listed table of ``results``.

    Args:
        spec: the table's declaration; its ``display`` must be in :data:`LISTED`.
        results: the experiment's tables.
        outputs: the experiment's outputs, in the order tables list them.
        lang: language of the headings, captions and labels.

    Raises:
        UserError: if the table lacks a column its declaration shows.
    """
    frame = results.table(spec.name)
    _check(spec, frame, results)
    caption = translate(f"table.{spec.name}.caption", lang, spec.caption)
    description = caption.format(base=_base(results, frame, lang))
    tables = _DISPLAYS[spec.display](spec, frame, outputs, lang)
    title = table_title(spec, lang)
    return ResultTable(spec.name, title, description, f"tables/{spec.name}.csv", tables)


def result_tables(results: Results, outputs: list[str], lang: str = "en") -> list[ResultTable]:
    """Every listed table the experiment wrote, in declaration order."""
    return [
        result_table(spec, results, outputs, lang)
        for spec in TABLES
        if spec.display in LISTED and results.has(spec.name)
    ]
