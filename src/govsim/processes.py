"""Child processes that do not outlive govsim.

A sweep's pool workers and the classroom app's server are child processes. If
govsim is killed (SIGKILL, a closed terminal, a test fixture's SIGTERM) they
would go on running, each holding hundreds of megabytes, so each asks Linux to
signal it when its parent dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send this process ``sig`` when its parent dies.

    Call it in the child (a pool initializer, or ``preexec_fn`` of a subprocess).
    Elsewhere than Linux it does nothing.

    Args:
        parent: The parent's process id, read in the parent before the child started.
        sig: The signal to receive.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig))
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
