"""Export what is on screen: the time series, the scenario and the plots.

The scenario is the policy run's, fully resolved, so ``govsim run scenario.toml
--seed SEED`` repeats it. A countermeasure switched on during the run is saved
with the month it started, so switching policies on reruns exactly; its header
lists every change made during the run (from ``policy_changes``), and says
when a change (switching off, a new intensity) cannot be written as a
scenario. The reference run is named in the header too.
"""

from __future__ import annotations

import json

from govsim.app.lockstep import ClassroomModel
from govsim.config.scenario import scenario_hash, scenario_to_toml
from govsim.experiments.provenance import provenance

__all__ = ["scenario_toml", "timeseries_csv"]


def timeseries_csv(classroom: ClassroomModel) -> bytes:
    """Both runs' monthly metrics and organizations by status, as CSV (``run`` column first)."""
    return classroom.timeseries().to_csv(index=False).encode("utf-8")


def _rerun_exactly(classroom: ClassroomModel) -> bool:
    """True when the saved scenario repeats the run: every change switched a policy on."""
    current = classroom.policy.scenario.policies
    return all(
        change["enabled"] and getattr(current, change["policy"]).start == change["month"]
        for change in classroom.policy.policy_changes
    )


def scenario_toml(classroom: ClassroomModel) -> bytes:
    """The policy run's scenario as TOML, with a header saying how to rerun it."""
    policy, seed = classroom.policy, classroom.policy.seed
    record = provenance(policy.scenario, seed)
    lines = [
        f"# Scenario of the run with countermeasures in the govsim classroom, seed {seed},",
        f"# saved at month {classroom.month}. Repeat with: govsim run scenario.toml --seed {seed}",
        f"# It ran beside a reference on the same seed (scenario hash "
        f"{scenario_hash(classroom.reference.scenario)[:12]}).",
        *(f"# Changed during the run: {json.dumps(c)}" for c in policy.policy_changes),
    ]
    if not _rerun_exactly(classroom):
        lines.append(
            "# A policy was switched off or its intensity changed during the run: this file "
            "holds the settings at the end, so a rerun differs from what was shown."
        )
    lines.append(f"# govsim {record['govsim']}, git commit {record['git_commit']}")
    return ("\n".join(lines) + "\n" + scenario_to_toml(policy.scenario)).encode("utf-8")
