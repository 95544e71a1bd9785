"""The Python examples in docs/figures.md run as written."""

from __future__ import annotations

import re
from pathlib import Path

from fake_experiment import write_fake_experiment

DOC = Path(__file__).resolve().parents[1] / "docs" / "figures.md"


def test_every_python_example_in_figures_md_runs(tmp_path, monkeypatch):
    root = write_fake_experiment(tmp_path / "results" / "policy_levels")
    monkeypatch.chdir(tmp_path)  # the examples use results/policy_levels
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    for block in blocks:  # later examples reuse the names of earlier ones
        exec(compile(block, str(DOC), "exec"), namespace)
    assert (tmp_path / "participation.pdf").stat().st_size > 0
    assert (tmp_path / "own_figure.pdf").stat().st_size > 0
    assert namespace["titles"][:2] == ["Scenario means", "Paired effects"]
    assert root.is_dir()
