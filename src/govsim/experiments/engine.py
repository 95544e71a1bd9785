"""Run an experiment: load it, size and build its design, execute and stream to the store.

A start that fails (bad design, unreachable scheduler, a folder in use) leaves
nothing behind: the output folder and store are removed again if this call
created them. A resume is refused unless the fully resolved inputs (every
scenario's data, every run's key, the govsim version) are those the store was
started with, so a store never mixes runs of two different experiments.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from govsim._version import __version__
from govsim.errors import UserError
from govsim.experiments import provenance
from govsim.experiments.designs import Design, build_design, design_size
from govsim.experiments.executors import WorkerPolicy, chunk_size, chunked, make_executor
from govsim.experiments.limits import DEFAULT_MAX_RUNS
from govsim.experiments.loader import Edit, load_experiment
from govsim.experiments.lock import LOCK_NAME, folder_lock
from govsim.experiments.spec import ExperimentSpec
from govsim.experiments.store import STORE_NAME, Store

__all__ = ["DEFAULT_MAX_RUNS", "RunSummary", "default_out_dir", "run_experiment"]


@dataclass(frozen=True)
class RunSummary:
    """What one invocation of an experiment did."""

    out: Path
    n_runs: int
    skipped: int
    done: int
    failed: int


def default_out_dir(spec: ExperimentSpec) -> Path:
    """``results/<experiment name>/`` in the working directory."""
    return Path("results") / spec.file.name


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _check_size(n_runs: int, max_runs: int) -> None:
    if n_runs > max_runs:
        raise UserError(
            f"the design has {n_runs:,} runs, more than the limit of {max_runs:,}; shrink "
            f"the design, or raise the limit with --max-runs {n_runs} if you mean it"
        )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError as err:
        raise UserError(f"--out {path}: {err.strerror or err}") from None


def _check_out_dir(out: Path, resume: bool) -> None:
    """Refuse to overwrite results, or to resume a folder that holds none."""
    if not _is_dir(out) and out.exists():
        raise UserError(f"{out} exists and is not a directory")
    filled = out.exists() and any(p.name != LOCK_NAME for p in out.iterdir())
    if filled and not resume:
        raise UserError(f"{out} is not empty: use --resume to continue it, or choose --out")
    if resume and filled and not (out / STORE_NAME).exists():
        raise UserError(f"{out} has no {STORE_NAME} to resume")


@contextlib.contextmanager
def _undo_on_failure(out: Path) -> Iterator[Any]:
    """Remove what a failed start created: the folder if it was new, else the new store.

    The block calls ``keep()`` once the store holds a started experiment; a
    failure after that leaves the store for ``--resume``.
    """
    new_folder = not out.exists()
    had_store = (out / STORE_NAME).exists()
    state = {"keep": False}
    try:
        yield lambda: state.update(keep=True)
    except BaseException:
        if not state["keep"] and not had_store:
            if new_folder:
                shutil.rmtree(out, ignore_errors=True)
            else:
                for name in (STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", LOCK_NAME):
                    (out / name).unlink(missing_ok=True)
        raise


def _metadata(spec: ExperimentSpec, design: Design, inputs: dict[str, Any]) -> dict[str, Any]:
    exp = spec.file
    return {
        "name": exp.name,
        "design": exp.design,
        "model": exp.model,
        "base": spec.base_name,
        "scenarios": design.scenarios,
        "cells": design.cells,
        "outputs": list(design.context.outputs) if design.context.outputs else None,
        "replications": exp.replications,
        "n_runs": design.n_runs,
        "root_seed": exp.root_seed,
        "versions": {**provenance.versions(), "git_commit": provenance.git_commit()},
        "started": _now(),
        "experiment_file": spec.text,
        "experiment_path": str(spec.path),
        "problem": design.problem,
        "design_options": (getattr(exp, exp.design).model_dump() if exp.design else None),
        "timeseries": exp.timeseries,
        "inputs": inputs,
        **design.meta,
    }


# ---------------------------------------------------------------- resolved inputs


def _inputs(design: Design) -> dict[str, Any]:
    """What a resume must find unchanged besides the file's text.

    The govsim version, a hash of each scenario's resolved data, and per
    scenario or cell a digest of its groups' resolved parameters. The seeds and
    replications follow from the file's text (compared on its own), so the
    digest need not draw them: it costs a few microseconds per design point.
    """
    digests: dict[str, Any] = {}
    for group in design.groups():
        source = design.source_hash.get(group.source or "", "")
        text = json.dumps([source, group.params, group.sample], sort_keys=True, default=float)
        digests.setdefault(group.label, hashlib.sha256()).update(text.encode())
    return {
        "govsim": __version__,
        "scenarios": dict(design.source_hash),
        "runs": {label: h.hexdigest() for label, h in digests.items()},
    }


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        return {prefix.rstrip("."): data}
    out: dict[str, Any] = {}
    for key, value in data.items():
        out.update(_flat(value, f"{prefix}{key}."))
    return out


def _scenario_change(label: str, old: Any, new: Any) -> str:
    before, after = _flat(old or {}), _flat(new or {})
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    shown = ", ".join(f"{k} {before.get(k)!r} -> {after.get(k)!r}" for k in keys[:3])
    more = f" and {len(keys) - 3} more" if len(keys) > 3 else ""
    return f"scenario {label!r} ({shown}{more})"


def _changes(store: Store, design: Design, inputs: dict[str, Any]) -> list[str]:
    old = store.meta().get("inputs")
    if old is None:  # a store from before inputs were recorded: its runs must all be ours
        strangers = store.keys() - {s.key for s in design.runs()}
        return [f"{len(strangers)} stored runs that this design does not have"] if strangers else []
    changes = []
    if old["govsim"] != inputs["govsim"]:
        changes.append(f"govsim {old['govsim']} -> {inputs['govsim']}")
    stored = store.scenarios()
    for label, digest in inputs["scenarios"].items():
        if old["scenarios"].get(label) != digest:
            data = design.context.scenarios.get(label)
            changes.append(_scenario_change(label, stored.get(label), data))
    if not changes:
        changed = [k for k, v in inputs["runs"].items() if old["runs"].get(k) != v]
        changed += [k for k in old["runs"] if k not in inputs["runs"]]
        changes += [f"the runs of {label!r}" for label in changed]
    return changes


def _check_resume(store: Store, spec: ExperimentSpec, design: Design, inputs: dict) -> None:
    out = store.path.parent
    if store.meta().get("experiment_file") != spec.text:
        raise UserError(
            f"{spec.path} differs from the experiment stored in {out}; "
            "resume needs the same file (start a new --out for a changed experiment)"
        )
    changes = _changes(store, design, inputs)
    if changes:
        raise UserError(
            f"cannot resume {out}: its inputs changed since it started: {'; '.join(changes)}. "
            "Restore them, or start a new --out"
        )


# ---------------------------------------------------------------- running


def _progress(total: int, initial: int, show: bool) -> Any:
    from tqdm import tqdm  # noqa: PLC0415

    # No monitor thread: worker processes may be forked while the bar is alive.
    tqdm.monitor_interval = 0
    return tqdm(
        total=total,
        initial=initial,
        unit="run",
        disable=not show,
        dynamic_ncols=True,
        desc="runs",
        smoothing=0.1,
    )


def _execute(
    design: Design, todo: Iterator[Any], n_todo: int, store: Store, executor: Any, bar: Any
) -> int:
    """Run ``todo`` on ``executor``, writing each finished chunk; return the failures."""
    failed = 0
    ctx = replace(design.context, time_limit=executor.policy.time_limit)
    with bar:
        size = chunk_size(n_todo, executor.workers)
        for chunk, records in executor.map(ctx, chunked(todo, size)):
            store.write(zip(chunk, records, strict=True))
            failed += sum(r.status != "done" for r in records)
            bar.update(len(records))
            bar.set_postfix(failed=failed, refresh=False)
    return failed


def _open(spec: ExperimentSpec, out: Path) -> tuple[Store, bool, Any]:
    """The store, whether it is new, and the design matrix to reuse (None if new)."""
    store = Store(out / STORE_NAME)
    # New until its metadata is written (a crash right after creating the file
    # leaves a store without it; starting over is then correct).
    new = store.meta().get("experiment_file") is None
    return store, new, None if new else store.design_x()


def run_experiment(
    path: str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool | None = None,
    max_runs: int = DEFAULT_MAX_RUNS,
    policy: WorkerPolicy | None = None,
    edit: Edit | None = None,
) -> RunSummary:
    """Run (or resume) an experiment file and stream every run into its store.

    Args:
        path: the experiment file.
        out: the output directory (default ``results/<name>/``).
        workers: local worker processes (None: all cores; 1: sequential).
        scheduler: a Dask scheduler address; overrides ``workers``.
        resume: continue an existing output directory, skipping stored runs.
        progress: show a progress bar (None: when stderr is a terminal).
        max_runs: refuse a design with more runs than this.
        policy: per-run time limit and worker recycling (default: none).
        edit: a change of the file's content before it is checked (``govsim
            patterns --quick`` shrinks the pattern file); the edited content
            is what the store keeps and what a resume must match.

    Returns:
        A summary of the runs done, skipped and failed.

    Raises:
        UserError: bad input, a changed experiment on resume, a folder in use.
        EnvironmentFailure: the disk filled up or failed, or a worker died.
    """
    spec = load_experiment(path, edit=edit)
    _check_size(design_size(spec), max_runs)
    out_dir = Path(out) if out is not None else default_out_dir(spec)
    _check_out_dir(out_dir, resume)
    with _undo_on_failure(out_dir) as keep:
        out_dir.mkdir(parents=True, exist_ok=True)
        with folder_lock(out_dir):
            store, new, stored_x = _open(spec, out_dir)
            with store:
                design = build_design(spec, stored_x)
                inputs = _inputs(design)
                if not new:
                    _check_resume(store, spec, design, inputs)
            return _run(
                spec, design, inputs, out_dir, new, keep, progress, workers, scheduler, policy
            )


def _run(
    spec: ExperimentSpec,
    design: Design,
    inputs: dict[str, Any],
    out_dir: Path,
    new: bool,
    keep: Any,
    progress: bool | None,
    workers: int | None,
    scheduler: str | None,
    policy: WorkerPolicy | None,
) -> RunSummary:
    # The executor before the store is reopened: an unreachable scheduler leaves no
    # output folder, and pool workers fork before this process holds the database.
    with (
        make_executor(workers, scheduler, policy) as executor,
        Store(out_dir / STORE_NAME) as store,
    ):
        if new:
            store.set_design(design.x, design.context.scenarios)
            store.set_meta(_metadata(spec, design, inputs))
        keep()
        done = store.done_keys()
        skipped = sum(1 for s in design.runs() if s.key in done) if done else 0
        n_todo = design.n_runs - skipped
        failed = 0
        show = sys.stderr.isatty() if progress is None else progress
        if n_todo:
            todo = (s for s in design.runs() if s.key not in done)
            bar = _progress(design.n_runs, skipped, show)
            failed = _execute(design, todo, n_todo, store, executor, bar)
        store.set_meta({"finished": _now()})
    return RunSummary(out_dir, design.n_runs, skipped, n_todo - failed, failed)
