"""The documentation site builds with warnings as errors, and runs the notebooks it shows.

``sphinx-build -W --keep-going`` turns every warning into a failure: a link to a
missing page or heading anchor (MyST checks them offline), a docstring Sphinx
cannot read, a page left out of every table of contents. Notebooks placed in
``notebooks/`` are executed during the build; a small copy of the set-up with a
notebook of its own checks that they run, are shown, and fail the build when a
cell fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: Pages of the site (without .html); every one must be built.
PAGES = (
    "index",
    "getting-started",
    "odd",
    "scenarios",
    "parameters",
    "experiments",
    "figures",
    "architecture",
    "changelog",
    "citing",
    "notebooks/README",
    "zh/classroom",
    "api/govsim/index",
    "api/govsim/cli/main/index",
    "api/govsim/config/scenario/index",
)


def sphinx_build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build HTML the way the README says, warnings as errors."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", str(source), str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def test_the_documentation_site_builds_without_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "html"
    done = sphinx_build(DOCS, out)
    assert done.returncode == 0, f"sphinx-build failed:\n{done.stderr[-6000:]}"
    missing = [page for page in PAGES if not (out / f"{page}.html").is_file()]
    assert not missing, f"pages not built: {missing}"
    index = (out / "index.html").read_text(encoding="utf-8")
    for target in ("getting-started.html", "odd.html", "notebooks/README.html", "api/govsim/"):
        assert f'href="{target}' in index, f"index.html does not link to {target}"
    api = (out / "api/govsim/config/scenario/index.html").read_text(encoding="utf-8")
    assert 'id="govsim.config.scenario.load_scenario"' in api  # documented from the docstrings
    started = (out / "getting-started.html").read_text(encoding="utf-8")
    assert 'id="quickstart"' in started and "policy_levels.toml" in started  # from the README
    classroom = (out / "zh/classroom.html").read_text(encoding="utf-8")
    assert "课堂指南" in classroom and "不需要联网" in classroom
    assert not (DOCS / "api").exists(), "the generated API pages were left in docs/"


def _notebook(code: str) -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# A probe notebook"},
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": code,
            },
        ],
        # saved with some other kernel: the build runs it with its own Python
        "metadata": {"kernelspec": {"name": "study-env", "display_name": "x"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _probe_site(root: Path, code: str) -> Path:
    """The docs set-up of this repository (conf.py, notebooks link) around one notebook."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copy(DOCS / "conf.py", docs / "conf.py")
    os.symlink(os.readlink(DOCS / "notebooks"), docs / "notebooks")
    (docs / "index.md").write_text(
        "# Probe\n\n```{toctree}\n:glob:\n\nnotebooks/*\napi/govsim/index\n```\n", encoding="utf-8"
    )
    package = root / "src" / "govsim"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""A stand-in package for the API pages."""\n')
    notebooks = root / "notebooks"
    notebooks.mkdir()
    (notebooks / "probe.ipynb").write_text(json.dumps(_notebook(code)), encoding="utf-8")
    return docs


def test_notebooks_are_executed_and_shown_with_their_outputs(tmp_path: Path) -> None:
    docs = _probe_site(tmp_path / "site", "import os\nprint('probe says', 6 * 7, os.getcwd())")
    done = sphinx_build(docs, tmp_path / "html")
    assert done.returncode == 0, done.stderr[-6000:]
    page = (tmp_path / "html" / "notebooks" / "probe.html").read_text(encoding="utf-8")
    # computed during the build (the notebook holds no outputs), in the notebook's own folder
    assert f"probe says 42 {(tmp_path / 'site' / 'notebooks').resolve()}" in page


def test_a_failing_notebook_fails_the_build(tmp_path: Path) -> None:
    docs = _probe_site(tmp_path / "site", "1 / 0")
    done = sphinx_build(docs, tmp_path / "html")
    assert done.returncode != 0
    assert "ZeroDivisionError" in done.stdout + done.stderr
