"""Executors: run chunks of a design sequentially, on local processes or on Dask.

All three take the same chunks and return the same records (they call the same
:func:`~govsim.experiments.modelref.execute_chunk`), so stored results do not
depend on where runs were executed. Only a bounded number of chunks is in
flight at once, so memory does not grow with the size of the design.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from govsim.errors import UserError
from govsim.experiments.modelref import RunContext, RunRecord, RunSpec, execute_chunk

__all__ = ["CONNECT_TIMEOUT", "chunk_size", "chunked", "make_executor"]

#: How long to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = "10s"

Chunk = list[RunSpec]
Done = tuple[Chunk, list[RunRecord]]


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


class SequentialExecutor:
    """Runs chunks one after the other in this process."""

    workers = 1

    def __enter__(self) -> SequentialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, ctx: RunContext, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield (chunk, records) as each chunk finishes."""
        for chunk in chunks:
            yield chunk, execute_chunk(ctx, chunk)


def _bounded(submit: Any, chunks: Iterable[Chunk], window: int, wait_any: Any) -> Iterator[Any]:
    """Keep at most ``window`` chunks in flight; yield (chunk, future) when done."""
    pending: dict[Any, Chunk] = {}
    source = iter(chunks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            chunk = next(source, None)
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


class ProcessExecutor:
    """Runs chunks on a local pool of worker processes (spawned, not forked)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_start_method())
        # Start every worker now, before the progress bar's thread exists: a fork
        # then copies a single-threaded parent with the model already imported.
        wait([self.pool.submit(os.getpid) for _ in range(self.workers)])
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def map(self, ctx: RunContext, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield (chunk, records) as each chunk finishes."""
        def submit(chunk: Chunk) -> Any:
            return self.pool.submit(execute_chunk, ctx, chunk)

        def wait_any(futures: list[Any]) -> Any:
            return wait(futures, return_when=FIRST_COMPLETED).done

        for chunk, fut in _bounded(submit, chunks, 2 * self.workers, wait_any):
            try:
                records = fut.result()
            except BrokenProcessPool:
                raise UserError(
                    "a worker process died (out of memory or killed); the runs finished "
                    "so far are stored: run again with --resume"
                ) from None
            yield chunk, records


class DaskExecutor:
    """Sends chunks to an existing Dask distributed scheduler."""

    def __init__(self, address: str):
        self.address = address
        self.client: Any = None
        self.workers = 1

    def __enter__(self) -> DaskExecutor:
        try:
            from distributed import Client  # noqa: PLC0415 (optional at import time)
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise UserError("--scheduler needs the 'distributed' package") from None
        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as err:
            raise UserError(f"cannot reach the Dask scheduler at {self.address}: {err}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()

    def map(self, ctx: RunContext, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield (chunk, records) as each chunk finishes."""
        from distributed import wait as dask_wait  # noqa: PLC0415

        shared = self.client.scatter(ctx, broadcast=True)

        def submit(chunk: Chunk) -> Any:
            return self.client.submit(execute_chunk, shared, chunk, pure=False)

        def wait_any(futures: list[Any]) -> Any:
            return dask_wait(futures, return_when="FIRST_COMPLETED").done

        for chunk, fut in _bounded(submit, chunks, 2 * self.workers + 2, wait_any):
            yield chunk, fut.result()


def make_executor(workers: int | None = None, scheduler: str | None = None) -> Any:
    """Pick an executor: Dask with a scheduler, a process pool above one worker, else sequential.

    Args:
        workers: local worker processes (None: all cores).
        scheduler: a Dask scheduler address such as ``tcp://127.0.0.1:8786``.
    """
    if scheduler:
        return DaskExecutor(scheduler)
    if workers is None:
        workers = multiprocessing.cpu_count()
    if workers < 1:
        raise UserError(f"--workers must be at least 1, got {workers}")
    return SequentialExecutor() if workers == 1 else ProcessExecutor(workers)
