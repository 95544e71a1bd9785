"""Figure captions that state only what the design computed, in English or Chinese.

A caption gives the number of replications the metadata records, claims a
confidence interval only where the analysis computed one (never with a single
replication, never for a sampled design's envelope), and counts what the
figure names. Each function takes the experiment's tables, the outputs on the
page and the language, and returns the caption text; the wording of both
languages is in the catalogue (``caption.*`` in ``govsim/i18n/catalogue.toml``).
"""

from __future__ import annotations

from govsim.analysis.results import Results
from govsim.i18n import text
from govsim.model.metric_specs import METRICS
from govsim.outputs import plotting
from govsim.outputs.style import scenario_label, term_label

__all__ = [
    "convergence",
    "envelope",
    "factorial",
    "fast",
    "morris",
    "network",
    "paired",
    "rank_correlations",
    "sobol",
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
