"""docs/odd.md keeps up with the code: generated tables fresh, every key described, none invented.

The parameter, policy and metric tables of the ODD are generated between
markers (``python -m govsim.outputs.reference --odd``); the prose around them
is written by hand and must name every scenario key by its full path, and name
no key the schema does not have.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govsim.config.scenario import _known_paths, parameters
from govsim.config.schema import Scenario
from govsim.outputs.reference import (
    main,
    odd_parameter_table,
    policy_levers,
    refresh_odd,
    select_parameters,
)
from govsim.policies import registered

ODD = Path(__file__).resolve().parents[1] / "docs" / "odd.md"
REFRESH = "run `python -m govsim.outputs.reference --odd`"

#: The tables of a scenario that hold parameters (``name`` and ``description`` do not).
SECTIONS = tuple(
    name
    for name, field in Scenario.model_fields.items()
    if isinstance(field.annotation, type) and hasattr(field.annotation, "model_fields")
)
GENERATED = re.compile(r"<!-- (params|policies|metrics)(?::[^>]*)? -->\n.*?<!-- /\1 -->", re.DOTALL)
DOTTED = re.compile(r"[a-z_]+(?:\.[a-z_0-9]+)+")
IN_CODE = re.compile(rf"(?<![\w.])(?:{'|'.join(SECTIONS)})(?:\.[a-z_][a-z_0-9]*)+")


def _text() -> str:
    return ODD.read_text(encoding="utf-8")


def _prose() -> str:
    """The hand-written part of the ODD: the text without its generated tables."""
    return GENERATED.sub("", _text())


def _keys() -> list[str]:
    """Every scenario key but the policies' own settings (enabled, intensity, start)."""
    return [p.path for p in parameters() if not p.path.startswith("policies.")]


def _cited_paths(text: str) -> set[str]:
    """Dotted names of a scenario table, in inline code and in ``text`` code blocks."""
    spans = re.findall(r"`([^`\n]+)`", text)
    cited = {s for s in spans if DOTTED.fullmatch(s) and s.split(".")[0] in SECTIONS}
    for block in re.findall(r"```text\n(.*?)```", text, re.DOTALL):
        cited.update(IN_CODE.findall(block))
    return cited


def test_generated_tables_in_odd_md_are_fresh() -> None:
    text = _text()
    assert text.count("<!-- params:") >= 16, "the submodels have lost their parameter tables"
    assert "<!-- policies -->" in text and "<!-- metrics -->" in text
    assert refresh_odd(text) == text, f"a generated table of docs/odd.md is stale: {REFRESH}"


def test_every_scenario_key_is_described_in_the_prose() -> None:
    prose = _prose()
    missing = [key for key in _keys() if not re.search(rf"(?<![\w.]){re.escape(key)}(?!\w)", prose)]
    assert missing == [], "keys docs/odd.md never names outside its tables:\n" + "\n".join(missing)


def test_every_scenario_key_is_in_a_generated_table() -> None:
    tabled = {
        p.path
        for m in re.finditer(r"<!-- params: ([^>]*?) -->", _text())
        for p in select_parameters(m[1].split())
    }
    assert [k for k in _keys() if k not in tabled] == []


def test_every_key_named_in_odd_md_exists_in_the_schema() -> None:
    known = set(_known_paths())
    cited = _cited_paths(_text())
    assert len(cited) > 100, "the scan found too few keys to be looking at the right text"
    assert sorted(cited - known) == []


def test_the_key_scan_catches_an_invented_key() -> None:
    text = (
        "Uses `residents.learning`, `mechanisms.voice.loudness` and\n"
        "```text\nx = government.bogus × residents.learning\n```\n"
    )
    assert _cited_paths(text) - set(_known_paths()) == {
        "mechanisms.voice.loudness",
        "government.bogus",
    }


def test_refresh_rewrites_only_what_is_between_markers() -> None:
    head = "<!-- params: mechanisms.voice.channel_scale -->"
    stale = f"Intro.\n\n{head}\n| old |\n<!-- /params -->\n\nEnd.\n"
    fresh = refresh_odd(stale)
    table = odd_parameter_table(["mechanisms.voice.channel_scale"])
    assert fresh == f"Intro.\n\n{head}\n\n{table}\n\n<!-- /params -->\n\nEnd.\n"
    assert refresh_odd(fresh) == fresh
    assert "| `mechanisms.voice.channel_scale` | 4 | 2 – 8 | 1 | assumed |" in table


def test_a_marker_naming_no_parameter_fails() -> None:
    with pytest.raises(KeyError, match="mechanisms.voice.loudness"):
        refresh_odd("<!-- params: mechanisms.voice.loudness -->\n<!-- /params -->\n")


def test_selectors_take_keys_and_whole_tables_in_order_and_once() -> None:
    chosen = [p.path for p in select_parameters(["organizations.salary", "mechanisms.donations"])]
    assert chosen == [
        "organizations.salary",
        "mechanisms.donations.trust_response",
        "mechanisms.donations.independence_preference",
        "mechanisms.donations.reputation_exponent",
    ]
    twice = select_parameters(["mechanisms.donations", "mechanisms.donations.trust_response"])
    assert len(twice) == 3


def test_each_policy_moves_its_own_lever() -> None:
    levers = {name: policy_levers(cls) for name, cls in registered().items()}
    assert all(len(moved) == 1 for moved in levers.values()), levers
    assert levers["training"] == ["training"]
    assert levers["participation_innovation"] == ["innovation"]


def test_the_odd_option_refreshes_a_file_in_place(tmp_path: Path) -> None:
    page = tmp_path / "odd.md"
    page.write_text("<!-- metrics -->\nSTALE ROW\n<!-- /metrics -->\n", encoding="utf-8")
    assert main(["--odd", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "| `participation_rate` |" in text and "STALE ROW" not in text
    assert main(["--odd", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == text


def test_every_source_the_schema_cites_is_listed() -> None:
    sources = _text().split("\n## Sources\n")[1]
    names = re.findall(r"^\| ([^|]+?) \|", sources, re.MULTILINE)[1:]
    cited = {p.source for p in parameters() if p.source}
    unlisted = sorted(
        part
        for source in cited
        for part in (s.strip() for s in source.split(";"))
        if not any(part.startswith(name) for name in names)
    )
    assert unlisted == []
