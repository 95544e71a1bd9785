"""Figure captions that state only what the design computed.

A caption gives the number of replications the metadata records, claims a
confidence interval only where the analysis computed one (never with a single
replication, never for a sampled design's envelope), and counts what the
figure names. Each function takes the experiment's tables and the outputs on
the page and returns the caption text.
"""

from __future__ import annotations

from govsim.analysis.results import Results
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
