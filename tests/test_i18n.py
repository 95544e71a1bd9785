"""The catalogue names everything in every language, and `govsim policies --lang zh` uses it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from govsim.analysis.tables import ALL_DESIGNS, TABLES
from govsim.cli.main import main
from govsim.config.scenario import parameters
from govsim.config.schema import Scenario
from govsim.errors import UserError
from govsim.i18n import (
    LANGUAGES,
    catalogue,
    level_title,
    metric_label,
    policy_changes,
    policy_title,
    section_title,
    text,
)
from govsim.model.metric_specs import METRICS
from govsim.outputs.figures import SPECS
from govsim.outputs.style import parameter_label
from govsim.policies import LEVELS, PolicySettings, registered

ROOT = Path(__file__).resolve().parents[1]

#: Characters of the CJK Unified Ideographs block: a Chinese name has some.
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_registered_policy_has_a_chinese_title_and_line() -> None:
    for name, cls in registered().items():
        assert HAN.search(cls.title_zh), name
        assert HAN.search(cls.changes_zh), name
        assert policy_title(name, "zh") == cls.title_zh
        assert policy_changes(name, "en") == cls.changes


def test_chinese_policy_titles_are_distinct() -> None:
    titles = [cls.title_zh for cls in registered().values()]
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize(
    ("names", "label"),
    [
        (LEVELS, level_title),
        (METRICS, lambda name, lang: metric_label(name, lang, with_unit=False)),
        (Scenario.model_fields, section_title),
    ],
    ids=["levels", "metrics", "parameter groups"],
)
def test_levels_metrics_and_parameter_groups_have_chinese_names(names, label) -> None:
    named = [name for name in names if name not in ("name", "description")]
    missing = [name for name in named if not HAN.search(label(name, "zh"))]
    assert missing == [], f"add these to src/govsim/i18n/catalogue.toml: {missing}"
    assert all(not HAN.search(label(name, "en")) for name in named)


#: Catalogue entries whose English lives with what they name (no "en" in the catalogue).
ENGLISH_ELSEWHERE = (
    "level.",
    "metric.",
    "unit.",
    "section.",
    "policy_parameter.",
    "figure_title.",
    "table.",
    "parameter.",
    "unit_name.",
    "design.",
    "criterion.",
)


def test_every_catalogue_entry_has_every_language_or_lives_in_english_elsewhere() -> None:
    english_elsewhere = ENGLISH_ELSEWHERE
    for key, entry in catalogue().items():
        languages = set(entry)
        assert languages <= set(LANGUAGES), key
        expected = {"zh"} if key.startswith(english_elsewhere) else set(LANGUAGES)
        assert languages == expected, key
        chinese = re.sub(r"{\w+}", "", entry["zh"])
        assert HAN.search(chinese) or not re.search("[A-Za-z]{3}", chinese), key


def _table_keys() -> set[str]:
    """``<table>.title``, ``<table>.caption`` and ``<table>.cell_<first column>`` of every table."""
    keys = set()
    for spec in TABLES:
        keys |= {f"{spec.name}.title", f"{spec.name}.caption"}
        keys |= {f"{spec.name}.cell_{cell.columns[0]}" for cell in spec.cells}
    return keys


def test_catalogue_names_only_things_that_exist() -> None:
    schema = parameters()
    homes = {
        "level": set(LEVELS),
        "metric": set(METRICS),
        "unit": set(METRICS),
        "section": set(Scenario.model_fields),
        "policy_parameter": set(PolicySettings.model_fields),
        "figure_title": {spec.name for spec in SPECS},
        "table": _table_keys(),
        "parameter": {p.path for p in schema},
        "unit_name": {p.unit for p in schema},
        "design": set(ALL_DESIGNS),
    }
    for key in catalogue():
        kind, _, name = key.partition(".")
        if kind in homes:
            assert name in homes[kind], key


def test_every_figure_and_table_the_report_shows_has_chinese_words() -> None:
    missing = [spec.name for spec in SPECS if not HAN.search(spec.title_in("zh"))]
    for spec in TABLES:
        for key in ("title", "caption"):
            if f"table.{spec.name}.{key}" not in catalogue():
                missing.append(f"table.{spec.name}.{key}")
        for cell in spec.cells:
            if f"table.{spec.name}.cell_{cell.columns[0]}" not in catalogue():
                missing.append(f"table.{spec.name}.cell_{cell.columns[0]}")
    assert missing == [], f"add these to src/govsim/i18n/catalogue.toml: {missing}"


def _shipped_parameters() -> set[str]:
    """Every key path the shipped experiments sample, set or vary between factorial levels."""
    paths: set[str] = set()
    for path in (ROOT / "experiments").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        paths |= set(data.get("parameters", {})) | set(data.get("overrides", {}))
        for levels in data.get("factorial", {}).get("factors", {}).values():
            paths |= {p for level in levels.values() if isinstance(level, dict) for p in level}
    return paths


def test_every_parameter_of_the_shipped_experiments_has_a_chinese_label() -> None:
    shipped = _shipped_parameters()
    assert "residents.peer_weight" in shipped and "world.n_residents" in shipped
    named = {p: parameter_label(p, unit=False, lang="zh") for p in sorted(shipped)}
    missing = [p for p, label in named.items() if not HAN.search(label)]
    assert missing == [], f"add parameter.<path> to src/govsim/i18n/catalogue.toml: {missing}"
    assert parameter_label("residents.peer_weight", lang="zh") == "邻居参与对参与的权重（对数几率）"
    assert parameter_label("policies.training.intensity", lang="zh") == "加强人员培训（力度）"


def test_placeholders_agree_across_languages() -> None:
    for key, entry in catalogue().items():
        fields = {lang: set(re.findall(r"{(\w+)}", value)) for lang, value in entry.items()}
        assert len({frozenset(f) for f in fields.values()}) == 1, key


def test_text_fills_placeholders_and_refuses_unknown_keys_and_languages() -> None:
    assert text("policies.level_heading", "en", level="Residents") == "Residents level"
    with pytest.raises(KeyError):
        text("no.such.key")
    with pytest.raises(UserError, match="choose one of en, zh"):
        text("policies.example", "fr")


def test_metric_label_carries_its_unit_in_each_language() -> None:
    assert metric_label("cost_per_satisfied_resident", "zh") == "每位满意居民的服务成本 (元/月)"
    assert metric_label("participation_rate") == "Participation (share of residents)"


def test_policies_command_in_chinese_names_levels_policies_and_parameters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["policies", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    for level in LEVELS:
        assert level_title(level, "zh") in out
    for name, cls in registered().items():
        row = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert cls.title_zh in row
    assert "对策力度" in out
    assert "Government level" not in out


def test_pattern_robustness_and_discovery_words_follow_the_page_language() -> None:
    from govsim.outputs.robustness_labels import (
        bound_label,
        criterion_label,
        question_label,
        reads_label,
        rule_label,
        verdict_label,
    )

    described = "context: participation, all levels - best level (residents)"
    assert criterion_label(described, "P2", "all_vs_best_participation") == described
    assert criterion_label(described, "P2", "all_vs_best_participation", "zh") == (
        "背景：居民参与率，三个层面协同 − 最佳单一层面（居民层面对策）"
    )
    assert criterion_label("a user's own", "P9", "x", "zh") == "a user's own"
    assert [verdict_label(v, "zh") for v in ("holds", "not judged")] == ["成立", "不作判定"]
    assert bound_label(">= 0.75 (tolerance 0.05)", "zh") == ">= 0.75（容差 0.05）"
    assert bound_label("<= 0.2") == "<= 0.2"
    assert reads_label("1 - org_independence", "zh") == "1 − 社会组织独立性"
    assert rule_label("a > 1 and b <= 2", "zh") == "a > 1 且 b <= 2"
    assert question_label("effect:all_levels:satisfaction < 0") == (
        "Effect of all three levels on satisfaction < 0"
    )
    assert question_label("gap", "zh", "claim:synergy:service_quality", "<= 0") == (
        "协同效应（三个层面协同相对各层面效应之和），服务质量 ≤ 0（gap）"
    )
    assert question_label("a name of the user's", "zh") == "a name of the user's"
