"""Run an experiment: load it, build its design, execute and stream to the store."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsim.errors import UserError
from govsim.experiments import provenance
from govsim.experiments.designs import Design, build_design
from govsim.experiments.executors import chunk_size, chunked, make_executor
from govsim.experiments.loader import load_experiment
from govsim.experiments.spec import ExperimentSpec
from govsim.experiments.store import STORE_NAME, Store

__all__ = ["RunSummary", "default_out_dir", "run_experiment"]


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


def _check_out_dir(out: Path, resume: bool) -> None:
    """Refuse to overwrite results, or to resume a folder that holds none."""
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} exists and is not a directory")
    if out.exists() and any(out.iterdir()) and not resume:
        raise UserError(f"{out} is not empty: use --resume to continue it, or choose --out")
    if resume and out.exists() and any(out.iterdir()) and not (out / STORE_NAME).exists():
        raise UserError(f"{out} has no {STORE_NAME} to resume")


def _open_store(spec: ExperimentSpec, out: Path) -> tuple[Store, bool]:
    """Open the store; True if it is new. Refuses to mix experiments."""
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / STORE_NAME)
    # New until its metadata is written (a crash right after creating the file
    # leaves a store without it; starting over is then correct).
    stored = store.meta().get("experiment_file")
    new = stored is None
    if not new and stored != spec.text:
        store.close()
        raise UserError(
            f"{spec.path} differs from the experiment stored in {out}; "
            "resume needs the same file (start a new --out for a changed experiment)"
        )
    return store, new


def _metadata(spec: ExperimentSpec, design: Design) -> dict[str, Any]:
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
        "n_runs": len(design.specs),
        "root_seed": exp.root_seed,
        "versions": {**provenance.versions(), "git_commit": provenance.git_commit()},
        "started": _now(),
        "experiment_file": spec.text,
        "experiment_path": str(spec.path),
        "problem": design.problem,
        "design_options": (getattr(exp, exp.design).model_dump() if exp.design else None),
        "timeseries": exp.timeseries,
    }


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


def _execute(design: Design, todo: list[Any], store: Store, executor: Any, bar: Any) -> int:
    """Run ``todo`` on ``executor``, writing each finished chunk; return the failures."""
    failed = 0
    with bar:
        size = chunk_size(len(todo), executor.workers)
        for chunk, records in executor.map(design.context, chunked(todo, size)):
            store.write(zip(chunk, records, strict=True))
            failed += sum(r.status != "done" for r in records)
            bar.update(len(records))
            bar.set_postfix(failed=failed, refresh=False)
    return failed


def run_experiment(
    path: str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool | None = None,
) -> RunSummary:
    """Run (or resume) an experiment file and stream every run into its store.

    Args:
        path: the experiment file.
        out: the output directory (default ``results/<name>/``).
        workers: local worker processes (None: all cores; 1: sequential).
        scheduler: a Dask scheduler address; overrides ``workers``.
        resume: continue an existing output directory, skipping stored runs.
        progress: show a progress bar (None: when stderr is a terminal).

    Returns:
        A summary of the runs done, skipped and failed.
    """
    spec = load_experiment(path)
    out_dir = Path(out) if out is not None else default_out_dir(spec)
    _check_out_dir(out_dir, resume)
    # The executor first: an unreachable scheduler leaves no half-made output folder,
    # and pool workers start before this process opens the database.
    with make_executor(workers, scheduler) as executor:
        store, new = _open_store(spec, out_dir)
        with store:
            design = build_design(spec, None if new else store.design_x())
            if new:
                store.set_design(design.x, design.context.scenarios)
                store.set_meta(_metadata(spec, design))
            done = store.done_keys()
            todo = [s for s in design.specs if s.key not in done]
            skipped = len(design.specs) - len(todo)
            failed = 0
            show = sys.stderr.isatty() if progress is None else progress
            if todo:
                bar = _progress(len(design.specs), skipped, show)
                failed = _execute(design, todo, store, executor, bar)
            store.set_meta({"finished": _now()})
    return RunSummary(out_dir, len(design.specs), skipped, len(todo) - failed, failed)
