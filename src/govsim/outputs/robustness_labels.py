"""Names of what pattern checks, robustness designs and scenario discovery report.

Their tables hold govsim's own words in English: a criterion's description,
a verdict, the subset of points a summary is over, a claim's name, the bound
of a plausibility filter, a question of ``govsim discover``. The figures and
the report show each through one of these functions, in English or Chinese
from the catalogue (``verdict.*``, ``subset.*``, ``claim.*``, ``criterion.*``,
``p1_filter.*``, ``discovery.*``); what a user wrote (a question's name, a
source of a bound) is shown as written.
"""

from __future__ import annotations

import re

import pandas as pd

from govsim.analysis.results import Results
from govsim.i18n import catalogue, text, translate
from govsim.model.metric_specs import METRICS
from govsim.outputs.style import output_label, parenthesized, scenario_label

__all__ = [
    "bound_label",
    "claim_label",
    "condition_label",
    "counted",
    "criterion_label",
    "filter_criterion_label",
    "question_label",
    "question_row",
    "question_title",
    "reads_label",
    "rule_label",
    "subset_label",
    "target_label",
    "value_label",
    "verdict_label",
]


def _known(key: str) -> bool:
    return key in catalogue()


def counted(name: str, n: int, lang: str = "en") -> str:
    """A legend entry with its count: ``Independent (n = 12)`` (full-width brackets in Chinese)."""
    sep = "" if lang == "zh" else " "
    return f"{name}{sep}{parenthesized(f'n = {n}', lang)}"


def verdict_label(verdict: str, lang: str = "en") -> str:
    """A pattern criterion's verdict: holds, fails, inconclusive or not judged."""
    key = f"verdict.{verdict.replace(' ', '_')}"
    return text(key, lang) if _known(key) else verdict


def subset_label(subset: str, lang: str = "en") -> str:
    """The points a robustness summary is over: all, or those whose status quo shows P1."""
    key = f"subset.{subset}"
    return text(key, lang) if _known(key) else subset


def claim_label(name: str, lang: str = "en") -> str:
    """A derived claim of a robustness design; the shipped ones are named in the catalogue."""
    key = f"claim.{name}"
    return text(key, lang) if _known(key) else scenario_label(name, lang)


def target_label(name: str, lang: str = "en") -> str:
    """What a sensitivity of the effects is about: a policy, or a claim."""
    return claim_label(name, lang) if _known(f"claim.{name}") else scenario_label(name, lang)


#: Numbers an English criterion description carries, by the field the Chinese fills in.
_FIELDS = {
    "late": re.compile(r"last (\d+) months"),
    "factor": re.compile(r"budget x([0-9.]+)"),
    "follow": re.compile(r"months alive of (\d+)"),
    "best": re.compile(r"best level \((\w+)\)"),
}


def criterion_label(
    description: str, pattern: str = "", criterion: str = "", lang: str = "en"
) -> str:
    """A pattern criterion as the analysis describes it, in the page's language.

    Args:
        description: the English description of the ``patterns`` table.
        pattern: the pattern (``P1`` ... ``P5``).
        criterion: the criterion's key within its pattern.
        lang: language code.

    Returns:
        The description itself in English, or for a criterion the catalogue
        does not know; else the catalogue's, with the numbers of the description.
    """
    key = f"criterion.{pattern}.{criterion}"
    if lang == "en" or not _known(key):
        return description
    fields: dict[str, str] = {}
    for name, found in ((n, p.search(description)) for n, p in _FIELDS.items()):
        if found:
            fields[name] = found.group(1)
    if "best" in fields:
        fields["best"] = scenario_label(fields["best"], lang)
    try:
        return translate(key, lang, description).format(**fields)
    except KeyError:  # a description without the number its translation names
        return description


def filter_criterion_label(name: str, lang: str = "en") -> str:
    """A criterion of the plausibility filter (P1), or ``all`` of them."""
    key = f"p1_filter.criterion.{name}"
    return text(key, lang) if _known(key) else name


def reads_label(reads: str, lang: str = "en") -> str:
    """What a plausibility criterion reads: outputs by their names, or all criteria."""
    key = f"p1_filter.reads.{reads.replace(' ', '_')}"
    if _known(key):
        return text(key, lang)

    def name(match: re.Match[str]) -> str:
        word = match.group(0)
        return output_label(word, with_unit=False, lang=lang) if word in METRICS else word

    return re.sub(r"[a-z_]+", name, reads).replace(" - ", " − ")


_TOLERANCE = re.compile(r"^(.*) \(tolerance (.+)\)$")


def bound_label(bound: str, lang: str = "en") -> str:
    """A criterion's bound (``<= 0.2``), with its tolerance in the page's language."""
    key = f"p1_filter.bound.{bound.replace(' ', '_')}"
    if _known(key):
        return text(key, lang)
    found = _TOLERANCE.match(bound)
    if found is None:
        return bound
    return text("p1_filter.bound_tolerance", lang, bound=found.group(1), tolerance=found.group(2))


def rule_label(rule: str, lang: str = "en") -> str:
    """A classification tree's rule, its conditions joined in the page's language."""
    return rule.replace(" and ", text("discovery.rule_and", lang))


def condition_label(where: str) -> str:
    """A question's condition as mathematics writes it: ``<= 0`` -> ``≤ 0``."""
    return where.strip().replace("<=", "≤").replace(">=", "≥")


def value_label(value: str, lang: str = "en") -> str:
    """The value a question searches (``effect:POLICY:OUTPUT`` ...), in words.

    An unknown kind of value is shown as written.
    """
    kind, _, rest = value.partition(":")
    if not rest:
        return output_label(value, with_unit=False, lang=lang)
    name, _, output = rest.partition(":")
    key = f"discovery.value.{kind}"
    if not output or not _known(key):
        return value
    named = claim_label(name, lang) if kind == "claim" else scenario_label(name, lang)
    output_name = output_label(output, with_unit=False, lang=lang)
    fields = {"name": _in_sentence(named, lang), "output": _in_sentence(output_name, lang)}
    return _capitalized(text(key, lang, **fields))


def _in_sentence(name: str, lang: str) -> str:
    """A name inside an English sentence: ``All three levels`` -> ``all three levels``.

    Names that start with an acronym or a symbol (``PRCC``, ``X1``) keep their case.
    """
    if lang != "en" or len(name) < 2 or not name[1].islower():
        return name
    return name[0].lower() + name[1:]


def _capitalized(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


_DEFAULT_QUESTION = re.compile(r"^(\S+)\s+((?:<=|>=|<|>)\s*\S+)$")


def question_label(query: str, lang: str = "en", value: str = "", where: str = "") -> str:
    """A question of ``govsim discover``: its value and condition in words.

    Args:
        query: the question's name in the tables (``VALUE CONDITION`` unless
            the user named it).
        lang: language code.
        value: the value searched, when known (the ``discovery_queries`` table).
        where: its condition, when known.

    Returns:
        ``Effect of ... ≤ 0``, with the user's name after it when it has one;
        a name alone when the value is not known.
    """
    found = _DEFAULT_QUESTION.match(query)
    if found and (not value or f"{value} {where.strip()}" == query):
        value, where = found.group(1), found.group(2)
        named = ""
    else:
        named = query
    if not value:
        return query
    described = f"{value_label(value, lang)} {condition_label(where)}"
    if not named:
        return described
    return text("discovery.named", lang, question=described, name=named)


def question_row(results: Results, query: str) -> pd.Series | None:
    """The row of ``discovery_queries`` that asked ``query`` (None if not stored)."""
    if not results.has("discovery_queries"):
        return None
    queries = results.table("discovery_queries")
    rows = queries[queries["query"].astype(str) == query]
    return rows.iloc[0] if len(rows) else None


def question_title(results: Results, query: str, lang: str = "en") -> str:
    """A question of a scenario discovery in words: its name, value and condition."""
    row = question_row(results, query)
    if row is None:
        return question_label(query, lang)
    return question_label(query, lang, str(row["output"]), str(row["where"]))
