"""CITATION.cff is valid Citation File Format and cites the version of the package."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from cffconvert import Citation
from jsonschema.exceptions import ValidationError

import govsim

ROOT = Path(__file__).resolve().parents[1]
CFF = (ROOT / "CITATION.cff").read_text(encoding="utf-8")


def test_citation_file_is_valid_against_the_cff_schema() -> None:
    citation = Citation(CFF)
    assert citation.cffversion == "1.2.0"
    citation.validate()  # raises jsonschema's ValidationError on any schema violation


def test_the_schema_check_rejects_a_citation_without_authors() -> None:
    broken = re.sub(r"^authors:\n(?:  .*\n)+", "", CFF, flags=re.MULTILINE)
    assert broken != CFF
    with pytest.raises(ValidationError, match="authors"):
        Citation(broken).validate()


def test_citation_cites_the_package_version() -> None:
    data = Citation(CFF).cffobj
    assert data["version"] == govsim.__version__
    assert data["preferred-citation"]["version"] == govsim.__version__
    assert data["preferred-citation"]["type"] == "software"
    assert data["authors"] == [{"name": "govsim contributors"}]


def test_license_is_the_mit_license_the_metadata_claim() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 govsim contributors\n")
    assert Citation(CFF).cffobj["license"] == "MIT"
    with (ROOT / "pyproject.toml").open("rb") as f:
        declared = tomllib.load(f)["project"]["license"]
    assert declared == "MIT"


def test_readme_citation_names_the_package_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- how-to-cite:start -->")[1].split("<!-- how-to-cite:end -->")[0]
    assert f"(version {govsim.__version__})" in section
    assert f"version = {{{govsim.__version__}}}," in section
