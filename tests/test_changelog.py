"""CHANGELOG.md keeps the Keep a Changelog format and lists the package version."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import govsim

CHANGELOG = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text(encoding="utf-8")
RELEASE = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})$")
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def _headings(level: int) -> list[str]:
    return [line for line in CHANGELOG.splitlines() if line.startswith("#" * level + " ")]


def test_changelog_has_an_entry_for_the_package_version() -> None:
    versions = [m["version"] for h in _headings(2) if (m := RELEASE.match(h))]
    assert govsim.__version__ in versions, (
        f"CHANGELOG.md has no '## [{govsim.__version__}] - YYYY-MM-DD' section"
    )


def test_unreleased_comes_first_then_releases_newest_first() -> None:
    headings = _headings(2)
    assert headings[0] == "## [Unreleased]"
    releases = [RELEASE.match(h) for h in headings[1:]]
    assert all(releases), f"not a release heading: {headings[1:]}"
    versions = [tuple(int(p) for p in m["version"].split(".")) for m in releases if m]
    dates = [dt.date.fromisoformat(m["date"]) for m in releases if m]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert dates == sorted(dates, reverse=True)


def test_changes_are_grouped_by_the_keep_a_changelog_kinds() -> None:
    kinds = {h.removeprefix("### ") for h in _headings(3)}
    assert kinds and kinds <= KINDS, f"unexpected groups: {sorted(kinds - KINDS)}"
