"""Decide which figures an experiment calls for, draw them and write them to disk.

The design decides: a figure is drawn when the tables it needs exist (the
analysis writes only the tables its design calls for, and the table registry
:data:`govsim.analysis.tables.TABLES` names the figure that draws each table).
Captions state only what the design computed: the number of replications, and
a confidence interval only where there is one. Outputs are split over
several pages when one page would be taller than a journal page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from govsim.analysis.results import Results, load_results
from govsim.analysis.tables import TABLES
from govsim.errors import UserError
from govsim.i18n import check_language, translate
from govsim.outputs import captions, plotting
from govsim.outputs.robustness_labels import question_row, question_title
from govsim.outputs.software import results_tag, software_tag
from govsim.outputs.style import Style, get_style, style_context

__all__ = [
    "DISCOVERY_FIGURES",
    "FORMATS",
    "SPECS",
    "DrawnFigure",
    "FigureSpec",
    "draw_figures",
    "experiment_outputs",
    "figure_spec",
    "save_figure",
    "write_figures",
]

#: File formats ``--format`` accepts.
FORMATS = ("pdf", "png", "svg")

#: Resolution of raster output, dots per inch.
PNG_DPI = 300

Draw = Callable[[Results, list[str], Style, str], Figure]
Caption = Callable[[Results, list[str], str], str]


@dataclass(frozen=True)
class FigureSpec:
    """One kind of figure: how to draw and caption it.

    The tables a figure draws are not listed here: the analysis table registry
    (:data:`govsim.analysis.tables.TABLES`) names each table's figure, and
    :attr:`tables` reads it, so the two cannot disagree.

    Attributes:
        name: file stem (``trajectories`` -> ``trajectories.pdf``).
        title: short title in English (report headings); other languages in the
            catalogue (``figure_title.<name>``).
        per_page: most outputs on one page (0: the figure is not per output).
        draw: ``(results, page, style, lang) -> Figure``; ``page`` lists the
            outputs (or the ``split_by`` values) the page shows.
        caption: ``(results, page, lang) -> str``.
        split_by: the column of its first table whose values it is drawn for,
            ``per_page`` at a time: ``"output"`` (the outputs chosen with
            ``--outputs``), another column such as ``"query"`` (one page per
            question of a scenario discovery), or ``""`` for one page.
    """

    name: str
    title: str
    per_page: int
    draw: Draw
    caption: Caption
    split_by: str = "output"

    def title_in(self, lang: str) -> str:
        """The figure's title in a language of the catalogue."""
        return translate(f"figure_title.{self.name}", lang, self.title)

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables this figure draws, all needed: those the registry gives this figure."""
        return tuple(spec.name for spec in TABLES if spec.figure == self.name)


@dataclass(frozen=True)
class DrawnFigure:
    """A drawn figure with the name and caption it is saved and reported under."""

    name: str
    title: str
    caption: str
    figure: Figure


# ---------------------------------------------------------------- drawing


def _names(scenarios: object) -> list[str] | None:
    """Scenario names from metadata, which may list names or name -> file."""
    if isinstance(scenarios, dict):
        return [str(s) for s in scenarios]
    if isinstance(scenarios, list):
        return [s if isinstance(s, str) else str(s.get("name", s)) for s in scenarios]
    return None


def _draw_trajectories(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    scenarios = results.metadata.get("scenarios") or None
    return plotting.plot_trajectories(
        results.table("timeseries_summary"),
        outputs,
        scenarios=_names(scenarios),
        base=results.base,
        style=st,
        lang=lang,
    )


def _draw_envelope(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("timeseries_envelope")
    return plotting.plot_envelope(table, outputs, style=st, lang=lang)


def _draw_paired(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("paired_effects")
    names = [
        s for s in _names(results.metadata.get("scenarios")) or [] if s in set(table["scenario"])
    ]
    return plotting.plot_paired_effects(
        table, outputs, scenarios=names or None, style=st, lang=lang
    )


def _draw_factorial(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("factorial_effects")
    return plotting.plot_factorial_effects(table, outputs, style=st, lang=lang)


def _seed_variance(results: Results) -> pd.DataFrame | None:
    return results.table("seed_variance") if results.has("seed_variance") else None


def _draw_sobol(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    noise = _seed_variance(results)
    table = results.table("sobol_indices")
    return plotting.plot_sobol_indices(table, outputs, seed_variance=noise, style=st, lang=lang)


def _draw_fast(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    noise = _seed_variance(results)
    table = results.table("fast_indices")
    return plotting.plot_fast_indices(table, outputs, seed_variance=noise, style=st, lang=lang)


def _draw_convergence(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("sobol_convergence")
    return plotting.plot_sobol_convergence(table, outputs, style=st, lang=lang)


def _draw_morris(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    return plotting.plot_morris(results.table("morris"), outputs, style=st, lang=lang)


def _draw_rank_correlations(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("rank_correlations")
    return plotting.plot_rank_correlations(table, outputs, style=st, lang=lang)


def _draw_network(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    return plotting.plot_network(
        results.table("network_nodes"),
        results.table("network_edges"),
        seed=plotting.NETWORK_LAYOUT_SEED,
        style=st,
        lang=lang,
    )


def _draw_patterns(results: Results, page: list[str], st: Style, lang: str) -> Figure:
    return plotting.plot_patterns(results.table("patterns"), style=st, lang=lang)


def _draw_survival(results: Results, page: list[str], st: Style, lang: str) -> Figure:
    return plotting.plot_survival(results.table("pattern_survival"), style=st, lang=lang)


def _draw_share_positive(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("robustness_effects")
    return plotting.plot_share_positive(table, outputs, style=st, lang=lang)


def _draw_effect_ecdf(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    policies = [s for s in _names(results.metadata.get("scenarios")) or [] if s != results.base]
    table = results.table("robustness_point_effects")
    return plotting.plot_effect_ecdf(table, outputs, policies or None, style=st, lang=lang)


def _draw_claim_ecdf(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    table = results.table("robustness_point_claims")
    return plotting.plot_claim_ecdf(table, outputs, style=st, lang=lang)


def _draw_regret(results: Results, outputs: list[str], st: Style, lang: str) -> Figure:
    return plotting.plot_regret(results.table("robustness_regret"), outputs, style=st, lang=lang)


def _threshold(results: Results, query: str) -> float | None:
    row = question_row(results, query)
    return float(row["threshold"]) if row is not None else None


def _draw_tradeoff(results: Results, page: list[str], st: Style, lang: str) -> Figure:
    table = results.table("discovery_trajectory")
    title = question_title(results, page[0], lang)
    threshold = _threshold(results, page[0])
    return plotting.plot_prim_tradeoff(table, page[0], threshold, style=st, lang=lang, title=title)


def _draw_box_limits(results: Results, page: list[str], st: Style, lang: str) -> Figure:
    table = results.table("discovery_limits")
    title = question_title(results, page[0], lang)
    return plotting.plot_box_limits(table, page[0], style=st, lang=lang, title=title)


def _draw_feature_scores(results: Results, page: list[str], st: Style, lang: str) -> Figure:
    table = results.table("discovery_scores")
    title = question_title(results, page[0], lang)
    return plotting.plot_feature_scores(table, page[0], style=st, lang=lang, title=title)


#: Every figure govsim knows, in the order a report shows them.
SPECS: tuple[FigureSpec, ...] = (
    FigureSpec("trajectories", "Trajectories", 9, _draw_trajectories, captions.trajectories),
    FigureSpec("envelope", "Envelope of trajectories", 9, _draw_envelope, captions.envelope),
    FigureSpec("paired_effects", "Paired effects", 9, _draw_paired, captions.paired),
    FigureSpec("factorial_effects", "Factorial effects", 6, _draw_factorial, captions.factorial),
    FigureSpec("sobol_indices", "Sobol indices", 6, _draw_sobol, captions.sobol),
    FigureSpec(
        "sobol_convergence",
        "Convergence of the Sobol indices",
        4,
        _draw_convergence,
        captions.convergence,
    ),
    FigureSpec("fast_indices", "FAST indices", 6, _draw_fast, captions.fast),
    FigureSpec("morris", "Morris screening", 4, _draw_morris, captions.morris),
    FigureSpec(
        "rank_correlations",
        "Rank correlations",
        6,
        _draw_rank_correlations,
        captions.rank_correlations,
    ),
    FigureSpec("patterns", "Pattern checks", 0, _draw_patterns, captions.patterns, ""),
    FigureSpec("survival", "Survival by income source", 0, _draw_survival, captions.survival, ""),
    FigureSpec(
        "effect_distribution",
        "Effects over the sampled space",
        6,
        _draw_effect_ecdf,
        captions.effect_distribution,
    ),
    FigureSpec(
        "share_positive",
        "Share of the space with a positive effect",
        6,
        _draw_share_positive,
        captions.share_positive,
    ),
    FigureSpec(
        "claim_distribution",
        "Claims over the sampled space",
        6,
        _draw_claim_ecdf,
        captions.claim_distribution,
    ),
    FigureSpec("regret", "Regret", 6, _draw_regret, captions.regret),
    FigureSpec(
        "prim_tradeoff", "PRIM trade-off", 1, _draw_tradeoff, captions.prim_tradeoff, "query"
    ),
    FigureSpec("box_limits", "PRIM box limits", 1, _draw_box_limits, captions.box_limits, "query"),
    FigureSpec(
        "feature_scores",
        "Feature scores",
        1,
        _draw_feature_scores,
        captions.feature_scores,
        "query",
    ),
    FigureSpec("network", "Network snapshot", 0, _draw_network, captions.network, ""),
)

#: The figures of ``govsim discover`` (drawn once per question).
DISCOVERY_FIGURES = ("prim_tradeoff", "box_limits", "feature_scores")

_BY_NAME = {spec.name: spec for spec in SPECS}


def figure_spec(name: str) -> FigureSpec:
    """The figure called ``name``.

    Raises:
        KeyError: for a figure govsim does not draw.
    """
    return _BY_NAME[name]


def experiment_outputs(results: Results) -> list[str]:
    """The experiment's outputs; from the tables if metadata does not list them.

    An experiment of a user model keeps whatever its model returns, and its
    metadata may not list the outputs; the tables always name them.
    """
    if results.outputs:
        return results.outputs
    found: list[str] = []
    for name in results.available():
        table = results.table(name)
        if "output" in table.columns:
            found += [str(o) for o in table["output"]]
    return list(dict.fromkeys(found))


def _pages(spec: FigureSpec, values: list[str]) -> list[list[str]]:
    if spec.per_page <= 0:
        return [values]
    return [values[i : i + spec.per_page] for i in range(0, len(values), spec.per_page)]


def _page_values(spec: FigureSpec, results: Results, chosen: list[str]) -> list[str]:
    """What a figure's pages show: chosen outputs in its table, other values, or nothing."""
    if not spec.split_by:
        return chosen
    present = list(dict.fromkeys(results.table(spec.tables[0])[spec.split_by].astype(str)))
    if spec.split_by == "output":
        return [o for o in chosen if o in set(present)]
    return present


def _page_name(spec: FigureSpec, number: int, pages: int) -> str:
    """The file stem of a page: the figure's name, numbered when it has several pages."""
    return spec.name if pages == 1 else f"{spec.name}_{number}"


def draw_figures(
    results: Results,
    outputs: Sequence[str] | None = None,
    style: str | Style = "paper",
    lang: str = "en",
    *,
    only: Sequence[str] | None = None,
) -> Iterator[DrawnFigure]:
    """Draw every figure the experiment's tables call for, one page at a time.

    Args:
        results: the experiment's tables (:func:`govsim.analysis.results.load_results`).
        outputs: outputs to show (default: all the experiment kept).
        style: style name or :class:`~govsim.outputs.style.Style`.
        lang: language of the labels, titles and captions (``"en"`` or
            ``"zh"``); Chinese needs a CJK font (see
            :func:`govsim.i18n.fonts.figure_language`).
        only: draw only these figures (names as in :data:`SPECS`); default all.

    Yields:
        Each figure page with its file stem and caption.

    Raises:
        UserError: for an output the experiment does not have (with the closest
            valid name) or an unknown style.
    """
    st = get_style(style)
    check_language(lang)
    chosen = plotting.select_outputs(outputs, experiment_outputs(results))
    for spec in SPECS:
        if only is not None and spec.name not in only:
            continue
        tables = spec.tables
        if not tables or not all(results.has(t) for t in tables):
            continue
        present = _page_values(spec, results, chosen)
        if spec.split_by and not present:
            continue
        pages = _pages(spec, present)
        for number, page in enumerate(pages, start=1):
            with style_context(st, lang):
                figure = spec.draw(results, page, st, lang)
            caption = spec.caption(results, page, lang)
            name = _page_name(spec, number, len(pages))
            yield DrawnFigure(name, spec.title_in(lang), caption, figure)


def _check_formats(formats: Sequence[str]) -> list[str]:
    chosen = [f.lower().lstrip(".") for f in formats]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise UserError(
            f"unknown figure format(s) {', '.join(bad) or '(none)'}; "
            f"choose from {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(chosen))


def save_figure(figure: Figure, path: str | Path, source: str | None = None) -> Path:
    """Save one figure: vector PDF/SVG with embedded TrueType text, 300-dpi PNG.

    The file names the govsim that drew it (version and commit) and, given
    ``source``, the results it shows. Leaving the creation date out makes the
    same tables give byte-identical PDF files, so figures can be kept under
    version control.
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise UserError(
            f"cannot save {path.name}: choose a file ending in "
            f"{', '.join('.' + f for f in FORMATS)}"
        )
    drawn = software_tag()
    metadata = {
        "png": {"Software": drawn, "Source": source or ""},
        "pdf": {"Creator": drawn, "Subject": source or "", "CreationDate": None},
        "svg": {"Creator": drawn, "Source": source or "", "Date": None},
    }[fmt]
    # Font embedding is read when saving, not when drawing: TrueType (42) keeps
    # text editable in a journal's tools, and SVG text stays text.
    with mpl.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none"}):
        figure.savefig(
            path, format=fmt, dpi=PNG_DPI, bbox_inches="tight", pad_inches=0.03, metadata=metadata
        )
    return path


def write_figures(
    directory: str | Path,
    outputs: Sequence[str] | None = None,
    formats: Sequence[str] = ("pdf", "png"),
    style: str | Style = "paper",
    lang: str = "en",
    *,
    only: Sequence[str] | None = None,
) -> list[Path]:
    """Write the figures an experiment calls for under ``DIR/figures/``.

    Args:
        directory: a finished experiment's directory, with its analysis tables.
        outputs: outputs to show (default: all the experiment kept).
        formats: file formats, from :data:`FORMATS`.
        style: ``"paper"`` (journal columns), ``"presentation"`` (slides) or a
            :class:`~govsim.outputs.style.Style`.
        lang: language of the labels (``"en"`` or ``"zh"``); the files have
            the same names in every language.
        only: draw only these figures (names as in :data:`SPECS`); default all.

    Returns:
        The paths written, figure by figure and format by format.

    Raises:
        UserError: for a directory that is not a finished, analysed experiment,
            an unknown output, format or style.
    """
    fmts = _check_formats(formats)
    results = load_results(directory)
    out = results.path / "figures"
    out.mkdir(exist_ok=True)
    written = []
    for drawn in draw_figures(results, outputs, style, lang, only=only):
        for fmt in fmts:
            path = out / f"{drawn.name}.{fmt}"
            written.append(save_figure(drawn.figure, path, results_tag(results.metadata)))
    return written
