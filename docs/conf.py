"""Sphinx configuration of the govsim documentation.

Pages are MyST Markdown (the same files GitHub shows), notebooks in the
top-level ``notebooks/`` folder are executed and rendered by MyST-NB (through
the ``docs/notebooks`` symbolic link), and the API reference is generated from
the docstrings by sphinx-autoapi, which reads the source without importing it.

Build (warnings are errors; internal links and anchors are checked offline)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import shutil
from pathlib import Path

from govsim._version import __version__

project = "govsim"
author = "govsim contributors"
copyright = "2026, govsim contributors"
version = release = __version__

extensions = [
    "myst_nb",  # MyST Markdown pages and Jupyter notebooks
    "autoapi.extension",  # the API reference, from the source
    "sphinx.ext.napoleon",  # Google-style docstring sections
    "sphinx.ext.mathjax",
]
# autoapi writes its pages as reStructuredText when ".rst" is a source suffix
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "notebooks/results"]

# -- MyST: links between pages and to headings are checked at build time ------
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3  # `page.md#a-heading` links resolve (or warn) for h1-h3

# -- MyST-NB: every notebook is run at build time -----------------------------
nb_execution_mode = "cache"  # run when the code changed; the cache lives in the output folder
nb_execution_timeout = 600  # seconds per cell
nb_execution_raise_on_error = True  # a failing notebook fails the build
nb_execution_show_tb = True
nb_kernel_rgx_aliases = {".*": "python3"}  # whatever kernel a notebook was saved with

# -- API reference ------------------------------------------------------------
autoapi_type = "python"
autoapi_dirs = ["../src/govsim"]
autoapi_root = "api"
autoapi_add_toctree_entry = False  # listed in index.md's toctree
autoapi_keep_files = False  # docs/api/ is written during the build and removed after it
# A build that was killed leaves docs/api/ behind; pages of since-deleted modules would warn.
shutil.rmtree(Path(__file__).parent / autoapi_root, ignore_errors=True)
autoapi_member_order = "groupwise"
autoapi_options = [
    "members",
    "undoc-members",
    "show-inheritance",
    "show-module-summary",
]
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" as fields: autoapi documents the attributes themselves

# -- HTML -------------------------------------------------------------------
html_theme = "furo"
html_title = f"govsim {release}"
