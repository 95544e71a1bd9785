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
* ``"per_output"``: one small table per output, one row per parameter, sorted by
  ``sort_by`` (largest first), with the ``cells`` listed;
* ``"rows"``: one table, one row per row of the file, with the ``cells`` listed;
* ``"figure"``: too long to list; a figure shows it;
* ``"summary"``: summarised elsewhere in the report (run counts, failures).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "METADATA_KEYS",
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
ALL_DESIGNS = ("compare", "factorial", *SAMPLED)


@dataclass(frozen=True)
class Cell:
    """One column of a displayed table.

    Attributes:
        header: the column heading.
        kind: ``"label"`` (a name shown through the labeller of ``label``),
            ``"estimate"`` (value [low, high]), ``"plus_minus"`` (value ± half
            width), ``"number"`` or ``"percent"``.
        columns: the table columns the cell reads, in the order ``kind`` needs.
        label: for ``"label"`` cells, which labeller names the value
            (``"parameter"``, ``"output"``, ``"scenario"``, ``"term"``).
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


_PARAMETER = Cell("Parameter", "label", ("parameter",), "parameter")

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
        "seed_variance",
        "Seed noise",
        ("output", "seed_variance_share"),
        "Output variance across replications of the same parameters, as a share of the "
        "total variance",
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
