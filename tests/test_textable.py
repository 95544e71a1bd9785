"""Terminal tables count Chinese characters as two columns, so Chinese tables align."""

from __future__ import annotations

import pytest

from govsim.cli.main import main
from govsim.outputs.textable import display_width, render_table, wrap_columns


def test_wide_characters_take_two_columns_and_narrow_ones_one() -> None:
    assert display_width("training") == 8
    assert display_width("加强人员培训") == 12
    assert display_width("培训（力度）") == 12  # full-width parentheses are wide too
    assert display_width("IV.B.3 培训") == 11
    assert display_width("") == 0


def _column_of(line: str, cell: str) -> int:
    """The terminal column at which ``cell`` begins in ``line``."""
    return display_width(line[: line.index(cell)])


def test_columns_of_mixed_chinese_and_latin_rows_start_at_the_same_terminal_column() -> None:
    rows = [("training", "加强人员培训", "IV.B.3"), ("x", "信息公开", "IV.A.3"), ("ab", "cd", "e")]
    table = render_table(("policy", "名称", "section"), rows)
    lines = table.splitlines()
    second, third = len("training") + 2, len("training") + 2 + len("加强人员培训") * 2 + 2
    assert [_column_of(lines[0], "名称"), _column_of(lines[0], "section")] == [second, third]
    for line, (_, name, section) in zip(lines[2:], rows, strict=True):
        assert [_column_of(line, name), _column_of(line, section)] == [second, third], table


def test_a_wrapped_chinese_column_fits_its_width_and_keeps_punctuation_off_line_starts() -> None:
    text = "向社会组织转移社区公共服务职能：政府购买服务在服务预算中的占比升向90%，"
    text += "其余由社区工作者承担。"
    lines = wrap_columns(text, 24)
    assert "".join(lines) == text
    assert all(display_width(line) <= 24 for line in lines)
    assert len(lines) == -(-display_width(text) // 24)  # no line left short without need
    assert not any(line[0] in "，。：、" for line in lines)


def test_latin_text_wraps_at_spaces_as_before() -> None:
    text = "Service-skill and finance training: staff skill and financial management rise."
    lines = wrap_columns(text, 30)
    assert " ".join(lines) == text
    assert all(len(line) <= 30 for line in lines)
    assert lines[0] == "Service-skill and finance"


def test_a_word_longer_than_the_line_is_cut_rather_than_overflowing() -> None:
    assert wrap_columns("abcdefghij", 4) == ["abcd", "efgh", "ij"]


@pytest.mark.parametrize("width", [100, 90])
def test_govsim_policies_in_chinese_lines_up_its_columns(
    width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["policies", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    for block in out.split("\n\n")[:3]:  # the three levels' tables
        header, rule, *body = block.splitlines()[1:]  # the level's heading is not in the table
        # every cell starts at the terminal column where its column's dashes start
        starts = [i for i, c in enumerate(rule) if c == "-" and (i == 0 or rule[i - 1] == " ")]
        for line in [header, *body]:
            assert display_width(line) <= width, line
            cells = [cell for cell in line.strip().split("  ") if cell.strip()]
            found = [_column_of(line, cell.strip()) for cell in cells]
            assert set(found) <= set(starts), (line, found, starts)
