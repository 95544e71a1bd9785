"""One writer per output folder: an advisory lock file naming its holder.

``govsim experiment`` holds ``DIR/.govsim.lock`` (an ``flock`` lock) for as long
as it writes to ``DIR``. A second process that wants the folder is refused
with the holder's pid, host and start time. The operating system drops the
lock when the holder exits in any way (even ``kill -9``), so a crash never
leaves a stale lock. Where ``fcntl`` does not exist (Windows) there is no lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from govsim.errors import UserError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "FolderBusy", "folder_lock"]

#: The lock file's name inside an output folder.
LOCK_NAME = ".govsim.lock"


class FolderBusy(UserError):
    """Another process writes to the output folder."""


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {info['pid']} on {info['host']}, since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration of the block.

    Args:
        folder: an existing output folder.

    Raises:
        FolderBusy: another process holds the lock.
    """
    if fcntl is None:  # pragma: no cover - no advisory locks on this platform
        yield
        return
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        if err.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        raise UserError(
            f"cannot write in {folder} ({err.strerror}): choose a writable --out folder"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(
                f"{folder} is being written by govsim ({_holder(path)}); wait for it to "
                "finish or stop it, or choose another --out"
            ) from None
        since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since})
        os.ftruncate(fd, 0)
        os.write(fd, info.encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock
