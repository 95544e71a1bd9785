"""The analysis tables, each declared once: name, columns, caption, display and figure.

``govsim analyze`` writes the tables its design calls for to ``DIR/tables/``;
:class:`~govsim.analysis.results.Results` reads them; the figures and the
report decide what to draw and how to show each table from the declarations
here, and ``docs/architecture.md`` lists them. A table not declared here cannot
be written (:func:`check_columns`), so the five places that used to list tables
cannot drift apart again.

A declaration's ``display`` says how the report shows the table:

* ``"pivot"``: one row per ``row_key`` value (scenario, term), one column per
  output, each cell an estimate with its interval;
* ``"per_output"``: one small table per output (or per value of the
  ``group_by`` columns), one row per parameter or policy, sorted by ``sort_by``
  (largest first), with the ``cells`` listed;
* ``"rows"``: one table, one row per row of the file, with the ``cells`` listed;
* ``"figure"``: too long to list; a figure shows it;
* ``"summary"``: summarised elsewhere in the report (run counts, failures).

Most tables are written by ``govsim analyze``; the ``discovery_*`` tables are
written by ``govsim discover`` (``writer = "discover"``), one set of rows per
question asked, and an analysis keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALL_DESIGNS",
    "METADATA_KEYS",
    "SAMPLED",
    "SEARCHABLE",
    "TABLES",
    "Cell",
    "TableSpec",
    "check_columns",
    "table_spec",
    "tables_for_design",
]

#: Keys every ``tables/metadata.json`` carries.
METADATA_KEYS = (
    "name",
    "design",
    "base",
    "scenarios",
    "outputs",
    "replications",
    "n_runs",
    "n_failed",
    "root_seed",
    "versions",
    "started",
    "finished",
    "experiment_file",
)

#: Designs whose runs sample a parameter space (rather than compare scenarios).
SAMPLED = ("lhs", "sobol", "morris", "fast")
#: Designs whose points a scenario discovery can search: the sampled ones and robustness.
SEARCHABLE = (*SAMPLED, "robustness")
ALL_DESIGNS = ("compare", "factorial", *SAMPLED, "robustness", "patterns")


@dataclass(frozen=True)
class Cell:
    """One column of a displayed table.

    Attributes:
        header: the column heading.
        kind: ``"label"`` (a name shown through the labeller of ``label``),
            ``"estimate"`` (value [low, high]), ``"plus_minus"`` (value ± half
            width), ``"number"``, ``"count"`` (a whole number) or ``"percent"``.
        columns: the table columns the cell reads, in the order ``kind`` needs.
        label: for ``"label"`` cells, which labeller names the value
            (``"parameter"``, ``"output"``, ``"scenario"``, ``"term"``,
            ``"subset"``, ... as :data:`govsim.outputs.report_tables.LABELLERS`
            lists them, or ``"text"`` for a value shown as it is); a labeller
            is given every column of the cell.
    """

    header: str
    kind: str
    columns: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True)
class TableSpec:
    """The declaration of one analysis table.

    Attributes:
        name: file stem (``sobol_indices`` -> ``tables/sobol_indices.csv``).
        title: heading in the report.
        columns: the columns, in file order (``runs`` adds one per output).
        caption: what the table holds; may name ``{base}``.
        designs: the designs that write it.
        display: how the report shows it (see the module docstring).
        figure: the figure that draws it, if any.
        row_key: the row label column of a ``"pivot"`` display.
        row_label: the labeller of ``row_key`` values.
        value: the estimate column of a ``"pivot"`` display (with ``ci_low``, ``ci_high``).
        cells: the columns of a ``"per_output"`` or ``"rows"`` display.
        sort_by: the column a ``"per_output"`` display sorts on, largest first.
        sort_abs: sort on the absolute value of ``sort_by``.
        optional: written only on request or when the data allow it.
        group_by: the columns a ``"per_output"`` display makes one table per value of.
        writer: the command that writes it: ``"analyze"`` or ``"discover"``.
    """

    name: str
    title: str
    columns: tuple[str, ...]
    caption: str
    designs: tuple[str, ...]
    display: str
    figure: str | None = None
    row_key: str = ""
    row_label: str = ""
    value: str = ""
    cells: tuple[Cell, ...] = ()
    sort_by: str = ""
    sort_abs: bool = False
    optional: bool = False
    group_by: tuple[str, ...] = ("output",)
    writer: str = "analyze"


_PARAMETER = Cell("Parameter", "label", ("parameter",), "parameter")
_POLICY = Cell("Policy", "label", ("policy",), "scenario")
_SUBSET = Cell("Over", "label", ("subset",), "subset")
_COUNT = Cell("Points", "count", ("n",))

#: Every analysis table, in the order a report lists them.
TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "scenario_means",
        "Scenario means",
        ("scenario", "output", "mean", "ci_low", "ci_high", "n"),
        "Mean over replications of each output's final value, with t-based 95% "
        "confidence intervals",
        ("compare", "factorial"),
        "pivot",
        row_key="scenario",
        row_label="scenario",
        value="mean",
    ),
    TableSpec(
        "paired_effects",
        "Paired effects",
        ("scenario", "base", "output", "effect", "ci_low", "ci_high", "n"),
        "Effect against {base}: the mean difference of runs on the same seeds (common "
        "random numbers), with 95% bootstrap confidence intervals",
        ("compare",),
        "pivot",
        figure="paired_effects",
        row_key="scenario",
        row_label="scenario",
        value="effect",
    ),
    TableSpec(
        "factorial_effects",
        "Factorial effects",
        ("output", "term", "effect", "ci_low", "ci_high"),
        "Main effects and interactions, bootstrapped over complete replications, with "
        "95% confidence intervals",
        ("factorial",),
        "pivot",
        figure="factorial_effects",
        row_key="term",
        row_label="term",
        value="effect",
    ),
    TableSpec(
        "sobol_indices",
        "Sobol indices",
        ("output", "parameter", "S1", "S1_conf", "ST", "ST_conf"),
        "First-order (S1) and total-order (ST) Sobol indices with 95% bootstrap "
        "confidence half-widths",
        ("sobol",),
        "per_output",
        figure="sobol_indices",
        cells=(
            _PARAMETER,
            Cell("S1 ± 95% CI", "plus_minus", ("S1", "S1_conf")),
            Cell("ST ± 95% CI", "plus_minus", ("ST", "ST_conf")),
        ),
        sort_by="ST",
    ),
    TableSpec(
        "sobol_s2",
        "Second-order Sobol indices",
        ("output", "parameter_1", "parameter_2", "S2", "S2_conf"),
        "Second-order Sobol indices of each pair of parameters, with 95% bootstrap "
        "confidence half-widths",
        ("sobol",),
        "per_output",
        cells=(
            Cell("Parameter 1", "label", ("parameter_1",), "parameter"),
            Cell("Parameter 2", "label", ("parameter_2",), "parameter"),
            Cell("S2 ± 95% CI", "plus_minus", ("S2", "S2_conf")),
        ),
        sort_by="S2",
        optional=True,
    ),
    TableSpec(
        "sobol_convergence",
        "Convergence of the Sobol indices",
        ("output", "parameter", "n_samples", "S1", "ST"),
        "Sobol indices re-estimated on growing subsets of the sample",
        ("sobol",),
        "figure",
        figure="sobol_convergence",
    ),
    TableSpec(
        "morris",
        "Morris screening",
        ("output", "parameter", "mu_star", "mu_star_conf", "sigma"),
        "Mean absolute elementary effect (μ*) with its 95% bootstrap half-width, and "
        "the standard deviation of the elementary effects (σ)",
        ("morris",),
        "per_output",
        figure="morris",
        cells=(
            _PARAMETER,
            Cell("μ* ± 95% CI", "plus_minus", ("mu_star", "mu_star_conf")),
            Cell("σ", "number", ("sigma",)),
        ),
        sort_by="mu_star",
    ),
    TableSpec(
        "fast_indices",
        "FAST indices",
        ("output", "parameter", "S1", "S1_conf", "ST", "ST_conf"),
        "First-order (S1) and total-order (ST) indices from the extended Fourier "
        "amplitude sensitivity test, with indicative 95% half-widths",
        ("fast",),
        "per_output",
        figure="fast_indices",
        cells=(
            _PARAMETER,
            Cell("S1 ± 95% CI", "plus_minus", ("S1", "S1_conf")),
            Cell("ST ± 95% CI", "plus_minus", ("ST", "ST_conf")),
        ),
        sort_by="ST",
    ),
    TableSpec(
        "rank_correlations",
        "Rank correlations",
        ("output", "parameter", "spearman", "prcc", "prcc_low", "prcc_high", "p_value", "n"),
        "Spearman rank correlation of each parameter with each output over the sample, and "
        "the partial rank correlation (PRCC: the other parameters held fixed) with its 95% "
        "confidence interval (Fisher z)",
        ("lhs",),
        "per_output",
        figure="rank_correlations",
        cells=(
            _PARAMETER,
            Cell("Spearman ρ", "number", ("spearman",)),
            Cell("PRCC [95% CI]", "estimate", ("prcc", "prcc_low", "prcc_high")),
        ),
        sort_by="prcc",
        sort_abs=True,
    ),
    TableSpec(
        "patterns",
        "Pattern checks",
        (
            "pattern",
            "criterion",
            "description",
            "estimate",
            "ci_low",
            "ci_high",
            "target",
            "verdict",
            "n",
            "source",
        ),
        "Each criterion of the case study's patterns (P1-P5): its estimate over the paired "
        "seeds with a 95% bootstrap interval over seeds, the bound it must respect and the "
        "bound's source (experiments/patterns.toml), and the verdict: holds when the whole "
        "interval respects the bound, fails when the whole interval violates it, "
        "inconclusive otherwise. Context rows are reported, not judged",
        ("patterns",),
        "rows",
        figure="patterns",
        cells=(
            Cell("Pattern", "label", ("pattern",), "text"),
            Cell("Criterion", "label", ("description", "pattern", "criterion"), "criterion"),
            Cell("Estimate [95% CI]", "estimate", ("estimate", "ci_low", "ci_high")),
            Cell("Bound", "label", ("target",), "bound"),
            Cell("Verdict", "label", ("verdict",), "verdict"),
            Cell("Source of the bound", "label", ("source",), "text"),
        ),
    ),
    TableSpec(
        "pattern_survival",
        "Survival after purchasing stops",
        ("scenario", "class", "month", "at_risk", "alive", "share", "ci_low", "ci_high", "n"),
        "Share of the organizations alive when purchasing stops that are still alive a number "
        "of months later, by their government share of income over the year before, pooled "
        "over seeds, with 95% bootstrap intervals over seeds; the baseline (purchasing goes on) "
        "for comparison",
        ("patterns",),
        "figure",
        figure="survival",
    ),
    TableSpec(
        "robustness_filter",
        "Points that show the status-quo trap (P1)",
        ("criterion", "reads", "target", "n", "n_kept", "share_kept"),
        "How many sampled points' base policy shows each P1 criterion of the pattern file "
        "within its tolerance (final outputs of the base policy), and all of them at once: "
        "the plausible points",
        ("robustness",),
        "rows",
        cells=(
            Cell("Criterion", "label", ("criterion",), "filter_criterion"),
            Cell("Reads", "label", ("reads",), "reads"),
            Cell("Bound", "label", ("target",), "bound"),
            Cell("Points", "count", ("n",)),
            Cell("Kept", "count", ("n_kept",)),
            Cell("Share kept", "percent", ("share_kept",)),
        ),
        optional=True,
    ),
    TableSpec(
        "robustness_effects",
        "Effects over the sampled space",
        (
            "subset",
            "policy",
            "base",
            "output",
            "n",
            "mean",
            "median",
            "q05",
            "q25",
            "q75",
            "q95",
            "share_positive",
            "share_ci_low",
            "share_ci_high",
        ),
        "Paired effect of each policy against {base} at every sampled point: its median and "
        "5%-95% range over the points, and the share of points where it is positive with "
        "Wilson's 95% interval; over all points and over the points whose status quo shows P1",
        ("robustness",),
        "per_output",
        figure="share_positive",
        cells=(
            _POLICY,
            _SUBSET,
            _COUNT,
            Cell("Median [5%, 95%]", "estimate", ("median", "q05", "q95")),
            Cell(
                "Share > 0 [95% CI]",
                "estimate",
                ("share_positive", "share_ci_low", "share_ci_high"),
            ),
        ),
    ),
    TableSpec(
        "robustness_claims",
        "Claims over the sampled space",
        (
            "subset",
            "claim",
            "output",
            "goal",
            "n",
            "mean",
            "median",
            "q05",
            "q25",
            "q75",
            "q95",
            "share_holds",
            "ci_low",
            "ci_high",
        ),
        "Each derived claim at every sampled point (a policy's effect minus the best, or the "
        "sum, of other policies' effects, signed by the output's goal: positive where the "
        "claim holds): median and 5%-95% range, and the share of points where it holds with "
        "Wilson's 95% interval",
        ("robustness",),
        "rows",
        cells=(
            Cell("Claim", "label", ("claim",), "claim"),
            Cell("Output", "label", ("output",), "output"),
            _SUBSET,
            _COUNT,
            Cell("Median [5%, 95%]", "estimate", ("median", "q05", "q95")),
            Cell("Share holding [95% CI]", "estimate", ("share_holds", "ci_low", "ci_high")),
        ),
        optional=True,
    ),
    TableSpec(
        "robustness_regret",
        "Regret",
        (
            "subset",
            "policy",
            "output",
            "goal",
            "n",
            "mean",
            "median",
            "q95",
            "max",
            "share_best",
        ),
        "How far each policy falls short of the best policy at the same point (in the "
        "output's unit, towards its goal), over the sampled points, and the share of points "
        "where it is the best",
        ("robustness",),
        "per_output",
        figure="regret",
        cells=(
            _POLICY,
            _SUBSET,
            _COUNT,
            Cell("Mean regret", "number", ("mean",)),
            Cell("95% quantile", "number", ("q95",)),
            Cell("Best at", "percent", ("share_best",)),
        ),
        optional=True,
    ),
    TableSpec(
        "robustness_point_effects",
        "Effects at every point",
        ("sample", "kept", "policy", "output", "effect"),
        "The paired effect of each policy against the base at every sampled point (kept: the "
        "point's status quo shows P1, or every point without a pattern file)",
        ("robustness",),
        "figure",
        figure="effect_distribution",
    ),
    TableSpec(
        "robustness_point_claims",
        "Claims at every point",
        ("sample", "kept", "claim", "output", "value"),
        "The value of each derived claim at every sampled point (positive: it holds)",
        ("robustness",),
        "figure",
        figure="claim_distribution",
        optional=True,
    ),
    TableSpec(
        "effect_sobol",
        "Sobol indices of the effects",
        ("target", "output", "parameter", "S1", "S1_conf", "ST", "ST_conf"),
        "First-order and total Sobol indices of each policy's paired effect (and each claim) "
        "over the uncertain parameters, with 95% bootstrap half-widths: which assumptions a "
        "conclusion depends on",
        ("robustness",),
        "per_output",
        cells=(
            _PARAMETER,
            Cell("S1 ± 95% CI", "plus_minus", ("S1", "S1_conf")),
            Cell("ST ± 95% CI", "plus_minus", ("ST", "ST_conf")),
        ),
        sort_by="ST",
        optional=True,
        group_by=("target", "output"),
    ),
    TableSpec(
        "effect_morris",
        "Morris screening of the effects",
        ("target", "output", "parameter", "mu_star", "mu_star_conf", "sigma"),
        "Morris μ* (with its 95% bootstrap half-width) and σ of each policy's paired effect "
        "(and each claim) over the uncertain parameters",
        ("robustness",),
        "per_output",
        cells=(
            _PARAMETER,
            Cell("μ* ± 95% CI", "plus_minus", ("mu_star", "mu_star_conf")),
            Cell("σ", "number", ("sigma",)),
        ),
        sort_by="mu_star",
        optional=True,
        group_by=("target", "output"),
    ),
    TableSpec(
        "discovery_queries",
        "Scenario discovery: questions",
        ("query", "output", "where", "subset", "n", "n_interest", "threshold", "max_qp"),
        "Each question asked with govsim discover: the value searched, the condition that "
        "makes a point a case of interest, the points searched and how many are cases",
        SEARCHABLE,
        "rows",
        cells=(
            Cell("Question", "label", ("query",), "question"),
            Cell("Value", "label", ("output",), "value"),
            Cell("Case of interest", "label", ("where",), "text"),
            Cell("Searched", "label", ("subset",), "subset"),
            _COUNT,
            Cell("Cases", "count", ("n_interest",)),
        ),
        optional=True,
        writer="discover",
    ),
    TableSpec(
        "discovery_boxes",
        "Scenario discovery: PRIM boxes",
        ("query", "box", "coverage", "density", "mass", "n", "n_restricted", "n_dropped", "step"),
        "Boxes found by PRIM (peeling and pasting, Friedman & Fisher 1999): the share of all "
        "cases of interest inside (coverage), the share of the box's points that are cases "
        "(density) and the share of all points inside (mass); restrictions whose quasi-p-value "
        "exceeded the question's limit were dropped (n_dropped)",
        SEARCHABLE,
        "rows",
        cells=(
            Cell("Question", "label", ("query",), "question"),
            Cell("Box", "count", ("box",)),
            Cell("Coverage", "percent", ("coverage",)),
            Cell("Density", "percent", ("density",)),
            Cell("Mass", "percent", ("mass",)),
            Cell("Restricted", "count", ("n_restricted",)),
            Cell("Dropped", "count", ("n_dropped",)),
        ),
        optional=True,
        writer="discover",
    ),
    TableSpec(
        "discovery_limits",
        "Scenario discovery: box limits",
        ("query", "box", "parameter", "low", "high", "range_low", "range_high", "qp_value"),
        "The limits of each PRIM box on the parameters it restricts, against the sampled "
        "range, with the quasi-p-value of each restriction (Bryant & Lempert 2010: a "
        "binomial test of the box against the box without that restriction)",
        SEARCHABLE,
        "rows",
        figure="box_limits",
        cells=(
            Cell("Question", "label", ("query",), "question"),
            _PARAMETER,
            Cell("Low", "number", ("low",)),
            Cell("High", "number", ("high",)),
            Cell("Sampled from", "number", ("range_low",)),
            Cell("to", "number", ("range_high",)),
            Cell("Quasi-p", "number", ("qp_value",)),
        ),
        optional=True,
        writer="discover",
    ),
    TableSpec(
        "discovery_trajectory",
        "Scenario discovery: peeling trajectory",
        ("query", "box", "step", "coverage", "density", "mass", "n_restricted", "chosen"),
        "Every box along PRIM's peeling: coverage against density (the trade-off), the "
        "chosen step marked",
        SEARCHABLE,
        "figure",
        figure="prim_tradeoff",
        optional=True,
        writer="discover",
    ),
    TableSpec(
        "discovery_cart",
        "Scenario discovery: classification tree",
        ("query", "leaf", "rule", "n", "share_of_interest"),
        "The leaves of a shallow classification tree (CART) separating the cases of interest: "
        "each leaf's rule, its points and its share of cases",
        SEARCHABLE,
        "rows",
        cells=(
            Cell("Question", "label", ("query",), "question"),
            Cell("Rule", "label", ("rule",), "rule"),
            _COUNT,
            Cell("Cases", "percent", ("share_of_interest",)),
        ),
        optional=True,
        writer="discover",
    ),
    TableSpec(
        "discovery_scores",
        "Scenario discovery: feature scores",
        ("query", "parameter", "score", "rank"),
        "How much each uncertain parameter matters for the case of interest: extra-trees "
        "importance, normalised to sum to one",
        SEARCHABLE,
        "figure",
        figure="feature_scores",
        optional=True,
        writer="discover",
    ),
    TableSpec(
        "seed_variance",
        "Seed noise",
        ("output", "seed_variance_share"),
        "The variation between replications of the same parameters (seed noise) as a "
        "share of all the variation of an output: the within-point sum of squares over "
        "the total; empty where the output does not vary",
        ALL_DESIGNS,
        "rows",
        cells=(
            Cell("Output", "label", ("output",), "output"),
            Cell("Share of variance due to the seed", "percent", ("seed_variance_share",)),
        ),
        optional=True,
    ),
    TableSpec(
        "timeseries_summary",
        "Trajectories",
        ("scenario", "output", "step", "mean", "ci_low", "ci_high", "n"),
        "Mean of each output at every step per scenario over the replications, with "
        "t-based 95% confidence intervals",
        ("compare", "factorial"),
        "figure",
        figure="trajectories",
        optional=True,
    ),
    TableSpec(
        "timeseries_envelope",
        "Envelope of trajectories",
        ("output", "step", "median", "q05", "q25", "q75", "q95", "n"),
        "Quantiles of each output at every step over the sampled parameter points (and "
        "their replications): an envelope of the sampled space, not a confidence interval",
        SAMPLED,
        "figure",
        figure="envelope",
        optional=True,
    ),
    TableSpec(
        "runs",
        "Runs",
        (
            "run_key",
            "scenario",
            "sample",
            "replication",
            "seed",
            "status",
            "duration",
            "error",
        ),
        "Every run: its labels, seed, status and duration, one column per output, and the "
        "traceback of a failed run last",
        ALL_DESIGNS,
        "summary",
    ),
    TableSpec(
        "network_nodes",
        "Network snapshot: nodes",
        ("node", "kind", "community", "participating"),
        "A sample of residents and the organizations serving them at the last month of "
        "replication 0 of the base scenario",
        ALL_DESIGNS,
        "figure",
        figure="network",
        optional=True,
    ),
    TableSpec(
        "network_edges",
        "Network snapshot: ties",
        ("source", "target"),
        "Ties among the sampled residents and from organizations to the residents they served",
        ALL_DESIGNS,
        "figure",
        figure="network",
        optional=True,
    ),
)

_BY_NAME = {spec.name: spec for spec in TABLES}


def table_spec(name: str) -> TableSpec:
    """The declaration of table ``name``.

    Raises:
        KeyError: for a table that is not declared.
    """
    return _BY_NAME[name]


def tables_for_design(design: str) -> list[TableSpec]:
    """The tables a design may write, in report order."""
    return [spec for spec in TABLES if design in spec.designs]


def check_columns(name: str, columns: list[str] | tuple[str, ...]) -> None:
    """Raise if a table about to be written does not match its declaration.

    ``runs`` may carry one extra column per output between ``duration`` and
    ``error``; every other table has exactly its declared columns.

    Raises:
        KeyError: for an undeclared table.
        ValueError: for columns that differ from the declaration.
    """
    spec = table_spec(name)
    have = list(columns)
    if name == "runs":
        fixed = [c for c in have if c in spec.columns]
        ok = fixed == list(spec.columns) and have[-1] == "error"
    else:
        ok = have == list(spec.columns)
    if not ok:
        raise ValueError(f"table {name!r} has columns {have}, declared {list(spec.columns)}")
