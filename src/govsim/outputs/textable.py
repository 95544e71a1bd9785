"""Plain-text tables for the terminal, with one column wrapped to fit the width."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

__all__ = ["render_table"]


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    wrap: int | None = None,
    width: int = 100,
    right: Sequence[int] = (),
    min_widths: Sequence[int] = (),
) -> str:
    """Render rows as an aligned text table.

    Args:
        headers: column titles.
        rows: cell texts, one sequence per row.
        wrap: index of the column to wrap so the table fits ``width`` (None: no wrap).
        width: total line width to aim for when wrapping.
        right: indexes of columns aligned to the right (numbers).
        min_widths: smallest width of the first columns, to align related tables.

    Returns:
        The table, lines joined by newlines, without a trailing newline.
    """
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
    widths = [max(w, m) for w, m in zip(widths, min_widths, strict=False)] + widths[
        len(min_widths) :
    ]
    if wrap is not None:
        others = sum(w for i, w in enumerate(widths) if i != wrap) + 2 * (len(widths) - 1)
        widths[wrap] = max(24, min(widths[wrap], width - others))
    lines = [_line(headers, widths, right), _line(["-" * w for w in widths], widths, right)]
    for row in rows:
        cells = [[str(c)] for c in row]
        if wrap is not None:
            cells[wrap] = textwrap.wrap(str(row[wrap]), widths[wrap]) or [""]
        for k in range(max(len(c) for c in cells)):
            lines.append(_line([c[k] if k < len(c) else "" for c in cells], widths, right))
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int], right: Sequence[int]) -> str:
    parts = [
        cell.rjust(w) if i in right else cell.ljust(w)
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(parts).rstrip()
