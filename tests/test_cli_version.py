"""``govsim --version``: the version, the git commit of a checkout, and no heavy imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govsim
from govsim.cli.main import build_parser, main
from govsim.experiments import provenance as prov

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(govsim.__file__).resolve().parent
HAS_GIT = shutil.which("git") is not None
#: The tests run on the package of this git checkout (the editable install of the README).
FROM_CHECKOUT = HAS_GIT and (ROOT / ".git").exists() and PACKAGE == ROOT / "src" / "govsim"


def _head(folder: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _expected() -> str:
    commit = f" (git {_head(ROOT)[:7]})" if FROM_CHECKOUT else ""
    return f"govsim {govsim.__version__}{commit}"


def test_version_prints_the_version_and_the_commit_of_the_checkout(capsys) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == _expected() + "\n"
    assert out.startswith(f"govsim {govsim.__version__}")


def test_the_parser_prints_the_same_text_for_an_abbreviated_option(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["--vers"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == _expected() + "\n"
    assert "--version" in build_parser().format_help()


def test_help_before_version_still_shows_the_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help", "--version"])
    assert "usage: govsim" in capsys.readouterr().out


def test_python_m_govsim_version_imports_no_heavy_module(tmp_path: Path) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['govsim', '--version']\n"
        "try:\n"
        "    runpy.run_module('govsim', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        "heavy = ('numpy', 'pandas', 'matplotlib', 'mesa', 'pydantic', 'scipy', 'SALib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [_expected(), "[]"]


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_package_commit_needs_the_package_files_tracked_by_git(tmp_path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    module = repo / "venv" / "govsim" / "experiments" / "provenance.py"
    module.parent.mkdir(parents=True)
    (repo / "venv" / "govsim" / "_version.py").write_text("__version__ = '0'\n")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    monkeypatch.setattr(prov, "__file__", str(module))
    # a package inside a repository that does not track it (a venv in a clone)
    assert prov.package_commit() is None
    subprocess.run([*git, "add", "venv/govsim/_version.py"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "track"], check=True)
    assert prov.package_commit() == _head(repo)
    # outside any repository
    monkeypatch.setattr(prov, "__file__", str(tmp_path / "x" / "govsim" / "experiments" / "p.py"))
    (tmp_path / "x" / "govsim").mkdir(parents=True)
    assert prov.package_commit() is None
