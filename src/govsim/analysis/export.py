"""Export a stored experiment as tidy tables for R, pandas or Excel."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from govsim.analysis.runs import RUN_COLUMNS, load_runs, open_store
from govsim.errors import UserError

__all__ = ["FORMATS", "export"]

#: Formats ``govsim export`` writes.
FORMATS = ("csv", "parquet")


def _writer(fmt: str):  # noqa: ANN202 - a small local dispatcher
    if fmt == "csv":
        return lambda frame, path: frame.to_csv(path.with_suffix(".csv"), index=False)
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401, PLC0415 (optional dependency)
        except ImportError:
            raise UserError(
                "parquet export needs pyarrow: pip install pyarrow (in the environment that runs "
                "govsim), or use --format csv"
            ) from None
        return lambda frame, path: frame.to_parquet(path.with_suffix(".parquet"), index=False)
    raise UserError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def export(out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write tidy tables to ``out_dir/export/``.

    Tables: ``runs`` (one row per run: labels, seed, status, duration, parameters
    as ``param:<name>`` columns, outputs), ``outputs_long`` (run_key, output,
    value) and, when stored, ``timeseries`` (run_key, output, step, value),
    written in chunks so memory stays bounded for csv.

    Args:
        out_dir: the experiment's output directory.
        fmt: ``"csv"`` or ``"parquet"``.

    Returns:
        The files written.
    """
    write = _writer(fmt)
    dest = Path(out_dir) / "export"
    written = []
    with open_store(out_dir) as store:
        dest.mkdir(exist_ok=True)
        meta = store.meta()
        runs = load_runs(store, meta)
        params = pd.DataFrame([json.loads(p) for p in runs["params"]], index=runs.index)
        params.columns = [f"param:{c}" for c in params.columns]
        outputs = [c for c in runs.columns if c not in RUN_COLUMNS]
        wide = pd.concat([runs[list(RUN_COLUMNS[:7])], params, runs[outputs]], axis=1)
        write(wide, dest / "runs")
        written.append(dest / f"runs.{fmt}")
        # Built by hand: melt() refuses an output that is itself named "value".
        long = pd.DataFrame(
            {
                "run_key": runs["run_key"].repeat(len(outputs)).to_numpy(),
                "output": outputs * len(runs),
                "value": runs[outputs].to_numpy(float).ravel(),
            }
        )
        write(long, dest / "outputs_long")
        written.append(dest / f"outputs_long.{fmt}")
        if meta.get("timeseries"):
            written.append(_export_timeseries(store, dest, fmt, write))
    return written


def _long_chunks(store, rows: int = 200_000):  # noqa: ANN001, ANN202
    """Tidy (run_key, output, step, value) frames of about ``rows`` rows each."""
    parts: list[pd.DataFrame] = []
    size = 0
    for key, _scenario, output, values in store.iter_timeseries():
        parts.append(
            pd.DataFrame(
                {"run_key": key, "output": output, "step": np.arange(len(values)), "value": values}
            )
        )
        size += len(values)
        if size >= rows:
            yield pd.concat(parts, ignore_index=True)
            parts, size = [], 0
    if parts:
        yield pd.concat(parts, ignore_index=True)


def _export_timeseries(store, dest: Path, fmt: str, write) -> Path:  # noqa: ANN001
    path = dest / f"timeseries.{fmt}"
    empty = pd.DataFrame(
        {
            "run_key": pd.Series(dtype=str),
            "output": pd.Series(dtype=str),
            "step": pd.Series(dtype=int),
            "value": pd.Series(dtype=float),
        }
    )
    if fmt == "csv":
        path.unlink(missing_ok=True)
        for i, chunk in enumerate(_long_chunks(store)):
            chunk.to_csv(path, mode="a", header=i == 0, index=False)
        if not path.exists():
            empty.to_csv(path, index=False)
        return path
    import pyarrow as pa  # noqa: PLC0415 (checked by _writer)
    import pyarrow.parquet as pq  # noqa: PLC0415

    schema = pa.Schema.from_pandas(empty, preserve_index=False)
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _long_chunks(store):
            writer.write_table(pa.Table.from_pandas(chunk, schema=schema, preserve_index=False))
    return path
