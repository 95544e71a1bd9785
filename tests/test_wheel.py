"""The built wheel works outside the repository, with nothing but its declared dependencies.

The sdist and the wheel are built (the wheel from the sdist, as ``python -m
build`` does), the wheel is installed into a fresh virtual environment in a
temporary folder, and the command line runs there: a scenario, an experiment,
its figures and its report. A module or data file missing from the sdist or the
wheel (bundled scenarios, report templates, figure styles) fails here.

Installing numpy, pandas, matplotlib, Mesa and the rest again from the registry
would take minutes, so the fresh environment borrows them from the environment
running the tests: a folder of links to exactly the distributions that the
wheel's ``Requires-Dist`` needs (followed recursively, extras and markers
evaluated) is put on its path. Nothing else of the test environment is visible,
and the source tree is not: an undeclared dependency fails too, and the tests
check that ``govsim`` is imported from the fresh environment.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import govsim

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

EXPERIMENT = """\
name = "smoke"
design = "compare"
model = "govsim.testing.functions:noisy_linear"
root_seed = 7
replications = 2

[overrides]
x = 0.0

[compare]
scenarios = [{ name = "one", overrides = { x = 1.0 } }, { name = "two", overrides = { z = 0.5 } }]
"""

#: The bundled model: bundled scenarios by name, time series and the network snapshot.
MODEL_EXPERIMENT = """\
name = "levels"
design = "compare"
model = "govsim"
base = "baseline"
root_seed = 7
replications = 2
steps = 3
timeseries = true
snapshot = true
outputs = ["participation_rate", "satisfaction"]

[overrides]
"world.n_residents" = 200

[compare]
scenarios = ["all_levels"]
"""


def _wheel_requirements(wheel: Path) -> list[Requirement]:
    """The wheel's own ``Requires-Dist`` that apply without extras."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(archive.read(name))
    requirements = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
    return [r for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""})]


def _closure(requirements: list[Requirement]) -> list[metadata.Distribution]:
    """The installed distributions the requirements need, recursively."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = list(requirements)
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{req} is not installed here: pip install -e '.[dev]' first")
        assert req.specifier.contains(dist.version, prereleases=True), (
            f"installed {req.name} {dist.version} does not satisfy {req}"
        )
        found[key[0]] = dist
        for text in dist.requires or []:
            sub = Requirement(text)
            extras = ("", *sorted(req.extras))
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    return list(found.values())


def _link_dependencies(wheel: Path, folder: Path) -> None:
    """Links in ``folder`` to the top-level files of every dependency of the wheel."""
    folder.mkdir()
    for dist in _closure(_wheel_requirements(wheel)):
        assert dist.files is not None, f"{dist.metadata['Name']} lists no files (no RECORD)"
        tops = {f.parts[0] for f in dist.files if f.parts[0] not in ("..", "__pycache__")}
        for top in sorted(tops):
            if top.endswith(".pth") or (folder / top).exists():
                continue
            (folder / top).symlink_to(Path(str(dist.locate_file(top))).resolve())


def _not_sources(folder: str, names: list[str]) -> set[str]:
    """What a clean clone would not hold: environments, outputs, caches, build metadata."""
    top = Path(folder).resolve() == ROOT
    local = {".git", ".venv", "venv", "build", "dist", "results"} if top else set()
    caches = {"__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "_build"}
    return {n for n in names if n in local | caches or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist and the wheel, the wheel built from the sdist.

    They are built from a copy of the sources: setuptools would otherwise add
    every file listed in a stale ``src/govsim.egg-info/SOURCES.txt``, and a data
    file dropped from the package data would still be packaged here.
    """
    source = tmp_path_factory.mktemp("source") / "govsim"
    shutil.copytree(ROOT, source, symlinks=True, ignore=_not_sources)
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = dist.glob("govsim-*.tar.gz")
    (wheel,) = dist.glob("govsim-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def venv(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the source tree with the wheel installed."""
    home = tmp_path_factory.mktemp("wheel_env")
    assert ROOT not in home.resolve().parents
    env = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps"]
        + ["--no-index", str(built[1])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    deps = home / "deps"
    _link_dependencies(built[1], deps)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "_govsim_test_dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    return env


def _run(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    clean["PYTHONNOUSERSITE"] = "1"
    clean["PATH"] = f"{env / 'bin'}{os.pathsep}{clean.get('PATH', '')}"
    done = subprocess.run(
        [str(env / "bin" / args[0]), *args[1:]],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_sdist_holds_the_license_and_the_bundled_scenarios(built) -> None:
    sdist, _wheel = built
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml"} <= names
    assert "src/govsim/config/scenarios/baseline.toml" in names


def test_the_wheel_installs_with_its_version_and_data(built) -> None:
    _sdist, wheel = built
    assert wheel.name == f"govsim-{govsim.__version__}-py3-none-any.whl"
    bundled = sorted(p.name for p in (ROOT / "src/govsim/config/scenarios").glob("*.toml"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    packaged = sorted(Path(n).name for n in names if n.startswith("govsim/config/scenarios/"))
    assert packaged == bundled
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_govsim_is_imported_from_the_wheel_not_the_source_tree(venv: Path, tmp_path) -> None:
    code = "import govsim, sys; print(govsim.__file__); print(govsim.__version__)"
    out = _run(venv, "python", "-c", code, cwd=tmp_path).stdout.split()
    location = Path(out[0]).resolve()
    assert venv.resolve() in location.parents, location
    assert ROOT not in location.parents
    assert out[1] == govsim.__version__
    # outside a git checkout the version stands alone
    assert _run(venv, "govsim", "--version", cwd=tmp_path).stdout == f"govsim {out[1]}\n"
    module = _run(venv, "python", "-m", "govsim", "--version", cwd=tmp_path)
    assert module.stdout == f"govsim {out[1]}\n"


def test_run_a_bundled_scenario(venv: Path, tmp_path) -> None:
    small = ("--steps", "2", "--residents", "200")
    done = _run(venv, "govsim", "run", "baseline", *small, cwd=tmp_path)
    assert "participation" in done.stdout.lower()
    _run(venv, "govsim", "run", "all_levels", *small, "--out", "one", cwd=tmp_path)
    assert {p.name for p in (tmp_path / "one").iterdir()} >= {
        "timeseries.csv",
        "scenario.toml",
        "provenance.json",
    }


@pytest.mark.parametrize(
    ("name", "text", "figures"),
    [
        ("smoke", EXPERIMENT, ("paired_effects",)),
        ("levels", MODEL_EXPERIMENT, ("trajectories", "paired_effects", "network")),
    ],
)
def test_experiment_figures_and_report(venv: Path, tmp_path, name, text, figures) -> None:
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    _run(venv, "govsim", "experiment", f"{name}.toml", "--workers", "2", cwd=tmp_path)
    out = tmp_path / "results" / name
    _run(venv, "govsim", "figures", str(out), cwd=tmp_path)
    drawn = {re.sub(r"_\d+$", "", p.stem) for p in (out / "figures").glob("*.png")}
    assert set(figures) <= drawn, sorted(drawn)
    assert all(p.stat().st_size > 0 for p in (out / "figures").iterdir())
    _run(venv, "govsim", "report", str(out), cwd=tmp_path)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert f"govsim {govsim.__version__}" in report and "<img" in report


def test_the_dependency_folder_holds_only_declared_distributions(built) -> None:
    names = {canonicalize_name(d.metadata["Name"]) for d in _closure(_wheel_requirements(built[1]))}
    assert {"mesa", "numpy", "pandas", "matplotlib", "salib", "distributed"} <= names
    # test and documentation tools are not dependencies of the package
    assert not names & {"pytest", "sphinx", "hypothesis", "cffconvert", "govsim"}
