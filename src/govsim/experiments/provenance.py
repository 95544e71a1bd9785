"""Where a result came from: software versions, seed, scenario hash, git commit, time.

Written next to every saved run (``govsim run --out``) and reused by the
experiment engine, so a number can always be traced back to the code and inputs
that produced it. Importing this module is cheap (no pydantic, numpy or Mesa),
so ``govsim --version`` can use :func:`package_commit`.
"""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsim._version import __version__

if TYPE_CHECKING:
    from govsim.config.schema import Scenario

__all__ = ["git_commit", "package_commit", "provenance", "versions"]

#: Packages whose versions can change the numbers a run or a design produces.
_PACKAGES = ("mesa", "numpy", "scipy", "networkx", "pandas", "pydantic", "SALib")


def versions() -> dict[str, str | None]:
    """Versions of govsim, Python and the packages that shape its results."""
    found: dict[str, str | None] = {"govsim": __version__, "python": platform.python_version()}
    for name in _PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git installed, or it hung: the commit is simply unknown


def _rev_parse(folder: Path) -> str | None:
    done = _git(folder, "rev-parse", "HEAD")
    if done is None:
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None


def package_commit() -> str | None:
    """The git commit of the checkout govsim is imported from, or None.

    None unless the package's own files are tracked by git: a wheel installed
    into a virtual environment that happens to sit inside some repository has
    no commit of its own.
    """
    package = Path(__file__).resolve().parents[1]
    tracked = _git(package, "ls-files", "--error-unmatch", "_version.py")
    if tracked is None or tracked.returncode != 0:
        return None
    return _rev_parse(package)


def git_commit() -> str | None:
    """The git commit of the working directory, else of the govsim checkout, else None.

    The working directory comes first because it usually holds the scenario and
    experiment files of a study; for a development checkout both are the same.
    """
    return _rev_parse(Path.cwd()) or package_commit()


def provenance(scenario: Scenario, seed: int, **extra: Any) -> dict[str, Any]:
    """A JSON-ready record of how a result was produced.

    Args:
        scenario: the fully resolved scenario that was run.
        seed: the root seed of the run (or experiment).
        **extra: further entries to record, such as ``command`` or
            ``duration_seconds``; they are added last and may not replace the
            standard entries.

    Returns:
        ``govsim``, ``versions`` (govsim, python, mesa, numpy, scipy, networkx,
        pandas, pydantic), ``platform``, ``seed``, ``scenario``,
        ``scenario_hash``, ``git_commit`` (None when unknown), ``timestamp``
        (UTC, ISO 8601), then ``extra``.
    """
    from govsim.config.scenario import scenario_hash  # noqa: PLC0415 (keeps the import cheap)

    record: dict[str, Any] = {
        "govsim": __version__,
        "versions": versions(),
        "platform": platform.platform(),
        "seed": seed,
        "scenario": scenario.name,
        "scenario_hash": scenario_hash(scenario),
        "git_commit": git_commit(),
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    clash = sorted(set(extra) & set(record))
    if clash:
        raise ValueError(f"provenance(): extra entries would replace {clash}")
    record.update(extra)
    return record
