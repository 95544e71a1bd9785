"""Worker processes die with govsim, and a Dask address that is not a scheduler cannot hang it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time

import psutil
import pytest
from _experiments_support import run_cli, spawn_cli, write

from govsim.experiments import executors

pytestmark = pytest.mark.timeout(120)

SLOW = """
name = "slow"
design = "lhs"
model = "misbehaving_models:slow"
overrides = { seconds = 0.5 }
[parameters]
x = { low = 0.0, high = 1.0 }
[lhs]
samples = 200
"""


def _workers_of(proc: subprocess.Popen, n: int) -> list[psutil.Process]:
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = parent.children(recursive=True)
        if len(children) >= n:
            time.sleep(1.0)  # let the pool start its runs
            return parent.children(recursive=True)
        time.sleep(0.1)
    raise AssertionError("the worker pool did not start")


def _gone(processes: list[psutil.Process], within: float = 15.0) -> bool:
    _gone_, alive = psutil.wait_procs(processes, timeout=within)
    return not alive


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_die_with_their_parent(tmp_path, sig):
    exp = write(tmp_path, "e.toml", SLOW)
    tests_dir = os.path.dirname(__file__)  # the cwd: workers import misbehaving_models
    proc = spawn_cli(
        "experiment",
        exp,
        "--out",
        tmp_path / "o",
        "--workers",
        "2",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tests_dir,
    )
    try:
        workers = _workers_of(proc, 2)
        proc.send_signal(sig)
        proc.wait(timeout=30)
        assert _gone(workers), [w.pid for w in workers if w.is_running()]
    finally:
        if proc.poll() is None:
            proc.kill()
    if sig == signal.SIGTERM:
        err = proc.stderr.read().decode()
        assert "Traceback" not in err and "interrupted" in err


# ---------------------------------------------------------------- Dask addresses


class _FakeServer:
    """A TCP server that accepts connections and then is silent, or answers nonsense."""

    def __init__(self, reply: bytes):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.reply = reply
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            if self.reply:
                conn.sendall(self.reply)

    def close(self) -> None:
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.mark.parametrize(
    "reply", [b"", b"HTTP/1.0 200 OK\r\n\r\nhello\n" * 4], ids=["silent", "http"]
)
def test_a_server_that_is_not_a_scheduler_is_reported_in_bounded_time(
    tmp_path, monkeypatch, capsys, reply
):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    server = _FakeServer(reply)
    exp = write(tmp_path, "e.toml", SLOW)
    start = time.monotonic()
    try:
        code = run_cli(
            monkeypatch, "experiment", exp, "--out", tmp_path / "o", "--scheduler", server.address
        )
    finally:
        server.close()
    assert code == 2 and time.monotonic() - start < 20
    err = capsys.readouterr().err
    assert "cannot reach a Dask scheduler" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "address", ["tcp://nonsense:::", "foo://x", "tcp://127.0.0.1:99999", ":"], ids=repr
)
def test_malformed_scheduler_addresses_are_user_errors(tmp_path, monkeypatch, capsys, address):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    exp = write(tmp_path, "e.toml", SLOW)
    assert (
        run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / "o", "--scheduler", address)
        == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert not (tmp_path / "o").exists()
