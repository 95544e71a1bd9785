"""Sphinx configuration of the govsim documentation.

Pages are MyST Markdown (the same files GitHub shows), notebooks in the
top-level ``notebooks/`` folder are executed and rendered by MyST-NB (through
the ``docs/notebooks`` symbolic link), and the API reference is generated from
the docstrings by sphinx-autoapi, which reads the source without importing it.

Build (warnings are errors; internal links and anchors are checked offline)::

    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

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


# -- Links between notebooks ---------------------------------------------------
# Sphinx resolves a relative link with Path.resolve(), which follows the
# docs/notebooks symbolic link out of the source folder: a link from one notebook
# to another names a document under the real notebooks/ folder, which Sphinx does
# not know. These links are mapped back through the link before MyST resolves them.


class NotebookLinks(SphinxPostTransform):
    """Point links between notebooks at the documents under ``docs/notebooks``."""

    default_priority = 8  # before MyST's resolver (9)

    def run(self, **kwargs: object) -> None:
        """Rewrite each link target under the real notebooks folder."""
        link = Path(self.app.srcdir) / "notebooks"
        if not link.is_symlink():
            return
        real = str(link.resolve())
        for node in self.document.findall(addnodes.pending_xref):
            target = node.get("reftarget", "")
            if node.get("reftype") == "myst" and target.startswith(real + os.sep):
                node["reftarget"] = "notebooks/" + Path(target).relative_to(real).as_posix()


def setup(app: object) -> dict[str, bool]:
    """Register the link mapping (a local extension of this configuration)."""
    app.add_post_transform(NotebookLinks)
    return {"parallel_read_safe": True}
