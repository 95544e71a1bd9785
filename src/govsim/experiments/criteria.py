"""The pattern checks' criteria and settings: the ``[patterns]`` table of a pattern file.

``experiments/patterns.toml`` is an experiment file of design ``patterns``. Its
``[patterns]`` table holds everything a verdict depends on: per criterion the
bound its estimate must respect (``at_most``, ``at_least``, ``above`` or
``below``, exactly one), a ``tolerance`` for the robustness filter and the
``source`` of the number (a case-study section; "reading, not data" where the
number is our reading of a qualitative statement); and the windows, classes
and sizes of the runs. What each criterion estimates is defined in code
(:mod:`govsim.analysis.patterns`), so a criterion cannot be redefined by a
file, only its bound.

This module also names the scenarios the patterns need (:func:`pattern_scenarios`).
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "BOUNDS",
    "BUNDLED_FOR_PATTERNS",
    "PATTERN_MODEL",
    "PATTERN_SCENARIOS",
    "Criterion",
    "PatternsOptions",
    "pattern_scenarios",
]

#: The plain-function model that runs every pattern scenario (see :mod:`govsim.model.patterns`).
PATTERN_MODEL = "govsim.model.patterns:pattern_run"

#: The scenarios the pattern checks run, in order (the baseline first).
PATTERN_SCENARIOS = (
    "baseline",
    "resident_communication",
    "government",
    "organizations",
    "residents",
    "all_levels",
    "more_budget",
    "stop_purchasing",
    "transfer_functions",
    "transfer_evaluation",
)

#: Bundled scenarios whose differences from the baseline the pattern scenarios apply.
BUNDLED_FOR_PATTERNS = (
    "resident_communication",
    "government",
    "organizations",
    "residents",
    "all_levels",
    "transfer_functions",
    "evaluation_system",
)

#: The bounds a criterion may state, and the comparison each stands for.
BOUNDS = {"at_most": "<=", "at_least": ">=", "above": ">", "below": "<"}


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Criterion(_Strict):
    """The bound one pattern criterion's estimate must respect, with its source."""

    at_most: float | None = None
    at_least: float | None = None
    above: float | None = None
    below: float | None = None
    tolerance: float = Field(0.0, ge=0.0, description="Slack of the robustness filter")
    source: str = Field(min_length=1, description="Case-study section, or 'reading, not data'")

    @model_validator(mode="after")
    def _one_bound(self) -> Criterion:
        given = [name for name in BOUNDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"exactly one of {', '.join(BOUNDS)}; found {len(given)}")
        return self

    @property
    def kind(self) -> str:
        """Which bound the criterion states (``"at_most"``, ...)."""
        return next(name for name in BOUNDS if getattr(self, name) is not None)

    @property
    def threshold(self) -> float:
        """The bound's value."""
        return float(getattr(self, self.kind))

    def target(self) -> str:
        """The bound as text, e.g. ``"<= 0.2"``."""
        return f"{BOUNDS[self.kind]} {self.threshold:g}"

    def verdict(self, low: float, high: float) -> str:
        """``"holds"``, ``"fails"`` or ``"inconclusive"`` for a confidence interval.

        It holds when the whole interval respects the bound, fails when the
        whole interval violates it, and is inconclusive otherwise (or when the
        interval is not a pair of finite numbers).
        """
        if not (math.isfinite(low) and math.isfinite(high)):
            return "inconclusive"
        t = self.threshold
        inside, outside = {
            "at_most": (high <= t, low > t),
            "at_least": (low >= t, high < t),
            "above": (low > t, high <= t),
            "below": (high < t, low >= t),
        }[self.kind]
        return "holds" if inside else "fails" if outside else "inconclusive"

    def admits(self, value: float) -> bool:
        """Whether one value respects the bound, give or take the ``tolerance``."""
        t, slack = self.threshold, self.tolerance
        return {
            "at_most": value <= t + slack,
            "at_least": value >= t - slack,
            "above": value > t - slack,
            "below": value < t + slack,
        }[self.kind]


class P1(_Strict):
    """Status-quo trap (case study II.C, III.B, III.C)."""

    participation: Criterion
    government_share: Criterion
    staff_turnover: Criterion
    targeting_gain: Criterion
    needs_match_gain: Criterion


class P2(_Strict):
    """No single lever suffices: super-additivity of the three levels (case study IV)."""

    participation: Criterion
    service_quality: Criterion


class P3(_Strict):
    """Money without information (case study III.C)."""

    coverage_over_satisfaction: Criterion
    needs_match: Criterion


class P4(_Strict):
    """Dependence: survival after purchasing stops, by income source (case study IV.B.2)."""

    survival_gap: Criterion


class P5(_Strict):
    """Evaluation trade-off (case study IV.A.3)."""

    quality: Criterion
    coverage_dip: Criterion
    coverage_recovery: Criterion


class QuickSize(_Strict):
    """The classroom size of ``govsim patterns --quick``."""

    n_residents: int = Field(ge=100, le=1_000_000)
    replications: int = Field(ge=2, le=100_000)


class PatternsOptions(_Strict):
    """The ``[patterns]`` table: windows, classes, sizes and the criteria of P1-P5."""

    late_months: int = Field(ge=1, le=100_000, description="Months averaged at the run's end")
    stop_month: int = Field(ge=12, le=100_000, description="Month purchasing stops (P4)")
    follow_months: int = Field(ge=1, le=100_000, description="Months followed after the stop")
    survival_step: int = Field(ge=1, le=100_000, description="Months between survival counts")
    high_share: float = Field(gt=0.0, le=1.0, description="Government share: highly dependent")
    low_share: float = Field(gt=0.0, le=1.0, description="Government share below: independent")
    budget_factor: float = Field(gt=1.0, le=100.0, description="Budget multiplier of P3")
    quick: QuickSize
    P1: P1
    P2: P2
    P3: P3
    P4: P4
    P5: P5

    @model_validator(mode="after")
    def _classes_ordered(self) -> PatternsOptions:
        if self.low_share > self.high_share:
            raise ValueError(f"low_share {self.low_share} above high_share {self.high_share}")
        return self

    def criterion(self, pattern: str, key: str) -> Criterion:
        """The criterion ``key`` of ``pattern`` (``"P1"``, ``"participation"``)."""
        return getattr(getattr(self, pattern), key)


def pattern_scenarios(
    options: PatternsOptions, budget: float, diffs: dict[str, dict[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """The scenarios of the pattern checks as (label, overrides of the baseline).

    Args:
        options: the ``[patterns]`` table.
        budget: the baseline's ``government.budget_per_resident`` (P3 multiplies it).
        diffs: bundled scenario name -> its key-path differences from the baseline,
            for ``resident_communication``, ``government``, ``organizations``,
            ``residents``, ``all_levels``, ``transfer_functions`` and
            ``evaluation_system``.

    Returns:
        Label and overrides per scenario, in :data:`PATTERN_SCENARIOS` order: the
        baseline (P1-P4), resident communication (P1), each level and all levels
        (P2), a larger budget (P3), purchasing stopped (P4), and transferred
        functions without and with evaluation (P5). Every scenario runs on the
        same seeds (common random numbers).
    """
    overrides = {
        **{name: diffs[name] for name in PATTERN_SCENARIOS if name in diffs},
        "baseline": {},
        "more_budget": {"government.budget_per_resident": budget * options.budget_factor},
        "stop_purchasing": {"government.stop_purchasing_at": options.stop_month},
        "transfer_evaluation": {**diffs["transfer_functions"], **diffs["evaluation_system"]},
    }
    return [(name, overrides[name]) for name in PATTERN_SCENARIOS]
