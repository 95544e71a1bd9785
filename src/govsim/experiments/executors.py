"""Executors: run chunks of a design sequentially, on local processes or on Dask.

All three take the same chunks and return the same records (they call the same
:func:`~govsim.experiments.modelref.execute_chunk`), so stored results do not
depend on where runs were executed. Only a bounded number of chunks is in
flight at once, so memory does not grow with the size of the design.

Process hygiene: local workers die with their parent however it ends (on Linux
they ask the kernel for ``SIGKILL`` when the parent dies, so even ``kill -9``
of ``govsim experiment`` leaves no orphan), ignore Ctrl-C (the parent stops
them), and are recycled by a :class:`WorkerPolicy`: after a number of runs or
above a memory size, the pool drains and starts fresh workers, so a model that
leaks memory cannot take the sweep down.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from govsim.errors import EnvironmentFailure, UserError
from govsim.experiments.modelref import RunContext, RunRecord, RunSpec, execute_chunk
from govsim.processes import die_with_parent

__all__ = [
    "CONNECT_TIMEOUT",
    "WorkerPolicy",
    "chunk_size",
    "chunked",
    "make_executor",
    "worker_chunk",
]

#: How long to wait for a Dask scheduler (connecting and its first answer) before giving up.
CONNECT_TIMEOUT = "10s"

Chunk = list[RunSpec]
Done = tuple[Chunk, list[RunRecord]]


@dataclass(frozen=True)
class WorkerPolicy:
    """Limits on runs and on the workers that execute them.

    Attributes:
        time_limit: seconds a run may take before it is stopped and recorded as
            failed (None: no limit).
        max_runs: runs a worker does before it is replaced by a fresh process
            (None: never for this reason).
        max_memory_mb: resident memory (MB) above which a worker is replaced
            after its current chunk (None: never for this reason).
    """

    time_limit: float | None = None
    max_runs: int | None = None
    max_memory_mb: float | None = None

    def __post_init__(self) -> None:
        for name in ("time_limit", "max_runs", "max_memory_mb"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise UserError(f"{name.replace('_', '-')} must be positive, got {value}")

    def worn_out(self, runs: int, rss_mb: float) -> bool:
        """Whether a worker that did ``runs`` runs and uses ``rss_mb`` MB should be replaced."""
        too_many = self.max_runs is not None and runs >= self.max_runs
        too_big = self.max_memory_mb is not None and rss_mb > self.max_memory_mb
        return too_many or too_big


@dataclass
class _Usage:
    """What a worker reports with each chunk: who it is and how big it has grown."""

    worker: str
    rss_mb: float


def chunk_size(n_runs: int, workers: int, cap: int = 64) -> int:
    """Runs per chunk: about eight chunks per worker (load balance), at most ``cap``."""
    return max(1, min(cap, math.ceil(n_runs / max(1, workers * 8))))


def chunked(specs: Iterable[RunSpec], size: int) -> Iterator[Chunk]:
    """Split runs into chunks of ``size`` (the last may be shorter)."""
    chunk: Chunk = []
    for spec in specs:
        chunk.append(spec)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rss_mb() -> float:
    """This process's resident memory in MB (peak memory where the current is unknown)."""
    try:
        with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource  # noqa: PLC0415 (not on Windows)

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def _worker_name() -> str:
    # A Dask worker has distributed imported; importing it here would cost a
    # local worker most of a second.
    distributed = sys.modules.get("distributed")
    if distributed is not None:
        with contextlib.suppress(ValueError):  # not in a Dask worker
            return str(distributed.get_worker().address)
    return str(os.getpid())


def worker_chunk(ctx: RunContext, specs: list[RunSpec]) -> tuple[list[RunRecord], _Usage]:
    """Run a chunk in a worker; return its records and the worker's memory after it."""
    records = execute_chunk(ctx, specs)
    return records, _Usage(_worker_name(), rss_mb())


# ---------------------------------------------------------------- worker processes


def _init_worker(parent: int) -> None:
    """Initializer of pool workers: die with the parent; Ctrl-C is the parent's to handle."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class SequentialExecutor:
    """Runs chunks one after the other in this process."""

    workers = 1

    def __init__(self, policy: WorkerPolicy | None = None):
        self.policy = policy or WorkerPolicy()

    def __enter__(self) -> SequentialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, ctx: RunContext, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield (chunk, records) as each chunk finishes."""
        for chunk in chunks:
            yield chunk, execute_chunk(ctx, chunk)


def _bounded(
    submit: Any,
    chunks: Iterator[Chunk],
    window: int,
    wait_any: Any,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[Any]:
    """Keep at most ``window`` chunks in flight; yield (chunk, future) when done.

    Once ``stop()`` is true no further chunk is taken from ``chunks`` (the
    caller may go on with the rest); the chunks in flight are still yielded.
    """
    pending: dict[Any, Chunk] = {}
    exhausted = False
    while True:
        while not exhausted and not stop() and len(pending) < window:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
                break
            pending[submit(chunk)] = chunk
        if not pending:
            return
        for fut in wait_any(list(pending)):
            yield pending.pop(fut), fut


def _start_method() -> multiprocessing.context.BaseContext:
    """Fork on Linux from a single-threaded process, else spawn.

    Forked workers inherit the imported model, so they start at no cost. Forking
    a process that runs other threads (an embedded Dask client, a notebook
    kernel) can deadlock the child, and fork is unsafe on macOS and absent on
    Windows; there spawn starts clean workers instead.
    """
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


_DIED = (
    "a worker process died (out of memory or killed); the runs finished so far are "
    "stored: run again with --resume (--worker-max-memory recycles workers that grow)"
)


class ProcessExecutor:
    """Runs chunks on a local pool of worker processes, recycled as the policy says."""

    def __init__(self, workers: int, policy: WorkerPolicy | None = None):
        self.workers = workers
        self.policy = policy or WorkerPolicy()
        self.pool: ProcessPoolExecutor | None = None
        self.recycled = 0

    def _start(self) -> None:
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_start_method(),
            initializer=_init_worker,
            initargs=(os.getpid(),),
        )
        # Start every worker now, before the progress bar's thread exists: a fork
        # then copies a single-threaded parent with the model already imported.
        wait([self.pool.submit(os.getpid) for _ in range(self.workers)])

    def __enter__(self) -> ProcessExecutor:
        self._start()
        return self

    def _stop(self, kill: bool) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if kill:  # an interrupt or error: do not wait for the runs in progress
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(OSError):
                    process.kill()
        pool.shutdown(wait=True, cancel_futures=True)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._stop(kill=exc_type is not None)

    def map(self, ctx: RunContext, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield (chunk, records) as each chunk finishes, recycling workers as needed."""
        source = iter(chunks)
        while True:
            worn = yield from self._generation(ctx, source)
            if not worn:
                return
            self._stop(kill=False)  # the pool is drained: nothing in flight is lost
            self.recycled += 1
            self._start()

    def _generation(self, ctx: RunContext, source: Iterator[Chunk]) -> Iterator[Done]:
        """Run chunks on the current workers until the source ends or one wears out."""
        runs: dict[str, int] = {}
        worn = [False]
        pool = self.pool

        def submit(chunk: Chunk) -> Any:
            return pool.submit(worker_chunk, ctx, chunk)

        def wait_any(futures: list[Any]) -> Any:
            return wait(futures, return_when=FIRST_COMPLETED).done

        for chunk, fut in _bounded(submit, source, 2 * self.workers, wait_any, lambda: worn[0]):
            try:
                records, usage = fut.result()
            except BrokenProcessPool:
                raise EnvironmentFailure(_DIED) from None
            runs[usage.worker] = runs.get(usage.worker, 0) + len(records)
            worn[0] = worn[0] or self.policy.worn_out(runs[usage.worker], usage.rss_mb)
            yield chunk, records
        return worn[0]


# ---------------------------------------------------------------- Dask


def _connect(address: str) -> Any:
    """A Dask client, or a UserError; bounded in time whatever answers at ``address``."""
    from dask.utils import parse_timedelta  # noqa: PLC0415
    from distributed import Client  # noqa: PLC0415
    from distributed.comm.addressing import parse_address  # noqa: PLC0415
    from distributed.comm.registry import backends  # noqa: PLC0415

    scheme, _location = parse_address(address) if "://" in address else ("tcp", address)
    if scheme not in backends:
        known = ", ".join(sorted(backends))
        raise UserError(f"--scheduler {address}: unknown scheme {scheme!r} (use one of {known})")
    timeout = parse_timedelta(CONNECT_TIMEOUT)
    result: dict[str, Any] = {}

    def connect() -> None:
        try:
            result["client"] = Client(address, timeout=CONNECT_TIMEOUT)
        except BaseException as err:  # noqa: BLE001 - reported below, whatever it is
            result["error"] = err

    # The client's own timeout covers the TCP connection only: a server that
    # accepts and then says nothing (or not Dask) would block forever.
    thread = threading.Thread(target=connect, name="govsim-dask-connect", daemon=True)
    thread.start()
    thread.join(2 * timeout + 5)
    if "client" in result:
        return result["client"]
    why = result.get("error")
    detail = f": {type(why).__name__}: {why}" if why is not None else f" within {2 * timeout:g} s"
    raise UserError(
        f"cannot reach a Dask scheduler at {address}{detail}; start one with "
        "`dask scheduler` (and workers with `dask worker ADDRESS`), or check the address"
    )


class DaskExecutor:
    """Sends chunks to an existing Dask distributed scheduler."""

    def __init__(self, address: str, policy: WorkerPolicy | None = None):
        self.address = address
        self.policy = policy or WorkerPolicy()
        self.client: Any = None
        self.workers = 1
        self.recycled = 0

    def __enter__(self) -> DaskExecutor:
        try:
            import distributed  # noqa: F401, PLC0415 (optional at import time)
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise UserError("--scheduler needs the 'distributed' package") from None
        try:
            self.client = _connect(self.address)
        except ValueError as err:  # a malformed address
            raise UserError(f"--scheduler {self.address}: {err}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):  # closing must not hide the real error
                self.client.close()

    def _recycle(self, worker: str) -> None:
        """Restart one worker through its nanny; its runs in flight are run again."""
        out = self.client.restart_workers([worker], raise_for_error=False)
        if all(v == "OK" for v in out.values()):
            self.recycled += 1
            return
        print(
            f"warning: cannot recycle Dask worker {worker} (started without a nanny?): "
            f"{out}; recycling is off for this experiment",
            file=sys.stderr,
        )
        self.policy = WorkerPolicy(time_limit=self.policy.time_limit)

    def map(self, ctx: RunContext, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield (chunk, records) as each chunk finishes."""
        from distributed import wait as dask_wait  # noqa: PLC0415

        runs: dict[str, int] = {}

        def submit(chunk: Chunk) -> Any:
            # The context travels with each chunk (a few kB): data scattered to a
            # worker would be lost when that worker is recycled.
            return self.client.submit(worker_chunk, ctx, chunk, pure=False)

        def wait_any(futures: list[Any]) -> Any:
            return dask_wait(futures, return_when="FIRST_COMPLETED").done

        for chunk, fut in _bounded(submit, iter(chunks), 2 * self.workers + 2, wait_any):
            records, usage = fut.result()
            runs[usage.worker] = runs.get(usage.worker, 0) + len(records)
            if self.policy.worn_out(runs[usage.worker], usage.rss_mb):
                runs[usage.worker] = 0
                self._recycle(usage.worker)
            yield chunk, records


def make_executor(
    workers: int | None = None, scheduler: str | None = None, policy: WorkerPolicy | None = None
) -> Any:
    """Pick an executor: Dask with a scheduler, a process pool above one worker, else sequential.

    Args:
        workers: local worker processes (None: all cores).
        scheduler: a Dask scheduler address such as ``tcp://127.0.0.1:8786``.
        policy: worker recycling (the time limit travels with the runs' context).
    """
    if scheduler:
        return DaskExecutor(scheduler, policy)
    if workers is None:
        workers = multiprocessing.cpu_count()
    if workers < 1:
        raise UserError(f"--workers must be at least 1, got {workers}")
    return SequentialExecutor(policy) if workers == 1 else ProcessExecutor(workers, policy)
