"""`govsim app` stops its server when it is stopped or killed: no orphan keeps the port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_server import free_port, wait_until_up

pytest.importorskip("solara", reason="the app extra is not installed")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads children from /proc"
)


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def _gone(pid: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except FileNotFoundError:
            return True
        if state == "Z":  # exited; only its parent's bookkeeping is left
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_the_server_stops_with_govsim_app(sig: int, tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "govsim", "app", "--no-browser", "--port", str(port)]
    with (tmp_path / "server.log").open("w") as log:
        app = subprocess.Popen(
            [*command, "--residents", "300"], stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", app)
            servers = _children(app.pid)
            assert len(servers) == 1, servers
            os.kill(app.pid, sig)
            app.wait(timeout=30)
            assert _gone(servers[0]), "the Solara server outlived govsim app"
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
