"""The notebooks of ``notebooks/``: committed without outputs, listed in its README, run in CI.

Each notebook runs top to bottom in a fresh kernel (nbclient), in a copy of
the folder, as Jupyter would run it: its own folder is the working directory,
so it imports the helpers beside it and writes under ``results/``. A cell that
raises fails the test. The notebooks run in file order in one copy, so the lab's
answer key reads back the studies the lab ran, as it does in a classroom.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))

#: The notebooks the classroom issue asks for, in reading order.
EXPECTED = (
    "01_first_run",
    "02_classroom_lab",
    "02_classroom_lab_answers",
    "03_sweeps_and_sensitivity",
    "04_figures_for_papers",
    "05_bring_your_own_model",
)


def test_the_notebooks_are_there_in_reading_order() -> None:
    assert tuple(path.stem for path in NOTEBOOKS) == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_committed_notebook_has_no_outputs_or_execution_counts(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for number, cell in enumerate(notebook.cells):
        assert "execution" not in cell.metadata, f"cell {number} keeps its run times"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {number} keeps its outputs"
            assert cell.execution_count is None, f"cell {number} keeps its execution count"
    assert notebook.cells[0].cell_type == "markdown"
    assert notebook.cells[0].source.startswith("# "), "the first cell is the notebook's title"


def test_the_readme_lists_every_notebook() -> None:
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    missing = [path.name for path in NOTEBOOKS if f"]({path.name})" not in readme]
    assert missing == [], f"notebooks/README.md does not link to {missing}"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the notebooks' folder, without results of earlier runs."""
    copy = tmp_path_factory.mktemp("notebooks") / "notebooks"
    ignore = shutil.ignore_patterns("results", ".ipynb_checkpoints", "__pycache__")
    shutil.copytree(FOLDER, copy, ignore=ignore)
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_runs_top_to_bottom(path: Path, workdir: Path) -> None:
    notebook = nbformat.read(workdir / path.name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    shown = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.outputs]
    assert shown, "the notebook showed nothing"
