"""A fake finished experiment directory with every analysis table.

Every table declared in govsim.analysis.tables is written (tests/test_report.py
checks that), whatever the design: figures and reports are tested on all of them
at once.

The tables follow docs/architecture.md ("Analysis tables") column for column, so
figures and reports can be tested without running the model or the experiment
engine. Numbers are drawn from a seeded generator and shaped like real results
(trajectories that rise and level off, CIs around the means).
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from fake_robustness import pattern_frames, robustness_frames

matplotlib.use("Agg")

SCENARIOS = ["baseline", "government", "organizations", "residents", "all_levels"]
OUTPUTS = ["participation_rate", "service_quality", "satisfaction", "cost_per_satisfied_resident"]
POLICIES = [
    "transfer_functions",
    "legal_framework",
    "lower_registration_threshold",
    "evaluation_system",
    "information_disclosure",
    "internal_governance",
    "independence",
    "training",
    "professional_recruitment",
    "community_identity",
    "resident_communication",
    "participation_innovation",
]
PARAMETERS = [f"policies.{p}.intensity" for p in POLICIES]
MORRIS_PARAMETERS = [
    *PARAMETERS,
    "residents.peer_weight",
    "residents.identity_weight",
    "government.budget_per_resident",
    "organizations.salary",
]
TERMS = [
    "government",
    "organizations",
    "residents",
    "government:organizations",
    "government:residents",
    "organizations:residents",
    "government:organizations:residents",
]
STEPS = 60
REPLICATIONS = 10

EXPERIMENT_TEXT = """\
name = "policy_levels"
design = "compare"
base = "baseline"
scenarios = ["government", "organizations", "residents", "all_levels"]
replications = 10
outputs = ["participation_rate", "service_quality", "satisfaction",
           "cost_per_satisfied_resident"]
seed = 20240601
"""


def _scale(output: str) -> float:
    return 120.0 if output == "cost_per_satisfied_resident" else 1.0


def _runs(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for s, scenario in enumerate(SCENARIOS):
        for rep in range(REPLICATIONS):
            failed = scenario == "residents" and rep == 3
            row = {
                "run_key": f"{s:02d}{rep:02d}abcdef",
                "scenario": scenario,
                "sample": 0,
                "replication": rep,
                "seed": 1000 + rep,
                "status": "failed" if failed else "done",
                "duration": float(rng.uniform(0.8, 1.2)),
            }
            for output in OUTPUTS:
                row[output] = np.nan if failed else float(rng.uniform(0.2, 0.6) * _scale(output))
            rows.append(row)
    return pd.DataFrame(rows)


def _timeseries(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for s, scenario in enumerate(SCENARIOS):
        for o, output in enumerate(OUTPUTS):
            level = (0.15 + 0.08 * s + 0.03 * o) * _scale(output)
            for step in range(STEPS + 1):
                mean = level * (1 - 0.6 * np.exp(-step / 15)) + rng.normal(0, 0.003)
                half = 0.02 * _scale(output) * (1 + step / STEPS)
                rows.append(
                    {
                        "scenario": scenario,
                        "output": output,
                        "step": step,
                        "mean": mean,
                        "ci_low": mean - half,
                        "ci_high": mean + half,
                        "n": REPLICATIONS,
                    }
                )
    return pd.DataFrame(rows)


def _effects(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    means, effects = [], []
    for s, scenario in enumerate(SCENARIOS):
        for output in OUTPUTS:
            value = (0.2 + 0.07 * s) * _scale(output)
            half = 0.015 * _scale(output)
            means.append(
                {
                    "scenario": scenario,
                    "output": output,
                    "mean": value,
                    "ci_low": value - half,
                    "ci_high": value + half,
                    "n": REPLICATIONS,
                }
            )
            if scenario != "baseline":
                effect = (0.07 * s - (0.2 if s == 2 else 0.0)) * _scale(output)
                effect += rng.normal(0, 0.005) * _scale(output)
                effects.append(
                    {
                        "scenario": scenario,
                        "base": "baseline",
                        "output": output,
                        "effect": effect,
                        "ci_low": effect - half,
                        "ci_high": effect + half,
                        "n": REPLICATIONS,
                    }
                )
    return pd.DataFrame(means), pd.DataFrame(effects)


def _factorial(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for output in OUTPUTS:
        for t, term in enumerate(TERMS):
            effect = (0.08 - 0.01 * t + (0.05 if term.count(":") == 2 else 0)) * _scale(output)
            half = 0.012 * _scale(output)
            rows.append(
                {
                    "output": output,
                    "term": term,
                    "effect": effect,
                    "ci_low": effect - half,
                    "ci_high": effect + half,
                }
            )
    return pd.DataFrame(rows)


def _sobol(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    weights = np.array([0.30, 0.05, 0.10, 0.02, 0.12, 0.01, 0.04, 0.15, 0.03, 0.09, 0.06, 0.03])
    indices, conv, s2 = [], [], []
    for o, output in enumerate(OUTPUTS):
        w = np.roll(weights, o)
        for p, param in enumerate(PARAMETERS):
            s1 = float(w[p])
            indices.append(
                {
                    "output": output,
                    "parameter": param,
                    "S1": s1,
                    "S1_conf": 0.02 + 0.1 * s1,
                    "ST": s1 * 1.3 + 0.01,
                    "ST_conf": 0.02 + 0.1 * s1,
                }
            )
            for n in (64, 128, 256, 512, 1024):
                noise = rng.normal(0, 0.4 / np.sqrt(n))
                conv.append(
                    {
                        "output": output,
                        "parameter": param,
                        "n_samples": n,
                        "S1": s1 + noise,
                        "ST": s1 * 1.3 + 0.01 + noise,
                    }
                )
        for a in range(3):
            for b in range(a + 1, 4):
                s2.append(
                    {
                        "output": output,
                        "parameter_1": PARAMETERS[a],
                        "parameter_2": PARAMETERS[b],
                        "S2": 0.01 * (a + b),
                        "S2_conf": 0.01,
                    }
                )
    return pd.DataFrame(indices), pd.DataFrame(conv), pd.DataFrame(s2)


def _morris(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for output in OUTPUTS:
        for p, param in enumerate(MORRIS_PARAMETERS):
            mu = float(rng.gamma(1.2, 0.05)) * _scale(output) * (3 if p in (0, 7) else 1)
            rows.append(
                {
                    "output": output,
                    "parameter": param,
                    "mu_star": mu,
                    "mu_star_conf": 0.15 * mu,
                    "sigma": mu * float(rng.uniform(0.3, 1.4)),
                }
            )
    return pd.DataFrame(rows)


def _fast(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for o, output in enumerate(OUTPUTS):
        for p, param in enumerate(PARAMETERS):
            s1 = float(rng.uniform(0.0, 0.25)) if (p + o) % 3 == 0 else float(rng.uniform(0, 0.03))
            rows.append(
                {
                    "output": output,
                    "parameter": param,
                    "S1": s1,
                    "S1_conf": 0.01 + 0.05 * s1,
                    "ST": s1 * 1.2 + 0.02,
                    "ST_conf": 0.02 + 0.05 * s1,
                }
            )
    return pd.DataFrame(rows)


def _rank_correlations(rng: np.random.Generator, n: int = 200) -> pd.DataFrame:
    rows = []
    half = 1.96 / np.sqrt(n - 3 - (len(PARAMETERS) - 1))  # Fisher z, as the analysis does
    for output in OUTPUTS:
        for param in PARAMETERS:
            prcc = float(np.clip(rng.normal(0, 0.35), -0.95, 0.95))
            z = np.arctanh(prcc)
            rows.append(
                {
                    "output": output,
                    "parameter": param,
                    "spearman": 0.9 * prcc + float(rng.normal(0, 0.02)),
                    "prcc": prcc,
                    "prcc_low": float(np.tanh(z - half)),
                    "prcc_high": float(np.tanh(z + half)),
                    "p_value": float(2 * np.exp(-abs(z) / half * 1.96)),
                    "n": n,
                }
            )
    return pd.DataFrame(rows)


def _envelope() -> pd.DataFrame:
    rows = []
    for o, output in enumerate(OUTPUTS):
        level = (0.3 + 0.05 * o) * _scale(output)
        for step in range(STEPS + 1):
            median = level * (1 - 0.6 * np.exp(-step / 15))
            spread = 0.1 * _scale(output) * (0.2 + step / STEPS)
            rows.append(
                {
                    "output": output,
                    "step": step,
                    "median": median,
                    "q05": median - 1.6 * spread,
                    "q25": median - 0.7 * spread,
                    "q75": median + 0.6 * spread,
                    "q95": median + 1.5 * spread,
                    "n": 400,
                }
            )
    return pd.DataFrame(rows)


def _network(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_res, n_org = 300, 12
    community = rng.integers(0, 7, n_res)
    nodes = pd.DataFrame(
        {
            "node": np.arange(n_res + n_org),
            "kind": ["resident"] * n_res + ["organization"] * n_org,
            "community": np.concatenate([community, rng.integers(0, 7, n_org)]),
            "participating": np.concatenate([rng.random(n_res) < 0.2, np.zeros(n_org, bool)]),
        }
    )
    edges = set()
    for i in range(n_res):
        same = np.flatnonzero(community == community[i])
        for j in rng.choice(same, 3):
            if i != j:
                edges.add((min(i, j), max(i, j)))
        if rng.random() < 0.1:
            edges.add((i, int(rng.integers(0, n_res))))
    for org in range(n_res, n_res + n_org):
        for j in rng.choice(n_res, 8, replace=False):
            edges.add((int(j), org))
    return nodes, pd.DataFrame(sorted(edges), columns=["source", "target"])


def metadata(**changes: object) -> dict[str, object]:
    """Metadata of the fake experiment, with ``changes`` applied."""
    meta: dict[str, object] = {
        "name": "policy_levels",
        "design": "compare",
        "base": "baseline",
        "scenarios": SCENARIOS,
        "outputs": OUTPUTS,
        "replications": REPLICATIONS,
        "n_runs": len(SCENARIOS) * REPLICATIONS,
        "n_done": len(SCENARIOS) * REPLICATIONS - 1,
        "n_failed": 1,
        "root_seed": 20240601,
        "versions": {
            "govsim": "0.1.0",
            "mesa": "3.3.1",
            "SALib": "1.6.0",
            "numpy": "2.1.0",
            "python": "3.11.9",
            "git_commit": "d46535c",
        },
        "started": "2026-11-28T05:00:00+00:00",
        "finished": "2026-11-28T05:03:12+00:00",
        "experiment_file": EXPERIMENT_TEXT,
    }
    meta.update(changes)
    return meta


def write_fake_experiment(root: Path, **meta_changes: object) -> Path:
    """Write a finished experiment with every analysis table under ``root``."""
    rng = np.random.default_rng(7)
    tables = root / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    (tables / "metadata.json").write_text(json.dumps(metadata(**meta_changes), indent=2))
    means, effects = _effects(rng)
    sobol, conv, s2 = _sobol(rng)
    nodes, edges = _network(rng)
    frames = {
        "runs": _runs(rng),
        "timeseries_summary": _timeseries(rng),
        "scenario_means": means,
        "paired_effects": effects,
        "factorial_effects": _factorial(rng),
        "sobol_indices": sobol,
        "sobol_s2": s2,
        "sobol_convergence": conv,
        "morris": _morris(rng),
        "fast_indices": _fast(rng),
        "rank_correlations": _rank_correlations(rng),
        "timeseries_envelope": _envelope(),
        "seed_variance": pd.DataFrame(
            {"output": OUTPUTS, "seed_variance_share": [0.04, 0.11, 0.02, 0.2]}
        ),
        "network_nodes": nodes,
        "network_edges": edges,
        **pattern_frames(rng),
        **robustness_frames(rng),
    }
    for name, frame in frames.items():
        frame.to_csv(tables / f"{name}.csv", index=False)
    return root
