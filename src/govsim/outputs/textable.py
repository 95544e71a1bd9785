"""Plain-text tables for the terminal, with one column wrapped to fit the width.

Widths are counted in terminal columns, not characters: a terminal draws an
East Asian wide or full-width character (every Chinese character, the
full-width comma ``，``) in two columns, so a table of Chinese names padded by
``len`` would come out ragged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["display_width", "render_table", "wrap_columns"]

#: Characters that may not begin a line (closing punctuation, Chinese and Latin):
#: a wrap never leaves them alone at the start of the next line.
_NO_LINE_START = set("，。、；：？！）」』】》〉”’,.;:?!)]}…%")

#: Tokens a line may break between: a run of spaces, one wide character, or a
#: run of narrow non-space characters (a word).
_TOKEN = re.compile(r"\s+|[^\s]")


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for each East Asian wide character.

    Example:
        >>> display_width("培训"), display_width("training")
        (4, 8)
    """
    return sum(_char_width(c) for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between; narrow characters are grouped into words."""
    tokens: list[str] = []
    for piece in _TOKEN.findall(text):
        narrow = not piece.isspace() and display_width(piece) == 1
        previous = tokens[-1] if tokens else ""
        glued = previous and not previous.isspace() and display_width(previous[-1]) == 1
        if piece in _NO_LINE_START and previous and not previous.isspace():
            tokens[-1] += piece  # closing punctuation stays with what it closes
        elif narrow and glued:
            tokens[-1] += piece  # a Latin word or number is one token
        else:
            tokens.append(piece)
    return tokens


def _split_long(token: str, width: int) -> list[str]:
    """A token wider than the line, cut into pieces that fit."""
    pieces, current = [], ""
    for char in token:
        if current and display_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def wrap_columns(text: str, width: int) -> list[str]:
    """Wrap ``text`` onto lines of at most ``width`` terminal columns.

    Latin text breaks at spaces, Chinese text between any two characters (but
    never before closing punctuation), as a terminal reader expects.

    Returns:
        The lines, without trailing spaces; ``[]`` for empty text.
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(text.strip()):
        if token.isspace():
            if current:
                current += " "
            continue
        if display_width(current + token) <= width:
            current += token
            continue
        if current.strip():
            lines.append(current.rstrip())
        pieces = _split_long(token, width) if display_width(token) > width else [token]
        lines += pieces[:-1]
        current = pieces[-1]
    if current.strip():
        lines.append(current.rstrip())
    return lines


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
        width: total line width to aim for when wrapping, in terminal columns.
        right: indexes of columns aligned to the right (numbers).
        min_widths: smallest width of the first columns, to align related tables.

    Returns:
        The table, lines joined by newlines, without a trailing newline.
    """
    widths = [max(display_width(str(c)) for c in col) for col in zip(headers, *rows, strict=True)]
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
            cells[wrap] = wrap_columns(str(row[wrap]), widths[wrap]) or [""]
        for k in range(max(len(c) for c in cells)):
            lines.append(_line([c[k] if k < len(c) else "" for c in cells], widths, right))
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int], right: Sequence[int]) -> str:
    pairs = enumerate(zip(cells, widths, strict=True))
    parts = [_pad(cell, w, i in right) for i, (cell, w) in pairs]
    return "  ".join(parts).rstrip()
