"""The tables of pattern checks, robustness designs and scenario discovery, for the fake experiment.

They are computed by govsim's own analysis functions from synthetic runs (not
the model), so their columns are exactly those the analysis writes and the
report and figure tests see realistic shapes: five policies over 60 sampled
points, a P1 filter that keeps some of them, two questions of a discovery.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from govsim.analysis.discover import Question, answer
from govsim.analysis.patterns import pattern_tables
from govsim.analysis.robustness import robustness_tables
from govsim.experiments.checks import read_pattern_criteria
from govsim.experiments.criteria import PATTERN_SCENARIOS
from govsim.model.patterns import DEPENDENCE_CLASSES, WINDOW_METRICS

PATTERN_FILE = Path(__file__).resolve().parents[1] / "experiments" / "patterns.toml"
POLICIES = ["baseline", "government", "organizations", "residents", "all_levels"]
#: The outputs of the fake robustness design (the P1 filter reads the last three).
OUTPUTS = [
    "participation_rate",
    "service_quality",
    "satisfaction",
    "cost_per_satisfied_resident",
    "org_independence",
    "staff_turnover",
]
UNCERTAINTIES = ["mechanisms.voice.channel_scale", "mechanisms.learning.skill_learning", "x3"]
POINTS = 60


def _pattern_runs(rng: np.random.Generator, reps: int = 10) -> pd.DataFrame:
    rows = []
    for s, scenario in enumerate(PATTERN_SCENARIOS):
        for rep in range(reps):
            row: dict[str, object] = {"scenario": scenario, "replication": rep}
            for metric in WINDOW_METRICS:
                for window in ("late", "review", "dip"):
                    row[f"{window}.{metric}"] = 0.2 + 0.01 * s + rng.normal(0, 0.02)
            for c, cls in enumerate(DEPENDENCE_CLASSES):
                n = int(rng.integers(1, 6))
                row[f"p4.{cls}.n"] = n
                row[f"p4.{cls}.months"] = n * (12 + 8 * c) * float(rng.uniform(0.8, 1.2))
                for k in range(0, 49, 6):
                    row[f"p4.{cls}.alive.{k}"] = round(n * np.exp(-k / (12 + 8 * c)))
            rows.append(row)
    return pd.DataFrame(rows)


def pattern_frames(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """``patterns`` and ``pattern_survival`` from synthetic pattern runs."""
    options = read_pattern_criteria(PATTERN_FILE).model_dump()
    meta = {"design_options": options, "scenarios": list(PATTERN_SCENARIOS)}
    return pattern_tables(_pattern_runs(rng), meta, seed=1)


def _robustness_runs(rng: np.random.Generator, x: np.ndarray) -> pd.DataFrame:
    rows = []
    for p, policy in enumerate(POLICIES):
        for i, (a, b, _) in enumerate(x):
            row = {"scenario": policy, "sample": i, "replication": 0}
            lift = p * (a - 0.3) * 0.1 + (0.05 if policy == "all_levels" and b > 0.4 else 0)
            row["participation_rate"] = 0.12 + lift + rng.normal(0, 0.005)
            row["service_quality"] = 0.4 + 0.5 * lift + rng.normal(0, 0.005)
            row["satisfaction"] = 0.38 + 0.3 * lift + rng.normal(0, 0.005)
            row["cost_per_satisfied_resident"] = 40 - 50 * lift + rng.normal(0, 1)
            row["org_independence"] = 0.1 + 0.3 * b
            row["staff_turnover"] = 0.4 - 0.2 * a
            rows.append(row)
    return pd.DataFrame(rows)


def _meta() -> dict[str, object]:
    criteria = read_pattern_criteria(PATTERN_FILE).P1.model_dump()
    claims = [
        {"name": "all_beats_best_level", "policy": "all_levels", "rule": "best",
         "against": ["government", "organizations", "residents"]},
        {"name": "synergy", "policy": "all_levels", "rule": "sum",
         "against": ["government", "organizations", "residents"]},
    ]  # fmt: skip
    return {
        "scenarios": POLICIES,
        "design_options": {
            "sampler": "lhs",
            "goals": {"participation_rate": "max", "cost_per_satisfied_resident": "min"},
            "claims": claims,
        },
        "problem": {"names": UNCERTAINTIES, "num_vars": 3, "bounds": [[0, 1]] * 3},
        "plausible": {"P1": criteria},
    }


def _effect_indices(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    sobol, morris = [], []
    for target in ("all_levels", "all_beats_best_level"):
        for out in ("participation_rate", "service_quality"):
            for k, name in enumerate(UNCERTAINTIES):
                s1 = [0.6, 0.25, 0.02][k] + float(rng.normal(0, 0.01))
                sobol.append((target, out, name, s1, 0.05, s1 + 0.05, 0.06))
                mu = [0.08, 0.03, 0.004][k]
                morris.append((target, out, name, mu, 0.2 * mu, 0.7 * mu))
    base = ["target", "output", "parameter"]
    return {
        "effect_sobol": pd.DataFrame(sobol, columns=[*base, "S1", "S1_conf", "ST", "ST_conf"]),
        "effect_morris": pd.DataFrame(morris, columns=[*base, "mu_star", "mu_star_conf", "sigma"]),
    }


def _discovery(x: np.ndarray, effects: pd.DataFrame) -> dict[str, pd.DataFrame]:
    frame = pd.DataFrame(x, columns=UNCERTAINTIES)
    bounds = dict.fromkeys(UNCERTAINTIES, (0.0, 1.0))
    part = effects[(effects["policy"] == "all_levels") & (effects["output"] == "satisfaction")]
    value = part.set_index("sample")["effect"].reindex(range(POINTS)).to_numpy()
    tables: dict[str, list[pd.DataFrame]] = {}
    for q in (
        Question("effect:all_levels:satisfaction", "< 0.01", name="small satisfaction gain"),
        Question("effect:all_levels:satisfaction", ">= 0.03"),
    ):
        op_low = q.where.startswith("<")
        cases = value < 0.01 if op_low else value >= 0.03
        for name, table in answer(frame, cases, bounds, q).items():
            tables.setdefault(name, []).append(table)
    return {
        name: pd.concat(parts, ignore_index=True)[_columns(name)] for name, parts in tables.items()
    }


def _columns(name: str) -> list[str]:
    from govsim.analysis.tables import table_spec

    return list(table_spec(name).columns)


def robustness_frames(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Every robustness and discovery table, from synthetic paired runs at 60 points."""
    x = rng.uniform(size=(POINTS, len(UNCERTAINTIES)))
    done = _robustness_runs(rng, x)
    tables = robustness_tables(_meta(), x, done, OUTPUTS, seed=1)
    tables.update(_effect_indices(rng))
    tables.update(_discovery(x, tables["robustness_point_effects"]))
    return tables
