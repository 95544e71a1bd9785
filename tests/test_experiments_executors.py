"""Sequential, local-process and Dask execution store identical results."""

from __future__ import annotations

import pandas as pd
import pytest
from _experiments_support import run_cli, stored_runs, table, write

from govsim.experiments import executors
from govsim.experiments.store import Store

MESA = """
name = "exec"
design = "compare"
model = "govsim.testing.functions:CounterModel"
steps = 5
replications = 3
timeseries = true
[compare]
scenarios = [{ name = "fast", overrides = { rate = 2.0 } },
             { name = "noisy", overrides = { noise = 1.0 } }]
"""

FAILING = """
name = "fail"
design = "lhs"
model = "govsim.testing.functions:fails_above"
replications = 2
[parameters]
x = { low = 0.0, high = 1.0 }
[lhs]
samples = 10
"""


def _timeseries(out):
    with Store(out / "store.sqlite") as store:
        return [(k, o, v.tolist()) for k, _s, o, v in store.iter_timeseries()]


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("text", [MESA, FAILING], ids=["mesa", "failing"])
def test_sequential_process_pool_and_dask_store_the_same(
    tmp_path, monkeypatch, text, dask_scheduler
):
    exp = write(tmp_path, "e.toml", text)
    modes = {
        "seq": ["--workers", "1"],
        "pool": ["--workers", "2"],
        "dask": ["--scheduler", dask_scheduler],
    }
    expected = 0 if text == MESA else 3  # 3: finished, with failed runs
    for name, opts in modes.items():
        code = run_cli(monkeypatch, "experiment", exp, "--out", tmp_path / name, *opts)
        assert code == expected
        assert run_cli(monkeypatch, "analyze", tmp_path / name) == 0
    seq = tmp_path / "seq"
    runs = stored_runs(seq)
    assert len(runs) > 0
    assert bool(_timeseries(seq)) == (text == MESA)
    for name in ("pool", "dask"):
        other = tmp_path / name
        pd.testing.assert_frame_equal(stored_runs(other), runs)
        assert _timeseries(other) == _timeseries(seq)
        pd.testing.assert_frame_equal(table(other, "runs"), table(seq, "runs"))


def test_unreachable_scheduler_is_a_user_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    exp = write(tmp_path, "e.toml", FAILING)
    code = run_cli(
        monkeypatch, "experiment", exp, "--out", tmp_path / "o", "--scheduler", "tcp://127.0.0.1:9"
    )
    assert code == 2
    assert "Dask scheduler" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()  # nothing half-made: a plain rerun works


def test_only_a_bounded_number_of_chunks_is_in_flight():
    """Memory stays bounded: chunks are pulled from the design only as others finish."""
    pulled, in_flight, peak = [], set(), [0]

    def chunks():
        for i in range(100):
            pulled.append(i)
            yield [i]

    def submit(chunk):
        in_flight.add(chunk[0])
        peak[0] = max(peak[0], len(in_flight))
        return chunk[0]

    def wait_any(futures):
        done = {min(futures)}
        in_flight.difference_update(done)
        return done

    finished = [chunk[0] for chunk, _ in executors._bounded(submit, chunks(), 4, wait_any)]
    assert sorted(finished) == list(range(100))
    assert peak[0] == 4 and len(pulled) == 100
