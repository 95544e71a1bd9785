"""Fault injection on the result store: a damaged, empty, read-only or full store.

Every fault gives a one-line message naming the store and what to do (exit 2
for a store or folder that cannot be used, 1 for a disk that fills up), never
a traceback; and resuming a good copy afterwards gives exactly the runs of an
uninterrupted experiment.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from _experiments_support import child_env, run_cli, stored_runs, write

pytestmark = pytest.mark.timeout(120)

EXP = """
name = "faults"
design = "lhs"
model = "govsim.testing.functions:noisy_linear"
replications = 2
timeseries = false
[parameters]
x = { low = 0.0, high = 1.0 }
[lhs]
samples = 60
"""


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uninterrupted experiment, and a copy of it with half of its runs removed."""
    folder = tmp_path_factory.mktemp("faults")
    exp = write(folder, "e.toml", EXP)
    full = folder / "full"
    assert run_cli(None, "experiment", exp, "--out", full, "--workers", "1") == 0
    half = folder / "half"
    shutil.copytree(full, half)
    conn = sqlite3.connect(half / "store.sqlite")
    with conn:
        conn.execute("DELETE FROM runs WHERE id % 2 = 0")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    conn.close()
    return exp, full, half


def _copy(src, dest):
    shutil.copytree(src, dest)
    return dest


def _one_line_error(text: str, *fragments: str) -> None:
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, text
    for fragment in fragments:
        assert fragment in lines[0], text


def _resume_good_copy_matches(exp, half, full, dest, monkeypatch) -> None:
    good = _copy(half, dest)
    assert run_cli(monkeypatch, "experiment", exp, "--out", good, "--resume", "--workers", "1") == 0
    pd.testing.assert_frame_equal(stored_runs(good), stored_runs(full))


@pytest.mark.parametrize("command", ["analyze", "export", "resume"])
@pytest.mark.parametrize("fault", ["truncated", "header", "zero-bytes", "not-sqlite"])
def test_a_damaged_store_is_one_line_and_exit_2(
    reference, tmp_path, monkeypatch, capsys, fault, command
):
    exp, full, half = reference
    bad = _copy(half, tmp_path / "bad")
    db = bad / "store.sqlite"
    data = db.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 3],
        "header": b"\0" * 100 + data[100:],
        "zero-bytes": b"",
        "not-sqlite": b"name,value\n" * 50,
    }[fault]
    db.write_bytes(damaged)
    args = {
        "analyze": ("analyze", bad),
        "export": ("export", bad),
        "resume": ("experiment", exp, "--out", bad, "--resume", "--workers", "1"),
    }[command]
    capsys.readouterr()
    code = run_cli(monkeypatch, *args)
    err = capsys.readouterr().err
    if fault == "zero-bytes" and command == "resume":
        # an empty store is one that never started: the experiment starts over
        assert code == 0, err
        pd.testing.assert_frame_equal(stored_runs(bad), stored_runs(full))
        return
    assert code == 2, err
    _one_line_error(err, str(db) if fault != "zero-bytes" else "store.sqlite")
    _resume_good_copy_matches(exp, half, full, tmp_path / "good", monkeypatch)


@contextlib.contextmanager
def _read_only(folder):
    """Make a folder and its files unwritable, for root too (chattr +i), then restore them."""
    paths = [folder, *folder.iterdir()]
    if os.geteuid() != 0:
        for path in paths:
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path in paths:
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", *map(str, paths)], check=False).returncode:
        pytest.skip("root ignores permissions and this filesystem has no immutable flag")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", *map(str, paths)], check=True)


def _child(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govsim", *map(str, args)],
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        **kwargs,
    )


def test_a_read_only_folder_is_one_line_and_exit_2(reference, tmp_path, monkeypatch):
    exp, full, half = reference
    ro = _copy(half, tmp_path / "ro")
    with _read_only(ro):
        done = _child("experiment", exp, "--out", ro, "--resume", "--workers", "1")
        assert done.returncode == 2, done.stderr
        _one_line_error(done.stderr, str(ro))
        # reading a read-only store works; writing its export there is refused in one line
        done = _child("export", ro)
        assert done.returncode in (1, 2), done.stderr
        _one_line_error(done.stderr, str(ro))
    _resume_good_copy_matches(exp, half, full, tmp_path / "good", monkeypatch)


def _small_files(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_one_line_and_exit_1_and_a_good_copy_resumes(
    reference, tmp_path, monkeypatch
):
    exp, full, half = reference
    bad = _copy(half, tmp_path / "full-disk")
    limit = (bad / "store.sqlite").stat().st_size + 4096  # room for a page or two, not 60 runs
    done = _child(
        "experiment",
        exp,
        "--out",
        bad,
        "--resume",
        "--workers",
        "1",
        preexec_fn=_small_files(limit),
    )
    assert done.returncode == 1, done.stderr
    _one_line_error(done.stderr, "store.sqlite", "--resume")
    with sqlite3.connect(bad / "store.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # with room again the same folder resumes to the uninterrupted result
    assert run_cli(monkeypatch, "experiment", exp, "--out", bad, "--resume", "--workers", "1") == 0
    pd.testing.assert_frame_equal(stored_runs(bad), stored_runs(full))


def test_a_full_disk_at_the_start_leaves_nothing(reference, tmp_path):
    exp, _full, _half = reference
    out = tmp_path / "new"
    done = _child("experiment", exp, "--out", out, "--workers", "1", preexec_fn=_small_files(2048))
    assert done.returncode == 1, done.stderr
    _one_line_error(done.stderr)
    assert not out.exists()


def test_export_or_report_into_a_missing_folder_is_a_message(tmp_path, monkeypatch, capsys):
    for args in (("export", tmp_path / "nowhere"), ("analyze", tmp_path / "nowhere")):
        assert run_cli(monkeypatch, *args) == 2
        _one_line_error(capsys.readouterr().err, "nowhere")
