"""The one way outputs name the software and the results they come from.

Every figure file and every report carries both: which govsim drew it
(version and the commit of its checkout, when it is one) and which govsim
produced the results it shows (from the experiment's metadata).
"""

from __future__ import annotations

import functools
from typing import Any

from govsim._version import __version__

__all__ = ["results_tag", "software_tag"]


@functools.cache
def software_tag() -> str:
    """``govsim 0.1.0 (git 1a2b3c4d5e6f)`` for this installation (no commit outside a checkout)."""
    from govsim.experiments.provenance import package_commit  # noqa: PLC0415 (runs git)

    commit = package_commit()
    return f"govsim {__version__}" + (f" (git {commit[:12]})" if commit else "")


def results_tag(metadata: dict[str, Any]) -> str:
    """What produced an experiment's results: its name, govsim version and commit."""
    versions = metadata.get("versions") or {}
    commit = versions.get("git_commit") or "no commit recorded"
    name = metadata.get("name", "an experiment")
    return f"results of {name}: govsim {versions.get('govsim', '?')} ({commit})"
