"""Fuzzing the inputs: generated scenario and experiment files, valid and broken.

Whatever the file, ``govsim validate`` and ``govsim experiment`` exit 0 (or 3
for an experiment whose runs failed), or 2 with messages, never with a
traceback, never hanging (every example is time-limited), and never write
outside the output folder. Examples are drawn from the schema's real keys and
values with mutations (wrong types, out-of-range numbers, unknown keys,
missing or cyclic ``extends``, raw bytes), so valid and broken files are both
common. The suite is bounded: a few dozen examples per property, about a
minute in all.
"""

from __future__ import annotations

import io
import math
import os
import string
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govsim.cli.main import main
from govsim.config.scenario import parameters

pytestmark = pytest.mark.timeout(180)

FUZZ = settings(
    max_examples=150,
    deadline=None,  # the timeout above bounds the whole test; shrinking may take longer
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # CI sees the same examples every time: a failure is reproducible
)

PARAMS = [p for p in parameters() if p.kind in ("int", "float", "bool")]

# ---------------------------------------------------------------- values and keys

words = st.text(alphabet=string.ascii_lowercase + "_.-", min_size=1, max_size=12)
odd_text = st.text(max_size=20)  # any unicode, quotes and newlines included
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=3),
    max_leaves=6,
)


def _good_value(param):
    if param.kind == "bool":
        return st.booleans()
    low = param.low if param.low is not None else -1e6
    high = param.high if param.high is not None else 1e6
    if param.kind == "int":
        return st.integers(int(math.ceil(low)), int(min(high, 10**6)))
    return st.floats(low, high, allow_nan=False)


@st.composite
def scenario_data(draw) -> dict:
    """A scenario as nested tables: real keys with good or bad values, sometimes unknown keys."""
    data: dict = {}
    for param in draw(st.lists(st.sampled_from(PARAMS), max_size=6, unique_by=lambda p: p.path)):
        value = draw(
            st.one_of(_good_value(param), values) if draw(st.booleans()) else _good_value(param)
        )
        node = data
        *tables, leaf = param.path.split(".")
        for part in tables:
            node = node.setdefault(part, {})
        node[leaf] = value
    if draw(st.integers(0, 4)) == 0:
        data[draw(words)] = draw(values)
    extends = draw(
        st.sampled_from([None, None, "baseline.toml", "all_levels.toml", "nope.toml", "self"])
    )
    if extends is not None:
        data["extends"] = extends
    return data


def _toml(data: dict) -> str:
    try:
        return tomli_w.dumps(data)
    except (TypeError, ValueError):  # NaN keys, mixed arrays: write something broken instead
        return f"broken = {data!r}\n"


@st.composite
def scenario_file(draw) -> bytes:
    """The bytes of a scenario file: generated TOML, or TOML damaged, or raw bytes."""
    text = _toml(draw(scenario_data()))
    kind = draw(st.sampled_from(["toml", "toml", "toml", "cut", "bom", "bytes"]))
    if kind == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    raw = text.encode()
    if kind == "bom":
        raw = b"\xef\xbb\xbf" + raw
    if kind == "bytes":
        raw = draw(st.binary(max_size=200))
    return raw


def _run(*args: object) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:  # argparse on a bad option
            code = int(exit_.code or 0)
    return code, err.getvalue()


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# ---------------------------------------------------------------- scenario files


@FUZZ
@given(raw=scenario_file())
def test_validate_any_scenario_file(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("scen")
    path = folder / "s.toml"
    path.write_bytes(raw.replace(b'"self"', b'"s.toml"'))
    before = _files(folder)
    code, err = _run("validate", path)
    event(f"exit {code}")
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("error: ")
    assert _files(folder) == before  # validate writes nothing


# ---------------------------------------------------------------- experiment files

FUNCTIONS = [
    ("govsim.testing.functions:noisy_linear", {"x": (0.0, 1.0), "z": (-1.0, 1.0)}),
    (
        "govsim.testing.functions:ishigami",
        {"x1": (-3.0, 3.0), "x2": (-3.0, 3.0), "x3": (-3.0, 3.0)},
    ),
]


@st.composite
def experiment_data(draw) -> dict:
    """A small experiment of a fast model, with optional mutations."""
    model, params = draw(st.sampled_from(FUNCTIONS))
    design = draw(st.sampled_from(["compare", "factorial", "lhs", "sobol", "morris", "fast"]))
    data: dict = {
        "name": draw(st.sampled_from(["fuzz"] * 6 + ["fuzz_2", "../escape", "/abs/x", "", "a b"])),
        "design": design,
        "model": model,
        "replications": draw(st.integers(1, 2)),
        "root_seed": draw(st.integers(0, 2**31)),
    }
    names = list(params)
    fixed = {n: draw(st.floats(*params[n])) for n in names}
    if design == "compare":
        data["overrides"] = fixed
        data["compare"] = {"scenarios": [{"name": draw(words), "overrides": {names[0]: 0.5}}]}
    elif design == "factorial":
        data["overrides"] = {n: v for n, v in fixed.items() if n != names[0]}
        data["factorial"] = {"factors": {"f": {"lo": {names[0]: 0.1}, "hi": {names[0]: 0.9}}}}
    else:
        data["parameters"] = {n: {"low": lo, "high": hi} for n, (lo, hi) in params.items()}
        data[design] = {
            "lhs": {"samples": draw(st.integers(2, 12))},
            "sobol": {"n": draw(st.sampled_from([2, 4, 8, 6]))},
            "morris": {"trajectories": draw(st.integers(2, 4))},
            "fast": {"n": draw(st.integers(65, 80))},
        }[design]
    if draw(st.booleans()):
        data["outputs"] = draw(
            st.lists(st.sampled_from(["y", "x_out", "nope"]), min_size=0, max_size=3)
        )
    for _ in range(draw(st.integers(0, 2))):  # mutations: a key with any value
        key = draw(st.sampled_from([*data, "steps", "timeseries", "snapshot", "base", draw(words)]))
        data[key] = draw(values)
    return data


@FUZZ
@given(data=experiment_data())
def test_experiment_from_any_file(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("exp")
    path = folder / "e.toml"
    path.write_text(_toml(data), encoding="utf-8")
    out = folder / "out"
    before = _files(folder)
    cwd = os.getcwd()
    os.chdir(folder)  # a default output folder would land here, under results/
    try:
        code, err = _run("experiment", path, "--out", out, "--workers", "1", "--max-runs", "400")
    finally:
        os.chdir(cwd)
    event(f"exit {code}")
    assert code in (0, 2, 3), err
    assert "Traceback" not in err
    created = {p for p in _files(folder) - before if out not in (p, *p.parents)}
    assert created == set(), created  # nothing outside the output folder
    if code == 2:
        assert err.startswith("error: ") and not out.exists()
    else:
        code, err = _run("analyze", out)
        assert code in (0, 2) and "Traceback" not in err, err


GOVSIM = """
name = "fuzz_govsim"
design = "compare"
replications = 1
steps = 2
outputs = ["participation_rate", "satisfaction"]
[overrides]
"world.n_residents" = 40
[compare]
scenarios = ["s.toml"]
"""


@settings(FUZZ, max_examples=40)
@given(raw=scenario_file())
def test_govsim_experiment_with_any_scenario_file(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("gexp")
    (folder / "s.toml").write_bytes(raw.replace(b'"self"', b'"s.toml"'))
    path = folder / "e.toml"
    path.write_text(GOVSIM, encoding="utf-8")
    out = folder / "out"
    code, err = _run("experiment", path, "--out", out, "--workers", "1", "--time-limit", "60")
    event(f"exit {code}")
    assert code in (0, 2, 3), err
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["s.toml", "e.toml"] + ["out"] * (code != 2)
    )
