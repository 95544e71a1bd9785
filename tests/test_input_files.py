"""Input files that are not small regular UTF-8 TOML files: refused at once, exit 2.

Each of these gave a traceback, filled memory or hung before (issue 12): a
named pipe or ``/dev/zero`` as a scenario, deep nesting, a long ``extends``
chain, a file name the system refuses; a UTF-8 byte-order mark was reported as
a syntax error.
"""

from __future__ import annotations

import os

import pytest

from govsim.cli.main import main
from govsim.config.scenario import MAX_EXTENDS, load_scenario
from govsim.config.tomlfile import MAX_DEPTH, MAX_INPUT_BYTES

pytestmark = pytest.mark.timeout(60)


def validate(capsys, *files: object) -> tuple[int, str]:
    code = main(["validate", *map(str, files)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_a_utf8_byte_order_mark_is_accepted(tmp_path, capsys):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfextends = 'baseline.toml'\n[world]\nsteps = 5\n")
    assert validate(capsys, path)[0] == 0
    assert load_scenario(path).world.steps == 5


def test_utf16_text_says_to_save_as_utf8(tmp_path, capsys):
    path = tmp_path / "wide.toml"
    path.write_text("[world]\nsteps = 5\n", encoding="utf-16")
    code, err = validate(capsys, path)
    assert code == 2 and "UTF-16 text (save it as UTF-8)" in err


def test_a_named_pipe_is_refused_without_waiting(tmp_path, capsys):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    code, err = validate(capsys, fifo)
    assert code == 2 and "expected a regular TOML file" in err


def test_a_device_is_refused_without_reading_it(capsys):
    code, err = validate(capsys, "/dev/zero")
    assert code == 2 and "found a device, pipe or socket" in err


def test_a_file_above_the_size_limit_is_refused(tmp_path, capsys):
    path = tmp_path / "big.toml"
    path.write_text("# padding\n" * (MAX_INPUT_BYTES // 10 + 1))
    code, err = validate(capsys, path)
    assert code == 2 and "KiB" in err and "bytes" in err


@pytest.mark.parametrize(
    "text",
    ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{x=" * 3000 + "1" + "}" * 3000],
    ids=["arrays", "inline-tables"],
)
def test_deep_nesting_is_refused(tmp_path, capsys, text):
    path = tmp_path / "deep.toml"
    path.write_text(text + "\n")
    code, err = validate(capsys, path)
    assert code == 2 and f"nested at most {MAX_DEPTH} levels" in err


def test_moderate_nesting_beyond_the_limit_is_refused_too(tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n")
    assert validate(capsys, path)[0] == 2


def test_a_long_chain_of_extends_is_refused(tmp_path, capsys):
    n = MAX_EXTENDS + 1000
    for i in range(n):
        (tmp_path / f"s{i}.toml").write_text(f'extends = "s{i + 1}.toml"\n')
    (tmp_path / f"s{n}.toml").write_text("")
    code, err = validate(capsys, tmp_path / "s0.toml")
    assert code == 2 and f"at most {MAX_EXTENDS} files in a chain of extends" in err


def test_a_chain_within_the_limit_is_fine(tmp_path, capsys):
    n = MAX_EXTENDS - 2
    for i in range(n):
        (tmp_path / f"s{i}.toml").write_text(f'extends = "s{i + 1}.toml"\n')
    (tmp_path / f"s{n}.toml").write_text('extends = "baseline.toml"\n')
    assert validate(capsys, tmp_path / "s0.toml")[0] == 0


@pytest.mark.parametrize("name", ["x" * 300 + ".toml", "dir/" + "y" * 5000], ids=["long", "longer"])
def test_a_file_name_the_system_refuses_is_bad_input(tmp_path, capsys, name):
    code, err = validate(capsys, tmp_path / name)
    assert code == 2 and "expected" in err


def test_a_scenario_extending_a_pipe_is_refused(tmp_path, capsys):
    os.mkfifo(tmp_path / "parent.toml")
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n')
    code, err = validate(capsys, child)
    assert code == 2 and "a device, pipe or socket" in err


def test_an_experiment_file_that_is_a_pipe_is_refused(tmp_path, capsys):
    fifo = tmp_path / "exp.toml"
    os.mkfifo(fifo)
    assert main(["experiment", str(fifo), "--out", str(tmp_path / "o")]) == 2
    assert "expected a regular TOML file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
