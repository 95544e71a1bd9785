"""Crash and resume: a real SIGKILL of a running ``govsim experiment``."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time

import pandas as pd
from _experiments_support import run_cli, spawn_cli, stored_runs, table, write

SLOW = """
name = "slow"
design = "lhs"
model = "govsim.testing.functions:busy"
root_seed = 9
replications = 2
overrides = { seconds = 0.02 }
[parameters]
x = { low = 0.0, high = 1.0 }
[lhs]
samples = 80
"""


def _count(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _kill_midway(exp, out) -> int:
    proc = spawn_cli(
        "experiment",
        exp,
        "--out",
        out,
        "--workers",
        "1",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(out / "store.sqlite")
        if stored >= 30:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    return _count(out / "store.sqlite")


def test_sigkill_then_resume_gives_the_uninterrupted_tables(tmp_path, monkeypatch):
    exp = write(tmp_path, "slow.toml", SLOW)
    killed = tmp_path / "killed"
    after_kill = _kill_midway(exp, killed)
    assert 30 <= after_kill < 160  # the crash really happened mid-sweep

    assert (
        run_cli(monkeypatch, "experiment", exp, "--out", killed, "--resume", "--workers", "1") == 0
    )
    reference = tmp_path / "reference"
    assert run_cli(monkeypatch, "experiment", exp, "--out", reference, "--workers", "1") == 0

    with sqlite3.connect(killed / "store.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        total, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM runs").fetchone()
    assert total == distinct == 160
    pd.testing.assert_frame_equal(stored_runs(killed), stored_runs(reference))

    for out in (killed, reference):
        assert run_cli(monkeypatch, "analyze", out) == 0
    for name in ("runs", "rank_correlations", "seed_variance"):
        pd.testing.assert_frame_equal(table(killed, name), table(reference, name))


def test_resume_of_a_finished_experiment_runs_nothing(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", SLOW.replace("seconds = 0.02", "seconds = 0.0"))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    before = stored_runs(out)
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 0
    assert "0 done now, 160 already stored" in capsys.readouterr().out
    pd.testing.assert_frame_equal(stored_runs(out), before)


def test_non_empty_out_dir_without_resume_is_an_error(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", SLOW.replace("seconds = 0.02", "seconds = 0.0"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert run_cli(monkeypatch, "experiment", exp, "--out", out) == 2
    err = capsys.readouterr().err
    assert "--resume" in err and "Traceback" not in err
    assert (out / "notes.txt").read_text() == "mine"


def test_resume_with_a_changed_experiment_file_is_an_error(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", SLOW.replace("seconds = 0.02", "seconds = 0.0"))
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    write(tmp_path, "e.toml", SLOW.replace("samples = 80", "samples = 90"))
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume") == 2
    assert "differs" in capsys.readouterr().err


def test_resume_retries_failed_runs_without_duplicating_them(tmp_path, monkeypatch, capsys):
    exp = write(
        tmp_path,
        "f.toml",
        """
name = "f"
design = "lhs"
model = "govsim.testing.functions:fails_above"
[parameters]
x = { low = 0.0, high = 1.0 }
[lhs]
samples = 20
""",
    )
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 3
    first = stored_runs(out)
    n_failed = int((first["status"] == "failed").sum())
    assert 0 < n_failed < 20
    capsys.readouterr()
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--resume", "--workers", "1") == 3
    captured = capsys.readouterr()
    assert f"{20 - n_failed} already stored, {n_failed} failed" in captured.out
    assert f"error: {n_failed} of 20 runs failed" in captured.err
    pd.testing.assert_frame_equal(stored_runs(out), first)


def test_workers_below_one_is_a_user_error(tmp_path, monkeypatch, capsys):
    exp = write(tmp_path, "e.toml", SLOW)
    assert run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o", "--workers", "0") == 2
    assert "--workers" in capsys.readouterr().err
