"""Decide which figures an experiment calls for, draw them and write them to disk.

The design decides: a figure is drawn when the tables it needs exist (the
analysis writes only the tables its design calls for). Outputs are split over
several pages when one page would be taller than a journal page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

from govsim._version import __version__
from govsim.analysis.results import Results, load_results
from govsim.errors import UserError
from govsim.outputs import plotting
from govsim.outputs.style import Style, get_style, scenario_label, style_context, term_label

__all__ = [
    "FORMATS",
    "SPECS",
    "DrawnFigure",
    "FigureSpec",
    "draw_figures",
    "save_figure",
    "write_figures",
]

#: File formats ``--format`` accepts.
FORMATS = ("pdf", "png", "svg")

#: Resolution of raster output, dots per inch.
PNG_DPI = 300

#: Seed of the network snapshot's spring layout.
LAYOUT_SEED = 0

Draw = Callable[[Results, list[str], Style], Figure]
Caption = Callable[[Results, list[str]], str]


@dataclass(frozen=True)
class FigureSpec:
    """One kind of figure: the tables it needs, how to draw and caption it.

    Attributes:
        name: file stem (``trajectories`` -> ``trajectories.pdf``).
        title: short title (report headings).
        tables: table stems that must all exist.
        per_page: most outputs on one page (0: the figure is not per output).
        draw: ``(results, outputs, style) -> Figure``.
        caption: ``(results, outputs) -> str``.
    """

    name: str
    title: str
    tables: tuple[str, ...]
    per_page: int
    draw: Draw
    caption: Caption


@dataclass(frozen=True)
class DrawnFigure:
    """A drawn figure with the name and caption it is saved and reported under."""

    name: str
    title: str
    caption: str
    figure: Figure


# ---------------------------------------------------------------- captions


def _reps(results: Results) -> str:
    reps = results.metadata.get("replications")
    return f"{reps} replications" if reps else "the replications"


def _base(results: Results) -> str:
    return scenario_label(results.base) if results.base else "the base scenario"


def _caption_trajectories(results: Results, outputs: list[str]) -> str:
    return (
        f"Outcomes over time per scenario: mean over {_reps(results)} (line) and its "
        "95% confidence interval (band). Month 0 is the initial state."
    )


def _caption_paired(results: Results, outputs: list[str]) -> str:
    return (
        f"Effect of each scenario against {_base(results)}: the difference between runs "
        f"on the same seeds (common random numbers) over {_reps(results)}, with 95% "
        "bootstrap confidence intervals. Filled points: the interval excludes zero; "
        "hollow: it does not."
    )


def _caption_factorial(results: Results, outputs: list[str]) -> str:
    terms = results.table("factorial_effects")["term"]
    factors = [term_label(t) for t in dict.fromkeys(terms) if ":" not in t]
    listed = ", ".join(factors) if factors else "the factors"
    return (
        "Main effects and interactions of the factorial design over "
        f"{listed}, with 95% confidence intervals. A positive interaction means the "
        "factors together change the outcome more than the sum of their separate "
        "effects: the synergy the case study calls a butterfly effect."
    )


def _caption_sobol(results: Results, outputs: list[str]) -> str:
    text = (
        "First-order (S1) and total-order (ST) Sobol indices with 95% bootstrap "
        "confidence intervals: S1 is the share of output variance due to a parameter "
        "alone, ST includes its interactions. Parameters are ordered by mean ST."
    )
    if results.has("seed_variance"):
        text += (
            " Seed noise is the share of output variance due to the random seed, "
            "estimated from the replications."
        )
    return text


def _caption_convergence(results: Results, outputs: list[str]) -> str:
    return (
        "Sobol indices re-estimated on growing subsets of the sample; flat lines at "
        "the right mean the sample is large enough. The parameters with the largest "
        "total-order index have a colour each, the others are grey."
    )


def _caption_morris(results: Results, outputs: list[str]) -> str:
    return (
        "Mean absolute elementary effect (μ*) against the standard "
        "deviation of the elementary effects (σ); bars are 95% intervals of μ*. "
        "Influential parameters lie to the right; above the dashed line σ = μ* they act "
        "mostly through interactions or non-linearity. The six parameters with the "
        "largest μ* are named."
    )


def _caption_network(results: Results, outputs: list[str]) -> str:
    return (
        f"Network at the last month of replication 0 of {_base(results)}: a random "
        "sample of residents with their ties, one cluster per community, filled when "
        "participating and hollow otherwise. Organizations (black squares) sit at the "
        "centre of the sampled residents they served in the last year, tied to them by "
        f"faint lines. Seeded layout (seed {LAYOUT_SEED})."
    )


# ---------------------------------------------------------------- drawing


def _draw_trajectories(results: Results, outputs: list[str], st: Style) -> Figure:
    scenarios = results.metadata.get("scenarios") or None
    return plotting.plot_trajectories(
        results.table("timeseries_summary"),
        outputs,
        scenarios=_names(scenarios),
        base=results.base,
        style=st,
    )


def _names(scenarios: object) -> list[str] | None:
    """Scenario names from metadata, which may list names or name -> file."""
    if isinstance(scenarios, dict):
        return [str(s) for s in scenarios]
    if isinstance(scenarios, list):
        return [s if isinstance(s, str) else str(s.get("name", s)) for s in scenarios]
    return None


def _draw_paired(results: Results, outputs: list[str], st: Style) -> Figure:
    table = results.table("paired_effects")
    names = [
        s for s in _names(results.metadata.get("scenarios")) or [] if s in set(table["scenario"])
    ]
    return plotting.plot_paired_effects(table, outputs, scenarios=names or None, style=st)


def _draw_factorial(results: Results, outputs: list[str], st: Style) -> Figure:
    return plotting.plot_factorial_effects(results.table("factorial_effects"), outputs, style=st)


def _draw_sobol(results: Results, outputs: list[str], st: Style) -> Figure:
    noise = results.table("seed_variance") if results.has("seed_variance") else None
    return plotting.plot_sobol_indices(
        results.table("sobol_indices"), outputs, seed_variance=noise, style=st
    )


def _draw_convergence(results: Results, outputs: list[str], st: Style) -> Figure:
    return plotting.plot_sobol_convergence(results.table("sobol_convergence"), outputs, style=st)


def _draw_morris(results: Results, outputs: list[str], st: Style) -> Figure:
    return plotting.plot_morris(results.table("morris"), outputs, style=st)


def _draw_network(results: Results, outputs: list[str], st: Style) -> Figure:
    return plotting.plot_network(
        results.table("network_nodes"), results.table("network_edges"), seed=LAYOUT_SEED, style=st
    )


#: Every figure govsim knows, in the order a report shows them.
SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "trajectories",
        "Trajectories",
        ("timeseries_summary",),
        9,
        _draw_trajectories,
        _caption_trajectories,
    ),
    FigureSpec(
        "paired_effects", "Paired effects", ("paired_effects",), 9, _draw_paired, _caption_paired
    ),
    FigureSpec(
        "factorial_effects",
        "Factorial effects",
        ("factorial_effects",),
        6,
        _draw_factorial,
        _caption_factorial,
    ),
    FigureSpec(
        "sobol_indices", "Sobol indices", ("sobol_indices",), 6, _draw_sobol, _caption_sobol
    ),
    FigureSpec(
        "sobol_convergence",
        "Convergence of the Sobol indices",
        ("sobol_convergence",),
        4,
        _draw_convergence,
        _caption_convergence,
    ),
    FigureSpec("morris", "Morris screening", ("morris",), 4, _draw_morris, _caption_morris),
    FigureSpec(
        "network",
        "Network snapshot",
        ("network_nodes", "network_edges"),
        0,
        _draw_network,
        _caption_network,
    ),
)


def _all_outputs(results: Results) -> list[str]:
    """The experiment's outputs; from the tables if metadata does not list them."""
    if results.outputs:
        return results.outputs
    found: list[str] = []
    for name in results.available():
        table = results.table(name)
        if "output" in table.columns:
            found += [str(o) for o in table["output"]]
    return list(dict.fromkeys(found))


def _pages(spec: FigureSpec, outputs: list[str]) -> list[list[str]]:
    if spec.per_page <= 0:
        return [outputs]
    return [outputs[i : i + spec.per_page] for i in range(0, len(outputs), spec.per_page)]


def draw_figures(
    results: Results,
    outputs: Sequence[str] | None = None,
    style: str | Style = "paper",
) -> Iterator[DrawnFigure]:
    """Draw every figure the experiment's tables call for, one page at a time.

    Args:
        results: the experiment's tables (:func:`govsim.analysis.results.load_results`).
        outputs: outputs to show (default: all the experiment kept).
        style: style name or :class:`~govsim.outputs.style.Style`.

    Yields:
        Each figure page with its file stem and caption.

    Raises:
        UserError: for an output the experiment does not have (with the closest
            valid name) or an unknown style.
    """
    st = get_style(style)
    chosen = plotting.select_outputs(outputs, _all_outputs(results))
    for spec in SPECS:
        if not all(results.has(t) for t in spec.tables):
            continue
        present = chosen
        if spec.per_page:
            in_table = set(results.table(spec.tables[0])["output"].astype(str))
            present = [o for o in chosen if o in in_table]
            if not present:
                continue
        pages = _pages(spec, present)
        for number, page in enumerate(pages, start=1):
            name = spec.name if len(pages) == 1 else f"{spec.name}_{number}"
            with style_context(st):
                figure = spec.draw(results, page, st)
            yield DrawnFigure(name, spec.title, spec.caption(results, page), figure)


def _check_formats(formats: Sequence[str]) -> list[str]:
    chosen = [f.lower().lstrip(".") for f in formats]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise UserError(
            f"unknown figure format(s) {', '.join(bad) or '(none)'}; "
            f"choose from {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(chosen))


def save_figure(figure: Figure, path: str | Path) -> Path:
    """Save one figure: vector PDF/SVG with embedded TrueType text, 300-dpi PNG.

    Leaving the creation date out makes the same tables give byte-identical
    PDF files, so figures can be kept under version control.
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise UserError(
            f"cannot save {path.name}: choose a file ending in "
            f"{', '.join('.' + f for f in FORMATS)}"
        )
    metadata = {
        "png": {"Software": f"govsim {__version__}"},
        "pdf": {"Creator": f"govsim {__version__}", "CreationDate": None},
        "svg": {"Creator": f"govsim {__version__}", "Date": None},
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
) -> list[Path]:
    """Write the figures an experiment calls for under ``DIR/figures/``.

    Args:
        directory: a finished experiment's directory, with its analysis tables.
        outputs: outputs to show (default: all the experiment kept).
        formats: file formats, from :data:`FORMATS`.
        style: ``"paper"`` (journal columns), ``"presentation"`` (slides) or a
            :class:`~govsim.outputs.style.Style`.

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
    for drawn in draw_figures(results, outputs, style):
        for fmt in fmts:
            written.append(save_figure(drawn.figure, out / f"{drawn.name}.{fmt}"))
    return written
