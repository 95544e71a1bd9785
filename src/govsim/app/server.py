"""Start the classroom app: a local Solara server that needs no internet.

Offline means three things: the page's JavaScript and CSS come from the
``solara-assets`` package through Solara's asset proxy, not a CDN; Solara's
usage telemetry is off; and it does not look for a newer version at start.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Mapping

from govsim.errors import UserError
from govsim.processes import die_with_parent

__all__ = ["APP_PACKAGES", "ENV_LANG", "ENV_RESIDENTS", "ENV_SEED", "server_command", "serve"]

#: Environment variables that carry ``govsim app``'s options to each session's page.
ENV_LANG = "GOVSIM_APP_LANG"
ENV_RESIDENTS = "GOVSIM_APP_RESIDENTS"
ENV_SEED = "GOVSIM_APP_SEED"

#: Import names of what the app needs beyond govsim's own dependencies (the ``app`` extra).
APP_PACKAGES = ("solara", "solara_assets", "ipyvuetify", "altair")

#: Solara settings for a classroom without internet.
OFFLINE = {
    "SOLARA_ASSETS_PROXY": "True",
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
}


def check_installed() -> None:
    """Raise a clear error when the app's extra is not installed."""
    missing = [name for name in APP_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        raise UserError(
            f'the app needs {", ".join(missing)}: install it with pip install -e ".[app]"'
        )


def server_command(host: str, port: int, open_browser: bool) -> list[str]:
    """The command that serves the page."""
    command = [sys.executable, "-m", "solara", "run", "govsim.app.page:Page"]
    command += ["--host", host, "--port", str(port), "--production", "--no-check-version"]
    return command if open_browser else [*command, "--no-open"]


def server_environment(lang: str, residents: int, seed: int) -> Mapping[str, str]:
    """The environment of the server: offline settings and the page's starting options."""
    return {
        **os.environ,
        **OFFLINE,
        ENV_LANG: lang,
        ENV_RESIDENTS: str(residents),
        ENV_SEED: str(seed),
    }


def serve(
    *,
    lang: str,
    residents: int,
    seed: int,
    host: str = "127.0.0.1",
    port: int = 8765,
    open_browser: bool = True,
) -> int:
    """Serve the app until interrupted; returns the server's exit code.

    The server stops with govsim: on SIGTERM it is asked to stop, and if govsim
    is killed outright Linux stops it (it would otherwise keep its port and
    some 300 MB).
    """
    check_installed()
    command = server_command(host, port, open_browser)
    env = server_environment(lang, residents, seed)
    server = subprocess.Popen(
        command, env=env, preexec_fn=functools.partial(die_with_parent, os.getpid(), signal.SIGTERM)
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        return server.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached the server too (same process group): let it shut down
        return _stop(server)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            _stop(server)


def _stop(server: subprocess.Popen, timeout: float = 10.0) -> int:
    """Ask the server to stop, and kill it if it has not within ``timeout`` seconds."""
    server.terminate()
    try:
        return server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()
