"""Labels are text: a '$' in a scenario or output name is drawn as is, never parsed as TeX."""

from __future__ import annotations

import pytest
from _experiments_support import run_cli, write

pytestmark = pytest.mark.timeout(180)

EXP = r"""
name = "dollars"
design = "compare"
model = "govsim.testing.functions:noisy_linear"
replications = 3
overrides = { x = 0.2 }
[compare]
scenarios = [{ name = 'budget $5 to $x_1', overrides = { x = 0.8 } },
             { name = 'price $\nope{$', overrides = { z = 1.0 } }]
"""


def test_figures_and_report_draw_dollar_signs_as_text(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", EXP)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "figures", out, "--format", "png") == 0
    assert run_cli(monkeypatch, "report", out) == 0
    assert "Traceback" not in capsys.readouterr().err
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "budget $5 to $x_1" in html and "price $\\nope{$" in html
