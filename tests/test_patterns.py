"""Pattern checks: verdicts that can fail, criteria with sources, and ``govsim patterns``.

Every criterion is shown to fail on a world built to break it: tiny model runs
with every countermeasure at intensity 0 (no effect at all, so no synergy, no
gain from communication, no quality from evaluation) or a participatory,
independent status quo (no trap); and synthetic per-seed outputs where the
model cannot easily be made to break a criterion (money that buys satisfaction,
independent organizations that die first).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _experiments_support import run_cli, write

from govsim.analysis.patterns import NOT_JUDGED, pattern_tables
from govsim.experiments.checks import read_pattern_criteria
from govsim.experiments.criteria import PATTERN_SCENARIOS, Criterion
from govsim.model.patterns import DEPENDENCE_CLASSES, WINDOW_METRICS
from govsim.policies import registered

REPO = Path(__file__).resolve().parents[1]
PATTERN_FILE = REPO / "experiments" / "patterns.toml"

#: A pattern file of tiny runs: 300 residents, a 24-month warm-up, 72 months.
TINY = {
    "world.n_residents": 300,
    "world.warmup_months": 24,
    "world.steps": 72,
}
TINY_WINDOWS = {"late_months": 12, "stop_month": 24, "follow_months": 24, "survival_step": 6}


def tiny_file(folder: Path, overrides: dict | None = None, replications: int = 3) -> Path:
    """The repository's pattern file at tiny size, with extra overrides."""
    import tomli_w

    data = tomllib.loads(PATTERN_FILE.read_text(encoding="utf-8"))
    data["replications"] = replications
    data["overrides"] = {**TINY, **(overrides or {})}
    data["patterns"].update(TINY_WINDOWS)
    data["patterns"]["quick"] = {"n_residents": 200, "replications": 2}
    path = folder / "patterns.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def _verdicts(out: Path) -> dict[tuple[str, str], str]:
    table = pd.read_csv(out / "tables" / "patterns.csv")
    return {(r.pattern, r.criterion): r.verdict for r in table.itertuples()}


# ---------------------------------------------------------------- the criteria file


def test_the_pattern_file_gives_every_bound_a_source_and_marks_readings():
    criteria = read_pattern_criteria(PATTERN_FILE)
    for pattern in ("P1", "P2", "P3", "P4", "P5"):
        for key, criterion in getattr(criteria, pattern):
            assert criterion.source.strip(), (pattern, key)
            assert "case study" in criterion.source, (pattern, key)
    for key in ("participation", "government_share", "staff_turnover"):
        assert "reading, not data" in getattr(criteria.P1, key).source


@pytest.mark.parametrize(
    ("bound", "interval", "verdict"),
    [
        ({"at_most": 0.2}, (0.10, 0.19), "holds"),
        ({"at_most": 0.2}, (0.21, 0.30), "fails"),
        ({"at_most": 0.2}, (0.15, 0.25), "inconclusive"),
        ({"at_least": 0.75}, (0.75, 0.90), "holds"),
        ({"at_least": 0.75}, (0.50, 0.74), "fails"),
        ({"above": 0.0}, (0.01, 0.20), "holds"),
        ({"above": 0.0}, (0.0, 0.0), "fails"),  # exactly no effect is not "above 0"
        ({"above": 0.0}, (-0.01, 0.02), "inconclusive"),
        ({"below": 0.0}, (-3.0, -1.0), "holds"),
        ({"below": 0.0}, (0.0, 2.0), "fails"),
        ({"below": 0.0}, (float("nan"), float("nan")), "inconclusive"),
    ],
)
def test_a_verdict_is_three_valued_and_judges_the_whole_interval(bound, interval, verdict):
    criterion = Criterion.model_validate({**bound, "source": "test"})
    assert criterion.verdict(*interval) == verdict


def test_a_criterion_states_exactly_one_bound_and_its_tolerance_widens_the_filter():
    with pytest.raises(ValueError, match="exactly one"):
        Criterion.model_validate({"at_most": 0.2, "at_least": 0.1, "source": "x"})
    with pytest.raises(ValueError, match="exactly one"):
        Criterion.model_validate({"source": "x"})
    c = Criterion.model_validate({"at_most": 0.2, "tolerance": 0.03, "source": "x"})
    assert c.admits(0.23) and not c.admits(0.231) and c.target() == "<= 0.2"


# ---------------------------------------------------------------- synthetic runs


def _runs(n: int = 12, seed: int = 0) -> pd.DataFrame:
    """Per-seed pattern outputs where every criterion holds, by construction."""
    rng = np.random.default_rng(seed)
    rows = []
    for scenario in PATTERN_SCENARIOS:
        for rep in range(n):
            row: dict[str, object] = {"scenario": scenario, "replication": rep}
            for metric in WINDOW_METRICS:
                for window in ("late", "review", "dip"):
                    row[f"{window}.{metric}"] = 0.3 + 0.01 * rng.normal()
            for cls in DEPENDENCE_CLASSES:
                row[f"p4.{cls}.n"] = 5.0
                row[f"p4.{cls}.months"] = 5.0 * (10 if cls == "high" else 40)
                for k in range(0, 49, 6):
                    row[f"p4.{cls}.alive.{k}"] = 5.0
            rows.append(row)
    return pd.DataFrame(rows)


def _tables(done: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    options = read_pattern_criteria(PATTERN_FILE).model_dump()
    meta = {"design_options": options, "scenarios": list(PATTERN_SCENARIOS)}
    table = pattern_tables(done, meta, seed=3)["patterns"]
    return {(r["pattern"], r["criterion"]): r for _, r in table.iterrows()}


def _set(done: pd.DataFrame, scenario: str, column: str, value) -> None:
    rows = done["scenario"] == scenario
    done.loc[rows, column] = value(done.loc[rows, column]) if callable(value) else value


def test_p4_fails_when_dependent_organizations_outlive_independent_ones():
    holds = _tables(_runs())[("P4", "survival_gap")]
    assert holds["verdict"] == "holds" and holds["estimate"] == pytest.approx(-30.0)
    done = _runs()
    _set(done, "stop_purchasing", "p4.high.months", 5.0 * 45)
    broken = _tables(done)[("P4", "survival_gap")]
    assert broken["verdict"] == "fails" and broken["estimate"] == pytest.approx(5.0)


def test_p4_is_inconclusive_without_independent_organizations():
    done = _runs()
    _set(done, "stop_purchasing", "p4.low.n", 0.0)
    _set(done, "stop_purchasing", "p4.low.months", 0.0)
    assert _tables(done)[("P4", "survival_gap")]["verdict"] == "inconclusive"


def test_p3_fails_when_money_buys_satisfaction_faster_than_coverage():
    done = _runs()
    _set(done, "more_budget", "late.service_coverage", lambda v: v * 1.1)
    _set(done, "more_budget", "late.satisfaction", lambda v: v * 1.5)
    _set(done, "more_budget", "late.needs_match", lambda v: v + 0.1)
    rows = _tables(done)
    assert rows[("P3", "coverage_over_satisfaction")]["verdict"] == "fails"
    assert rows[("P3", "needs_match")]["verdict"] == "fails"


def test_p5_fails_when_coverage_never_recovers_and_context_rows_are_not_judged():
    done = _runs()
    _set(done, "transfer_evaluation", "late.service_coverage", lambda v: v - 0.1)
    rows = _tables(done)
    assert rows[("P5", "coverage_recovery")]["verdict"] == "fails"
    assert rows[("P2", "all_vs_best_participation")]["verdict"] == NOT_JUDGED
    assert rows[("P4", "survival_gap_baseline")]["verdict"] == NOT_JUDGED


# ---------------------------------------------------------------- tiny model runs


ZERO = {f"policies.{name}.intensity": 0.0 for name in registered()}


@pytest.fixture(scope="module")
def powerless(tmp_path_factory):
    """Every countermeasure switched on at intensity 0: it changes nothing."""
    folder = tmp_path_factory.mktemp("powerless")
    path = tiny_file(folder, ZERO)
    out = folder / "out"
    assert run_cli(pytest.MonkeyPatch(), "patterns", "--file", path, "--out", out) == 0
    return out


def test_no_countermeasure_means_no_synergy_no_gain_and_no_quality_effect(powerless):
    verdicts = _verdicts(powerless)
    for key in (
        ("P2", "participation"),
        ("P2", "service_quality"),
        ("P1", "targeting_gain"),
        ("P1", "needs_match_gain"),
        ("P5", "quality"),
        ("P5", "coverage_dip"),
    ):
        assert verdicts[key] == "fails", key
    table = pd.read_csv(powerless / "tables" / "patterns.csv").set_index("criterion")
    assert table.loc["service_quality", "estimate"] == 0.0  # exactly: the same runs


def test_a_participatory_independent_status_quo_breaks_the_trap(tmp_path, monkeypatch):
    open_street = {
        "residents.base_utility": 3.0,
        "residents.participation": 0.6,
        "organizations.independence": 1.0,
        "organizations.market_wage": 3000.0,
    }
    path = tiny_file(tmp_path, open_street)
    out = tmp_path / "out"
    assert run_cli(monkeypatch, "patterns", "--file", path, "--out", out) == 0
    verdicts = _verdicts(out)
    assert verdicts[("P1", "participation")] == "fails"


def test_govsim_patterns_quick_prints_every_criterion_and_a_verdict_per_pattern(
    tmp_path, monkeypatch, capsys
):
    path = tiny_file(tmp_path)
    out = tmp_path / "quick"
    assert run_cli(monkeypatch, "patterns", "--file", path, "--quick", "--out", out) == 0
    printed = capsys.readouterr().out
    for pattern in ("P1", "P2", "P3", "P4", "P5"):
        assert f"\n{pattern}: " in printed
    assert "95% CI" in printed
    assert {"holds", "fails", "inconclusive"} & set(printed.split())
    meta = pd.read_json(out / "tables" / "metadata.json", typ="series")
    assert meta["replications"] == 2 and meta["name"] == "patterns_quick"
    # resuming the quick run needs the same edit: a full-size run is refused
    assert run_cli(monkeypatch, "patterns", "--file", path, "--out", out, "--resume") == 2


def test_govsim_patterns_without_a_pattern_file_says_where_it_looked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert run_cli(monkeypatch, "patterns") == 2
    assert "experiments/patterns.toml" in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["0", "-2", "two"])
def test_govsim_patterns_needs_at_least_one_worker(workers, monkeypatch, capsys):
    with pytest.raises(SystemExit) as stop:  # argparse's usage error
        run_cli(monkeypatch, "patterns", "--quick", "--workers", workers)
    assert stop.value.code == 2
    assert "--workers" in capsys.readouterr().err


def test_a_pattern_design_must_fit_its_windows_in_the_run(tmp_path, monkeypatch, capsys):
    path = tiny_file(tmp_path)
    text = path.read_text().replace("follow_months = 24", "follow_months = 60")
    bad = write(tmp_path, "bad.toml", text)
    assert run_cli(monkeypatch, "experiment", bad, "--out", tmp_path / "o") == 2
    assert "patterns.follow_months" in capsys.readouterr().err


def test_no_complete_seed_is_an_error_not_a_table_of_nan():
    from govsim.errors import UserError

    done = _runs()
    done = done[~((done["scenario"] == "more_budget") & (done["replication"] >= 0))]
    with pytest.raises(UserError, match="nothing to judge"):
        _tables(done)
