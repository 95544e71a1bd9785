"""What an experiment runs: govsim's model, a Mesa model class or a plain function.

``model = "package.module:callable"`` in an experiment file names either

- a :class:`mesa.Model` subclass: built as ``cls(**params, seed=seed)``, stepped
  ``steps`` times; its DataCollector's model variables are the time series and
  their last row the final outputs; or
- a function ``f(**params, seed=seed) -> dict[str, float]`` of final outputs.

The default, ``"govsim"``, runs :func:`govsim.model.runner.run` on the run's scenario
with its key-path overrides. :func:`execute_run` never raises: a failing run
comes back as a record with status ``"failed"`` and its traceback.

A run is ``"done"`` only when every output is a finite number: an output that is
missing, not a number, NaN or infinite fails the run (its error names the
output), so no analysis ever averages or indexes a NaN. A run that exceeds the
context's time limit, or whose model calls ``sys.exit``, fails the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import json
import math
import signal
import threading
import time
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "ModelRefError",
    "OutputError",
    "RunTimeout",
    "RunContext",
    "RunRecord",
    "RunSpec",
    "execute_chunk",
    "execute_run",
    "is_mesa_model",
    "resolve_callable",
]


class ModelRefError(ValueError):
    """A model reference that cannot be resolved."""


class OutputError(ValueError):
    """A run's outputs are incomplete: one is missing, not a number, NaN or infinite."""


class RunTimeout(BaseException):  # noqa: N818 - reads as what happened
    """A run took longer than its time limit.

    A BaseException, so a model's own ``except Exception`` cannot swallow it.
    """


@dataclass(frozen=True)
class RunSpec:
    """One run of a design.

    Attributes:
        key: the run key (hash of resolved parameters, seed and design position).
        scenario: label of the scenario or design cell ("" for sampled designs).
        sample: index in the sampled design's matrix, or -1.
        replication: replication number.
        seed: the run's seed.
        params: key-path overrides (govsim) or keyword arguments (other models).
        source: label of the scenario file the overrides apply to (govsim), or None.
        snapshot: whether to keep a network snapshot of this run.
    """

    key: str
    scenario: str
    sample: int
    replication: int
    seed: int
    params: dict[str, Any]
    source: str | None = None
    snapshot: bool = False


@dataclass(frozen=True)
class RunContext:
    """What every run of an experiment shares; sent once per chunk of runs."""

    model: str
    steps: int | None
    outputs: tuple[str, ...] | None
    timeseries: bool
    scenarios: dict[str, dict[str, Any]] = field(default_factory=dict)
    time_limit: float | None = None


@dataclass
class RunRecord:
    """The result of one run, as stored."""

    key: str
    status: str
    duration: float
    outputs: dict[str, float]
    timeseries: dict[str, np.ndarray] | None = None
    nodes: Any = None
    edges: Any = None
    error: str | None = None


def resolve_callable(ref: str) -> Any:
    """Import the object named by ``"package.module:callable"``.

    Raises:
        ModelRefError: when the reference is malformed or cannot be imported.
    """
    module_name, sep, attr = ref.partition(":")
    if not sep or not module_name or not attr:
        raise ModelRefError(f"{ref!r} is not of the form 'package.module:callable'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise ModelRefError(f"cannot import {module_name!r}: {err}") from None
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ModelRefError(f"{module_name!r} has no attribute {attr!r}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise ModelRefError(f"{ref!r} is not callable")
    return obj


def is_mesa_model(obj: Any) -> bool:
    """True when ``obj`` is a Mesa model class."""
    try:
        import mesa  # noqa: PLC0415 (only needed for this check)
    except ImportError:  # pragma: no cover - mesa is a dependency
        return False
    return isinstance(obj, type) and issubclass(obj, mesa.Model)


@functools.lru_cache(maxsize=32)
def _scenario(text: str) -> Any:
    from govsim.config.scenario import validate_data  # noqa: PLC0415

    return validate_data(json.loads(text))


def _number(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise OutputError(f"output {name!r} is {value!r}, not a number") from None
    if not math.isfinite(number):
        raise OutputError(f"output {name!r} is {number} (outputs must be finite numbers)")
    return number


def _select(values: Mapping[str, Any], names: tuple[str, ...] | None) -> dict[str, float]:
    """The outputs named (all when None), each checked to be a finite number."""
    keys = names if names is not None else tuple(values)
    missing = [k for k in keys if k not in values]
    if missing:
        raise OutputError(f"the model returned no {', '.join(map(repr, missing))}")
    if not keys:
        raise OutputError("the model returned no outputs")
    return {str(k): _number(str(k), values[k]) for k in keys}


def _run_govsim(ctx: RunContext, spec: RunSpec) -> RunRecord:
    from govsim.model.runner import run  # noqa: PLC0415 (the model is imported in workers only)

    scenario = _scenario(json.dumps(ctx.scenarios[spec.source], sort_keys=True))
    result = run(
        scenario, seed=spec.seed, steps=ctx.steps, overrides=spec.params, snapshot=spec.snapshot
    )
    ts = None
    if ctx.timeseries:
        frame = result.timeseries
        names = ctx.outputs or tuple(c for c in frame.columns if c != "step")
        ts = {n: frame[n].to_numpy(dtype=float) for n in names}
    record = RunRecord(spec.key, "done", 0.0, _select(result.final, ctx.outputs), ts)
    if spec.snapshot and result.snapshot is not None:
        record.nodes, record.edges = result.snapshot.nodes, result.snapshot.edges
    return record


def _run_mesa(cls: Any, ctx: RunContext, spec: RunSpec) -> RunRecord:
    model = cls(**spec.params, seed=spec.seed)
    for _ in range(ctx.steps or 0):
        model.step()
    collector = getattr(model, "datacollector", None)
    if collector is None:
        raise TypeError(f"{cls.__name__} has no datacollector to read outputs from")
    frame = collector.get_model_vars_dataframe()
    from govsim.model.memory import release_model  # noqa: PLC0415 (workers only)

    release_model(model)  # Mesa 3.3 would keep every model of the sweep alive
    final = _select(frame.iloc[-1].to_dict(), ctx.outputs)
    ts = None
    if ctx.timeseries:
        ts = {n: frame[n].to_numpy(dtype=float) for n in final}
    return RunRecord(spec.key, "done", 0.0, final, ts)


def _run_function(func: Any, ctx: RunContext, spec: RunSpec) -> RunRecord:
    values = func(**spec.params, seed=spec.seed)
    if not isinstance(values, Mapping):
        raise TypeError(f"model returned {type(values).__name__}, expected a dict of outputs")
    return RunRecord(spec.key, "done", 0.0, _select(values, ctx.outputs))


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise RunTimeout in this (main) thread after ``seconds``; interrupts sleeps too."""

    def expire(_signum: int, _frame: Any) -> None:
        raise RunTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _thread_alarm(seconds: float) -> Iterator[None]:
    """Raise RunTimeout in this (worker) thread after ``seconds``, between bytecodes."""
    ident, lock, active = threading.get_ident(), threading.Lock(), [True]

    def expire() -> None:
        with lock:
            if active[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(ident), ctypes.py_object(RunTimeout)
                )

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        timer.cancel()


def _time_limit(seconds: float | None) -> contextlib.AbstractContextManager[None]:
    """A limit on the run's wall time: a signal in a main thread, else an async exception."""
    if not seconds:
        return contextlib.nullcontext()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _alarm(seconds)
    return _thread_alarm(seconds)  # Dask runs tasks in worker threads


def _dispatch(ctx: RunContext, spec: RunSpec) -> RunRecord:
    if ctx.model == "govsim":
        return _run_govsim(ctx, spec)
    target = resolve_callable(ctx.model)
    if is_mesa_model(target):
        return _run_mesa(target, ctx, spec)
    return _run_function(target, ctx, spec)


def execute_run(ctx: RunContext, spec: RunSpec) -> RunRecord:
    """Run one spec and return its record; failures are caught and recorded.

    Args:
        ctx: what the experiment's runs share.
        spec: the run.

    Returns:
        The record, with status ``"done"`` or ``"failed"`` (and why).
    """
    start = time.perf_counter()
    try:
        with _time_limit(ctx.time_limit):
            record = _dispatch(ctx, spec)
    except RunTimeout:
        error = f"RunTimeout: stopped after the time limit of {ctx.time_limit:g} s"
        record = RunRecord(spec.key, "failed", 0.0, {}, error=error)
    except OutputError as err:
        record = RunRecord(spec.key, "failed", 0.0, {}, error=f"OutputError: {err}")
    except (Exception, SystemExit):  # noqa: BLE001 - any model error is the run's result
        record = RunRecord(spec.key, "failed", 0.0, {}, error=traceback.format_exc())
    record.duration = time.perf_counter() - start
    return record


def execute_chunk(ctx: RunContext, specs: list[RunSpec]) -> list[RunRecord]:
    """Run a chunk of specs in order (the unit sent to a worker)."""
    return [execute_run(ctx, spec) for spec in specs]
