"""Figure captions that state only what the design computed, in English or Chinese.

A caption gives the number of replications the metadata records, claims a
confidence interval only where the analysis computed one (never with a single
replication, never for a sampled design's envelope), and counts what the
figure names. Each function takes the experiment's tables, the outputs on the
page and the language, and returns the caption text; the wording of both
languages is in the catalogue (``caption.*`` in ``govsim/i18n/catalogue.toml``).
"""

from __future__ import annotations

import tomllib
from typing import Any

from govsim.analysis.results import Results
from govsim.i18n import text
from govsim.model.metric_specs import METRICS
from govsim.outputs import plotting
from govsim.outputs.plot_discovery import SIGNIFICANT
from govsim.outputs.robustness_labels import question_row, question_title
from govsim.outputs.style import scenario_label, term_label

__all__ = [
    "box_limits",
    "claim_distribution",
    "convergence",
    "effect_distribution",
    "envelope",
    "factorial",
    "fast",
    "feature_scores",
    "morris",
    "network",
    "paired",
    "patterns",
    "prim_tradeoff",
    "rank_correlations",
    "regret",
    "share_positive",
    "sobol",
    "survival",
    "trajectories",
]


def _t(key: str, lang: str, **fields: object) -> str:
    return text(f"caption.{key}", lang, **fields)


def _sentences(lang: str, *parts: str) -> str:
    """Sentences joined as the language writes them: a space in English, nothing in Chinese."""
    return ("" if lang == "zh" else " ").join(p for p in parts if p)


def _replications(results: Results) -> int | None:
    reps = results.metadata.get("replications")
    return int(reps) if isinstance(reps, int | float) and reps > 0 else None


def _reps(results: Results, lang: str) -> str:
    reps = _replications(results)
    if reps is None:
        return _t("reps_unknown", lang)
    return _t("reps_one", lang) if reps == 1 else _t("reps", lang, n=reps)


def _one_replication(results: Results) -> bool:
    return _replications(results) == 1


#: Counts below ten, as English prose writes them.
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(n: int, lang: str) -> str:
    """A small count as prose writes it: in words in English ("six"), else in digits."""
    if lang == "en" and 0 <= n < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[n]
    return str(n)


def _base(results: Results, lang: str) -> str:
    return scenario_label(results.base, lang) if results.base else _t("base_unknown", lang)


def _months(outputs: list[str]) -> bool:
    """True when every output is a govsim metric, whose steps are months."""
    return all(o in METRICS for o in outputs)


def trajectories(results: Results, outputs: list[str], lang: str = "en") -> str:
    """Per-scenario means over time; a confidence band only with replications."""
    start = _t("start_month" if _months(outputs) else "start_step", lang)
    if _one_replication(results):
        return _sentences(lang, _t("trajectories_one", lang), _t("no_interval", lang), start)
    return _sentences(lang, _t("trajectories", lang, reps=_reps(results, lang)), start)


def _sampled_points(results: Results, lang: str) -> str:
    runs, reps = results.metadata.get("n_runs"), _replications(results)
    if not isinstance(runs, int) or reps is None:
        return _t("points_unknown", lang)
    seeds = "" if reps == 1 else _t("points_seeds", lang, reps=reps)
    return _t("points", lang, points=runs // reps, seeds=seeds)


def envelope(results: Results, outputs: list[str], lang: str = "en") -> str:
    """A sampled design's envelope: the spread over its points, not a confidence interval."""
    each = _t("each_month" if _months(outputs) else "each_step", lang)
    return _t("envelope", lang, points=_sampled_points(results, lang), each=each)


def paired(results: Results, outputs: list[str], lang: str = "en") -> str:
    """Paired effects against the base; intervals only with replications."""
    fields = {"base": _base(results, lang), "reps": _reps(results, lang)}
    if _one_replication(results):
        return _sentences(lang, _t("paired_one", lang, **fields), _t("no_interval", lang))
    return _t("paired", lang, **fields)


def factorial(results: Results, outputs: list[str], lang: str = "en") -> str:
    """Factorial main effects and interactions, naming the factors."""
    terms = results.table("factorial_effects")["term"]
    factors = [term_label(t, lang) for t in dict.fromkeys(terms) if ":" not in t]
    listed = _t("list_separator", lang).join(factors) if factors else _t("factors_unknown", lang)
    if _one_replication(results):
        first = _sentences(lang, _t("factorial_one", lang, factors=listed), _t("no_interval", lang))
    else:
        first = _t("factorial", lang, factors=listed)
    return _sentences(lang, first, _t("synergy", lang))


def _seed_noise(results: Results, lang: str) -> str:
    return _t("seed_noise", lang) if results.has("seed_variance") else ""


def sobol(results: Results, outputs: list[str], lang: str = "en") -> str:
    """Sobol S1 and ST with their bootstrap intervals."""
    return _sentences(lang, _t("sobol", lang), _seed_noise(results, lang))


def fast(results: Results, outputs: list[str], lang: str = "en") -> str:
    """The eFAST indices S1 and ST; SALib's intervals are indicative only."""
    return _sentences(lang, _t("fast", lang), _seed_noise(results, lang))


def convergence(results: Results, outputs: list[str], lang: str = "en") -> str:
    """Sobol indices on growing samples; says which parameters have a colour."""
    n_params = results.table("sobol_convergence")["parameter"].nunique()
    every = n_params <= plotting.CONVERGENCE_TOP_K
    colours = _t("convergence_every" if every else "convergence_top", lang)
    return _sentences(lang, _t("convergence", lang), colours)


def morris(results: Results, outputs: list[str], lang: str = "en") -> str:
    """Morris μ* against σ; says how many parameters are named."""
    n_params = results.table("morris")["parameter"].nunique()
    if n_params <= plotting.MORRIS_TOP_K:
        named = _t("morris_every", lang)
    else:
        named = _t("morris_top", lang, count=_count(plotting.MORRIS_TOP_K, lang))
    return _sentences(lang, _t("morris", lang), named)


def rank_correlations(results: Results, outputs: list[str], lang: str = "en") -> str:
    """PRCC with Fisher-z intervals over the sampled points."""
    n = results.table("rank_correlations")["n"].max()
    over = _t("prcc_points", lang, n=int(n)) if n == n else _t("prcc_points_unknown", lang)
    order = _t("prcc_order_one" if len(outputs) == 1 else "prcc_order_mean", lang)
    return _t("rank_correlations", lang, over=over, order=order)


def network(results: Results, outputs: list[str], lang: str = "en") -> str:
    """The network snapshot and its seeded layout."""
    return _t("network", lang, base=_base(results, lang), seed=plotting.NETWORK_LAYOUT_SEED)


# ---------------------------------------------------------------- pattern checks


def _pattern_settings(results: Results) -> dict[str, Any]:
    """The ``[patterns]`` table of the stored experiment file ({} if unreadable)."""
    try:
        data = tomllib.loads(str(results.metadata.get("experiment_file") or ""))
    except tomllib.TOMLDecodeError:
        return {}
    table = data.get("patterns")
    return table if isinstance(table, dict) else {}


def patterns(results: Results, page: list[str], lang: str = "en") -> str:
    """Each criterion against its bound, with the number of paired seeds."""
    return _t("patterns", lang, reps=_reps(results, lang))


def _share(value: object) -> str | None:
    """A share of the pattern file as a whole percentage (None if it is not a number)."""
    return f"{value:.0%}" if isinstance(value, int | float) else None


def _survival_classes(opts: dict[str, Any], lang: str) -> str:
    """The classes of the survival curves by their thresholds, as the pattern file sets them."""
    high, low = _share(opts.get("high_share")), _share(opts.get("low_share"))
    if high is None or low is None:
        return _t("survival_classes_unknown", lang)
    return _t("survival_classes", lang, high=high, low=low)


def survival(results: Results, page: list[str], lang: str = "en") -> str:
    """Survival curves by income source, with the classes' thresholds."""
    opts = _pattern_settings(results)
    stop = opts.get("stop_month")
    when = _t("survival_month", lang, month=stop) if stop else _t("survival_census", lang)
    classes = _survival_classes(opts, lang)
    return _t("survival", lang, when=when, classes=classes, reps=_reps(results, lang))


# ---------------------------------------------------------------- robustness


def _points(results: Results, lang: str) -> str:
    """How many points the robustness summaries are over."""
    if results.has("robustness_effects"):
        table = results.table("robustness_effects")
        n = table[table["subset"] == "all"]["n"].max()
        if n == n:
            return _t("robustness_points", lang, n=int(n))
    return _t("robustness_points_unknown", lang)


def _filtered(results: Results, lang: str) -> str:
    """The sentence on the dashed lines of the points that show P1 ("" without a filter)."""
    if not results.has("robustness_filter"):
        return ""
    table = results.table("robustness_filter")
    kept = table[table["criterion"] == "all"]["n_kept"]
    if len(kept):
        return _t("dashed_plausible_count", lang, n=int(kept.iloc[0]))
    return _t("dashed_plausible", lang)


def effect_distribution(results: Results, page: list[str], lang: str = "en") -> str:
    """ECDFs of paired effects over the sampled space."""
    fields = {"base": _base(results, lang), "points": _points(results, lang)}
    first = _t("effect_distribution", lang, **fields)
    return _sentences(lang, first, _filtered(results, lang))


def share_positive(results: Results, page: list[str], lang: str = "en") -> str:
    """Shares of the space with a positive effect, with Wilson intervals."""
    fields = {"base": _base(results, lang), "points": _points(results, lang)}
    first = _t("share_positive", lang, **fields)
    orange = _t("orange_plausible", lang) if results.has("robustness_filter") else ""
    return _sentences(lang, first, orange)


def claim_distribution(results: Results, page: list[str], lang: str = "en") -> str:
    """ECDFs of claim values."""
    first = _t("claim_distribution", lang, points=_points(results, lang))
    return _sentences(lang, first, _filtered(results, lang))


def regret(results: Results, page: list[str], lang: str = "en") -> str:
    """Regret: median and 95% quantile."""
    return _t("regret", lang, points=_points(results, lang))


# ---------------------------------------------------------------- scenario discovery


def _question(results: Results, page: list[str], lang: str) -> str:
    """The question a discovery figure answers, and how many points are cases of interest."""
    query = page[0] if page else ""
    title = question_title(results, query, lang)
    row = question_row(results, query)
    if row is None:
        return _t("question", lang, question=title)
    key = "question_plausible" if row["subset"] == "plausible" else "question_all"
    fields = {"question": title, "cases": int(row["n_interest"]), "n": int(row["n"])}
    return _t(key, lang, **fields)


def prim_tradeoff(results: Results, page: list[str], lang: str = "en") -> str:
    """PRIM's coverage/density trade-off."""
    return _sentences(lang, _question(results, page, lang), _t("prim_tradeoff", lang))


def box_limits(results: Results, page: list[str], lang: str = "en") -> str:
    """PRIM box limits with quasi-p-values."""
    limits = _t("box_limits", lang, significant=f"{SIGNIFICANT:g}")
    return _sentences(lang, _question(results, page, lang), limits)


def feature_scores(results: Results, page: list[str], lang: str = "en") -> str:
    """Extra-trees feature scores."""
    scores = _t("feature_scores", lang, top=_count(plotting.FEATURE_TOP_K, lang))
    return _sentences(lang, _question(results, page, lang), scores)
