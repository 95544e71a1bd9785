"""Figure captions that state only what the design computed.

A caption gives the number of replications the metadata records, claims a
confidence interval only where the analysis computed one (never with a single
replication, never for a sampled design's envelope), and counts what the
figure names. Each function takes the experiment's tables and the outputs on
the page and returns the caption text.
"""

from __future__ import annotations

import tomllib
from typing import Any

from govsim.analysis.results import Results
from govsim.model.metric_specs import METRICS
from govsim.outputs import plotting
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


def _replications(results: Results) -> int | None:
    reps = results.metadata.get("replications")
    return int(reps) if isinstance(reps, int | float) and reps > 0 else None


def _reps(results: Results) -> str:
    reps = _replications(results)
    if reps is None:
        return "the replications"
    return "one replication" if reps == 1 else f"{reps} replications"


def _one_replication(results: Results) -> bool:
    return _replications(results) == 1


#: What a caption says when one replication leaves nothing to estimate an interval from.
_NO_INTERVAL = "One replication gives no confidence interval."

#: Counts below ten, as prose writes them.
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(n: int) -> str:
    """A small count in words, as prose writes it ("six"); larger ones in digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _base(results: Results) -> str:
    return scenario_label(results.base) if results.base else "the base scenario"


def _time_word(outputs: list[str]) -> str:
    return "Month" if all(o in METRICS for o in outputs) else "Step"


def trajectories(results: Results, outputs: list[str]) -> str:
    """Per-scenario means over time; a confidence band only with replications."""
    start = f"{_time_word(outputs)} 0 is the initial state."
    if _one_replication(results):
        return f"Outcomes over time per scenario, one replication (line). {_NO_INTERVAL} {start}"
    return (
        f"Outcomes over time per scenario: mean over {_reps(results)} (line) and its "
        f"t-based 95% confidence interval (band). {start}"
    )


def _sampled_points(results: Results) -> str:
    runs, reps = results.metadata.get("n_runs"), _replications(results)
    if not isinstance(runs, int) or reps is None:
        return "the sampled parameter points"
    points = runs // reps
    seeds = "" if reps == 1 else f", each run with {reps} seeds"
    return f"the {points} sampled parameter points{seeds}"


def envelope(results: Results, outputs: list[str]) -> str:
    """A sampled design's envelope: the spread over its points, not a confidence interval."""
    return (
        f"Spread of the trajectories over {_sampled_points(results)}: the median "
        "(line) and the middle 50% (dark band) and 90% (light band) of the runs at each "
        f"{_time_word(outputs).lower()}. The bands show how far the sampled parameter ranges "
        "(and the seeds) spread the outcomes; they are not confidence intervals."
    )


def paired(results: Results, outputs: list[str]) -> str:
    """Paired effects against the base; intervals only with replications."""
    text = (
        f"Effect of each scenario against {_base(results)}: the difference between runs "
        f"on the same seeds (common random numbers) over {_reps(results)}"
    )
    if _one_replication(results):
        return f"{text}. {_NO_INTERVAL}"
    return (
        f"{text}, with 95% bootstrap confidence intervals. Filled points: the interval "
        "excludes zero; hollow: it does not."
    )


def factorial(results: Results, outputs: list[str]) -> str:
    """Factorial main effects and interactions, naming the factors."""
    terms = results.table("factorial_effects")["term"]
    factors = [term_label(t) for t in dict.fromkeys(terms) if ":" not in t]
    listed = ", ".join(factors) if factors else "the factors"
    intervals = (
        f" from one replication. {_NO_INTERVAL}"
        if _one_replication(results)
        else ", with 95% bootstrap confidence intervals over the replications."
    )
    return (
        f"Main effects and interactions of the factorial design over {listed}{intervals} "
        "A positive interaction means the factors together change the outcome more than "
        "the sum of their separate effects: the synergy the case study calls a butterfly "
        "effect."
    )


def _seed_noise(results: Results) -> str:
    if not results.has("seed_variance"):
        return ""
    return (
        " Seed noise is the share of output variance due to the random seed, "
        "estimated from the replications."
    )


def sobol(results: Results, outputs: list[str]) -> str:
    """Sobol S1 and ST with their bootstrap intervals."""
    return (
        "First-order (S1) and total-order (ST) Sobol indices with 95% bootstrap "
        "confidence intervals: S1 is the share of output variance due to a parameter "
        "alone, ST includes its interactions. Parameters are ordered by mean ST."
    ) + _seed_noise(results)


def fast(results: Results, outputs: list[str]) -> str:
    """The eFAST indices S1 and ST; SALib's intervals are indicative only."""
    return (
        "First-order (S1) and total-order (ST) indices from the extended Fourier "
        "amplitude sensitivity test (eFAST): S1 is the share of output variance due to a "
        "parameter alone, ST includes its interactions. Whiskers are SALib's bootstrap 95% "
        "half-widths, which it calls indicative only. Parameters are ordered by mean ST."
    ) + _seed_noise(results)


def convergence(results: Results, outputs: list[str]) -> str:
    """Sobol indices on growing samples; says which parameters have a colour."""
    n_params = results.table("sobol_convergence")["parameter"].nunique()
    colours = (
        "Each parameter has a colour."
        if n_params <= plotting.CONVERGENCE_TOP_K
        else "The parameters with the largest total-order index have a colour each, the "
        "others are grey."
    )
    return (
        "Sobol indices re-estimated on growing subsets of the sample; flat lines at "
        f"the right mean the sample is large enough. {colours}"
    )


def morris(results: Results, outputs: list[str]) -> str:
    """Morris μ* against σ; says how many parameters are named."""
    n_params = results.table("morris")["parameter"].nunique()
    named = (
        "Every parameter is named."
        if n_params <= plotting.MORRIS_TOP_K
        else f"The {_count(plotting.MORRIS_TOP_K)} parameters with the largest μ* are named."
    )
    return (
        "Mean absolute elementary effect (μ*) against the standard "
        "deviation of the elementary effects (σ); bars are 95% bootstrap intervals of μ*. "
        "Influential parameters lie to the right; above the dashed line σ = μ* they act "
        f"mostly through interactions or non-linearity. {named}"
    )


def rank_correlations(results: Results, outputs: list[str]) -> str:
    """PRCC with Fisher-z intervals over the sampled points."""
    n = results.table("rank_correlations")["n"].max()
    over = f"the {int(n)} sampled points" if n == n else "the sampled points"
    order = "|PRCC|" if len(outputs) == 1 else "mean |PRCC| over the outputs shown"
    return (
        "Partial rank correlation (PRCC) of each parameter with each output over "
        f"{over}, with 95% confidence intervals from Fisher's z transform. PRCC measures "
        "how monotonically an output rises (blue) or falls (vermillion) with a parameter "
        "when the other parameters are held fixed; hollow points have intervals that "
        f"include zero. Parameters are ordered by {order}."
    )


def network(results: Results, outputs: list[str]) -> str:
    """The network snapshot and its seeded layout."""
    return (
        f"Network at the last month of replication 0 of {_base(results)}: a random "
        "sample of residents with their ties, one cluster per community, filled when "
        "participating and hollow otherwise. Organizations (black squares) sit at the "
        "centre of the sampled residents they served in the last year, tied to them by "
        f"faint lines. Seeded layout (seed {plotting.NETWORK_LAYOUT_SEED})."
    )


# ---------------------------------------------------------------- pattern checks


def _pattern_settings(results: Results) -> dict[str, Any]:
    """The ``[patterns]`` table of the stored experiment file ({} if unreadable)."""
    try:
        data = tomllib.loads(str(results.metadata.get("experiment_file") or ""))
    except tomllib.TOMLDecodeError:
        return {}
    table = data.get("patterns")
    return table if isinstance(table, dict) else {}


def patterns(results: Results, page: list[str]) -> str:
    """Each criterion against its bound, with the number of paired seeds."""
    return (
        f"Each criterion of the case study's patterns over {_reps(results)} on common "
        "random numbers: estimate and 95% bootstrap interval over seeds, coloured by the "
        "verdict (holds: the interval lies inside the bound; fails: entirely outside; "
        "inconclusive: it straddles the bound). The vertical line is the bound, the shaded "
        "side where a criterion holds; grey rows are context, not judged. Each row has its "
        "own scale."
    )


def survival(results: Results, page: list[str]) -> str:
    """Survival curves by income source, with the classes' thresholds."""
    opts = _pattern_settings(results)
    stop, high, low = opts.get("stop_month"), opts.get("high_share"), opts.get("low_share")
    when = f"month {stop}" if stop is not None else "the census month"
    classes = (
        f"dependent: at least {high:.0%} of the year's income from the government; independent: "
        f"below {low:.0%}"
        if isinstance(high, int | float) and isinstance(low, int | float)
        else "by government share of income"
    )
    return (
        f"Share of the organizations alive at the start of {when} that are still alive a "
        f"number of months later, by their income over the year before ({classes}), pooled "
        f"over {_reps(results)}, with 95% bootstrap bands over seeds. Left: purchasing stops "
        "then; right: the baseline, where it goes on."
    )


# ---------------------------------------------------------------- robustness


def _points(results: Results) -> str:
    """How many points, and whether the dashed/orange subset exists."""
    if results.has("robustness_effects"):
        table = results.table("robustness_effects")
        n = table[table["subset"] == "all"]["n"].max()
        if n == n:
            return f"the {int(n)} sampled points"
    return "the sampled points"


def effect_distribution(results: Results, page: list[str]) -> str:
    """ECDFs of paired effects over the sampled space."""
    return (
        f"Distribution of each policy's paired effect against {_base(results)} over "
        f"{_points(results)} (each point: the policies on the same seeds). Where a line "
        "crosses the zero line is the share of points with no positive effect." + _filtered(results)
    )


def _filtered(results: Results) -> str:
    if not results.has("robustness_filter"):
        return ""
    table = results.table("robustness_filter")
    kept = table[table["criterion"] == "all"]["n_kept"]
    count = f" ({int(kept.iloc[0])})" if len(kept) else ""
    return f" Dashed lines: the points whose status quo shows pattern P1{count}."


def share_positive(results: Results, page: list[str]) -> str:
    """Shares of the space with a positive effect, with Wilson intervals."""
    return (
        f"Share of {_points(results)} where each policy's paired effect against "
        f"{_base(results)} is positive, with Wilson 95% intervals for the sampling of the "
        "space (the uncertain parameters drawn uniformly over their ranges)."
        + (
            " Orange: only the points whose status quo shows pattern P1."
            if results.has("robustness_filter")
            else ""
        )
    )


def claim_distribution(results: Results, page: list[str]) -> str:
    """ECDFs of claim values."""
    return (
        f"Distribution of each derived claim over {_points(results)}: a policy's effect minus "
        "the best (or the sum) of the effects it is compared with, signed so that a positive "
        "value means the claim holds at that point." + _filtered(results)
    )


def regret(results: Results, page: list[str]) -> str:
    """Regret: median and 95% quantile."""
    return (
        f"Regret of each policy over {_points(results)}: how far it falls short of the best "
        "policy at the same point, towards the output's goal; the point is the median, the "
        "whisker reaches the 95% quantile."
    )


# ---------------------------------------------------------------- scenario discovery


def _question(results: Results, page: list[str]) -> str:
    query = page[0] if page else ""
    if results.has("discovery_queries"):
        table = results.table("discovery_queries")
        rows = table[table["query"] == query]
        if len(rows):
            r = rows.iloc[0]
            where = "the P1-plausible points" if r["subset"] == "plausible" else "all points"
            return (
                f"Question {query!r}: {int(r['n_interest'])} of {int(r['n'])} points "
                f"({where}) are cases of interest."
            )
    return f"Question {query!r}."


def prim_tradeoff(results: Results, page: list[str]) -> str:
    """PRIM's coverage/density trade-off."""
    return (
        f"{_question(results, page)} PRIM peels the sampled space box by box: each point is a "
        "box on the way, trading coverage (share of all cases inside) for density (share of "
        "the box's points that are cases); the colour counts the parameters restricted; the "
        "circled box was chosen (the largest coverage at the density threshold, dashed)."
    )


def box_limits(results: Results, page: list[str]) -> str:
    """PRIM box limits with quasi-p-values."""
    return (
        f"{_question(results, page)} The limits of the chosen PRIM box on each parameter it "
        "restricts (coloured) within the range sampled (grey), with the quasi-p-value of each "
        "restriction: a binomial test of the box against the same box without it (Bryant & "
        "Lempert 2010); grey bars, with a quasi-p-value above 0.05, mark restrictions that "
        "may not matter."
    )


def feature_scores(results: Results, page: list[str]) -> str:
    """Extra-trees feature scores."""
    from govsim.outputs.plot_discovery import FEATURE_TOP_K  # noqa: PLC0415

    return (
        f"{_question(results, page)} How much each uncertain parameter helps tell cases of "
        f"interest from the other points (extra-trees importance, summing to one); the "
        f"{FEATURE_TOP_K} largest are shown, the dotted line is the score if all mattered "
        "equally."
    )
