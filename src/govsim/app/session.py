"""What one browser session is looking at: its street, preset, language and runs.

Kept apart from the page so the logic (building the two runs of a preset,
the reference's name, the values shown now) is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from govsim.app.lockstep import ClassroomModel
from govsim.app.plots import PANELS
from govsim.app.presets import CLASSROOM_RESIDENTS, PRESETS, Preset
from govsim.i18n import metric_label, policy_title, text

__all__ = ["CLASSROOM_RESIDENTS", "NOW_METRICS", "Street", "build", "now_rows", "reference_name"]

#: The outcomes in the table of current values, in order.
NOW_METRICS = (*PANELS, "active_organizations")


@dataclass(frozen=True)
class Street:
    """The settings a Reset builds the runs from.

    Attributes:
        preset: a key of :data:`~govsim.app.presets.PRESETS`.
        seed: the seed of both runs.
        n_residents: residents of the street.
    """

    preset: str = "status_quo"
    seed: int = 0
    n_residents: int = CLASSROOM_RESIDENTS

    @property
    def settings(self) -> Preset:
        """The preset's settings."""
        return PRESETS[self.preset]


def build(street: Street) -> ClassroomModel:
    """The two runs a street starts with."""
    preset = street.settings
    return ClassroomModel(
        reference=preset.reference,
        policies=preset.policies,
        overrides=preset.overrides,
        seed=street.seed,
        n_residents=street.n_residents,
        name=preset.key,
    )


def reference_name(preset: Preset, lang: str) -> str | None:
    """The reference run's name when a lesson switches countermeasures on in it too."""
    shared = [
        policy_title(key.split(".")[1], lang)
        for key, value in preset.reference.items()
        if key.startswith("policies.") and key.endswith(".enabled") and value
    ]
    return text("app.run.reference_with", lang, policies=", ".join(shared)) if shared else None


def now_rows(classroom: ClassroomModel, lang: str) -> list[tuple[str, str, str, str]]:
    """Label, reference, policy run and difference of each outcome this month, formatted."""
    rows = []
    for metric in NOW_METRICS:
        ref, pol = (float(run.datacollector.model_vars[metric][-1]) for run in _runs(classroom))
        digits = 0 if metric == "active_organizations" else 3
        rows.append(
            (
                metric_label(metric, lang, with_unit=False),
                f"{ref:.{digits}f}",
                f"{pol:.{digits}f}",
                f"{pol - ref:+.{digits}f}" if np.isfinite(pol - ref) else "",
            )
        )
    return rows


def _runs(classroom: ClassroomModel):
    return classroom.reference, classroom.policy
