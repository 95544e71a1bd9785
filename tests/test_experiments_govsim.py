"""End to end with govsim's own model, at a tiny size."""

from __future__ import annotations

import json

from _experiments_support import run_cli, table, write

from govsim.model.metric_specs import METRICS

SMALL = """
name = "small"
design = "compare"
base = "baseline"
root_seed = 3
replications = 2
steps = 24
timeseries = true
snapshot = true
overrides = { "world.n_residents" = 200 }
[compare]
scenarios = ["all_levels", { name = "trained", overrides = { "policies.training.enabled" = true } }]
"""


def test_govsim_model_through_store_and_analysis(tmp_path, monkeypatch):
    exp = write(tmp_path, "small.toml", SMALL)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "experiment", exp, "--out", out, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", out) == 0
    runs = table(out, "runs")
    assert len(runs) == 6 and (runs["status"] == "done").all()
    assert list(runs.columns[6:-1]) == list(METRICS) and runs.columns[-1] == "error"
    effects = table(out, "paired_effects")
    assert set(effects["scenario"]) == {"all_levels", "trained"}
    assert len(effects) == 2 * len(METRICS) and (effects["n"] == 2).all()
    summary = table(out, "timeseries_summary")
    assert len(summary) == 3 * len(METRICS) * 25  # scenarios x metrics x steps 0..24
    assert summary["scenario"].iloc[0] == "baseline"
    nodes, edges = table(out, "network_nodes"), table(out, "network_edges")
    assert set(nodes["kind"]) <= {"resident", "organization"} and len(edges) > 0
    assert set(edges["source"]) <= set(nodes["node"])
    meta = json.loads((out / "tables" / "metadata.json").read_text())
    assert meta["base"] == "baseline" and meta["n_runs"] == 6
    # The same seed gives the same numbers: a paired replication is reproducible.
    again = tmp_path / "again"
    assert run_cli(monkeypatch, "experiment", exp, "--out", again, "--workers", "1") == 0
    assert run_cli(monkeypatch, "analyze", again) == 0
    assert table(again, "runs").equals(runs)
