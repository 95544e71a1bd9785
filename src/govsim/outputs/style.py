"""The house style of govsim figures: sizes, palette, fonts and labels.

One place decides how every figure looks, so a paper's figures match each other:

* sizes that fit a journal column (3.5 in single, 7.0 in double width);
* the Okabe-Ito palette, which stays distinguishable under the common forms of
  colour blindness;
* fonts that are readable once the figure is printed at its final size;
* human-readable labels, with units, for metrics, parameters and scenarios, so
  no raw key path such as ``policies.training.intensity`` reaches an axis.

The matplotlib rc settings (fonts, palette, line widths, font embedding) live
in the style sheets ``govsim/paper.mplstyle`` and
``govsim/presentation.mplstyle``, which work outside govsim too
(``matplotlib.pyplot.style.use("govsim.paper")``). A :class:`Style` pairs a
sheet with the figure sizes, which are not rc settings. Styles are named
(``paper``, ``presentation``) and selected with ``--style``;
:func:`style_context` applies one as a matplotlib rc context.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib as mpl

from govsim import i18n
from govsim.errors import UserError
from govsim.i18n.fonts import font_rc
from govsim.model.metric_specs import METRICS, metric_label
from govsim.outputs.textable import display_width, wrap_columns
from govsim.policies import LEVELS, registered

__all__ = [
    "OKABE_ITO",
    "STYLES",
    "Style",
    "colors_for",
    "get_style",
    "metric_label",
    "output_label",
    "output_unit",
    "parameter_label",
    "parenthesized",
    "scenario_label",
    "sheet_path",
    "style_context",
    "term_label",
    "wrap",
]

#: Okabe & Ito (2008) colour-blind-safe palette, black moved last so that the
#: first colours carry data and black stays free for reference lines. The style
#: sheets cycle through the same colours.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Colour of "everything else" (e.g. parameters outside the top k).
MUTED = "#BBBBBB"


def sheet_path(sheet: str) -> Path:
    """The file of a matplotlib style sheet.

    Args:
        sheet: a path ending in ``.mplstyle``, or a dotted package style such as
            ``"govsim.paper"`` (the file ``paper.mplstyle`` next to the
            package's ``__init__.py``, as :func:`matplotlib.pyplot.style.use`
            resolves it).

    Raises:
        UserError: if the sheet does not exist.
    """
    if sheet.endswith(".mplstyle"):
        path = Path(sheet)
    else:
        package, _, name = sheet.rpartition(".")
        try:
            path = Path(str(resources.files(package) / f"{name}.mplstyle")) if package else None
        except ModuleNotFoundError:
            path = None
    if path is None or not path.is_file():
        raise UserError(
            f"no matplotlib style sheet {sheet!r}: give a .mplstyle file or a "
            "package style such as 'govsim.paper'"
        )
    return path


@lru_cache(maxsize=16)
def _sheet_params(sheet: str) -> dict[str, Any]:
    # Read once per sheet; callers get a copy, so the cache cannot be altered.
    return dict(mpl.rc_params_from_file(sheet_path(sheet), use_default_template=False))


@dataclass(frozen=True)
class Style:
    """A named figure style: a matplotlib style sheet and the figure sizes.

    Attributes:
        name: the name given to ``--style``.
        single_width: width of a one-column figure, inches.
        double_width: width of a two-column (full page) figure, inches.
        panel_height: height of one row of panels, inches.
        max_columns: most panels per row in a double-width figure.
        sheet: the matplotlib style sheet with the rc settings (see
            :func:`sheet_path`).
        rc: rc settings that override the sheet's.
    """

    name: str
    single_width: float
    double_width: float
    panel_height: float
    max_columns: int
    sheet: str = "govsim.paper"
    rc: dict[str, object] = field(default_factory=dict)

    def rc_params(self) -> dict[str, Any]:
        """The matplotlib rc settings of this style: the sheet's, then ``rc``."""
        return {**_sheet_params(self.sheet), **self.rc}

    @property
    def font_size(self) -> float:
        """Base font size, points (labels are this size, ticks one less)."""
        return float(self.rc_params()["font.size"])

    @property
    def line_width(self) -> float:
        """Width of data lines, points."""
        return float(self.rc_params()["lines.linewidth"])

    @property
    def marker_size(self) -> float:
        """Size of markers, points."""
        return float(self.rc_params()["lines.markersize"])


#: The named styles ``--style`` accepts.
STYLES: dict[str, Style] = {
    "paper": Style(
        name="paper",
        single_width=3.5,
        double_width=7.0,
        panel_height=2.1,
        max_columns=3,
        sheet="govsim.paper",
    ),
    # A 16:9 slide is 13.33 x 7.5 in; figures fill most of it and are read from
    # the back of a room, so everything is larger and fewer panels share a row.
    "presentation": Style(
        name="presentation",
        single_width=6.0,
        double_width=12.0,
        panel_height=3.6,
        max_columns=3,
        sheet="govsim.presentation",
    ),
}


def get_style(style: str | Style = "paper") -> Style:
    """The :class:`Style` for a name (or the style itself).

    Raises:
        UserError: if no style has that name.
    """
    if isinstance(style, Style):
        return style
    try:
        return STYLES[style]
    except KeyError:
        names = ", ".join(sorted(STYLES))
        raise UserError(f"unknown style {style!r}; choose one of: {names}") from None


@contextlib.contextmanager
def style_context(style: str | Style = "paper", lang: str = "en") -> Iterator[Style]:
    """Apply a style as a matplotlib rc context; yields the :class:`Style`.

    Args:
        style: a style name or :class:`Style`.
        lang: the language of the figure's text; Chinese adds a CJK font after
            the style's fonts (:func:`govsim.i18n.fonts.font_rc`).

    Example:
        >>> with style_context("presentation") as st:  # doctest: +SKIP
        ...     fig = plt.figure(figsize=(st.single_width, st.panel_height))
    """
    resolved = get_style(style)
    with mpl.rc_context(resolved.rc_params()), mpl.rc_context(font_rc(i18n.check_language(lang))):
        yield resolved


def colors_for(names: list[str]) -> dict[str, str]:
    """A stable colour per name, in order, cycling the palette if there are many."""
    return {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(names)}


# ---------------------------------------------------------------- labels


def wrap(text: str, width: int = 28) -> str:
    """Wrap a label onto lines of at most ``width`` columns, keeping its line breaks.

    Latin text wraps at spaces and hyphens (:func:`textwrap.wrap`); text with
    Chinese characters, which have no spaces to break at and are twice as wide,
    wraps between characters by terminal columns (a Chinese character counts
    two), so a Chinese label takes about as much room as an English one, with
    its lines about equally long.
    """
    lines = []
    for line in text.split("\n"):
        if display_width(line) == len(line):
            lines += textwrap.wrap(line, width)
            continue
        # as many lines as the width needs, filled evenly: no last line of one character
        needed = len(wrap_columns(line, width))
        even = -(-display_width(line) // max(needed, 1)) + 1  # ceiling, plus a wide char's slack
        lines += wrap_columns(line, min(width, even))
    return "\n".join(lines) or text


def _humanize(name: str) -> str:
    """``"lower_registration_threshold"`` -> ``"Lower registration threshold"``.

    Short symbols such as ``x1`` or ``y`` (a user model's variables) keep their
    case: ``X1`` would be a different symbol.
    """
    words = name.replace("-", " ").replace("_", " ").split()
    if not words:
        return name
    first = words[0] if len(words[0]) <= 2 else words[0].capitalize()
    return " ".join([first, *words[1:]])


def output_label(name: str, with_unit: bool = True, lang: str = "en") -> str:
    """Label of an output: the metric's label and unit, else the name made readable.

    Experiments may run user models whose outputs are not govsim metrics (e.g. the
    Ishigami function's ``y``); those get their name without underscores, in
    every language.
    """
    if name in METRICS:
        return i18n.metric_label(name, lang, with_unit=with_unit)
    return _humanize(name)


def output_unit(name: str, lang: str = "en") -> str:
    """The unit of an output as an axis label ("" if it has none or is unknown)."""
    spec = METRICS.get(name)
    if spec is None:
        return ""
    if spec.unit == "0-1":
        return i18n.text("figure.score_unit", lang)
    return i18n.metric_unit(name, lang)


def _policy_field(field: str, lang: str) -> str:
    """The name of a policy setting as shown after the policy's name ("intensity")."""
    key = f"figure.policy_field.{field}"
    return i18n.text(key, lang) if key in i18n.catalogue() else _humanize(field).lower()


@lru_cache(maxsize=1)
def _descriptions() -> dict[str, tuple[str, str]]:
    # Imported lazily: the scenario module pulls in pydantic, which a user
    # restyling a figure in a notebook should not pay for at import time.
    from govsim.config.scenario import parameters

    return {p.path: (p.description, p.unit) for p in parameters()}


def parenthesized(inner: str, lang: str = "en") -> str:
    """``(inner)``, with full-width parentheses in Chinese."""
    return f"（{inner}）" if lang == "zh" else f"({inner})"


def _bracket(text: str, inner: str, lang: str) -> str:
    """``text (inner)``, with full-width parentheses in Chinese."""
    return f"{text}{parenthesized(inner, lang)}" if lang == "zh" else f"{text} ({inner})"


def parameter_label(path: str, unit: bool = True, lang: str = "en") -> str:
    """Readable label of a scenario parameter from its key path.

    ``policies.training.intensity`` -> ``Training (intensity)``; any other
    schema parameter gets its schema description and unit, e.g.
    ``residents.peer_weight`` -> ``Weight of neighbours' participation (logit)``.
    Names the schema does not know (a user model's ``x1``) are made readable.
    With ``unit=False``, or for a dimensionless weight (unit ``1``), no unit is shown.
    In Chinese, a parameter the catalogue does not name yet keeps its English
    description (``tests/test_i18n.py`` checks every parameter of the shipped
    experiments has a Chinese name).
    """
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "policies":
        policy = parts[1]
        name = i18n.policy_title(policy, lang) if policy in registered() else _humanize(policy)
        return _bracket(name, _policy_field(parts[2], lang), lang)
    known = _descriptions().get(path)
    if known:
        description, its_unit = known
        description = i18n.translate(f"parameter.{path}", lang, description)
        if not unit or its_unit in ("", "1"):
            # shorter labels for crowded plots, where the unit adds nothing
            return description
        return _bracket(description, i18n.translate(f"unit_name.{its_unit}", lang, its_unit), lang)
    return _humanize(parts[-1])


def scenario_label(name: str, lang: str = "en") -> str:
    """Display name of a scenario (``all_levels`` -> ``All three levels``).

    The scenarios that ship with govsim are named in the catalogue, a scenario
    named after a policy by the policy's title; other names are made readable.
    Cells of a factorial design, named ``factor=level,...``, read as
    ``Government on, Organizations off``.
    """
    if "=" in name:
        cells = [part.partition("=") for part in name.split(",")]
        sep = "，" if lang == "zh" else ", "
        return sep.join(f"{_factor(f, lang)} {_level(level, lang)}" for f, _, level in cells)
    key = f"scenario.{name}"
    if key in i18n.catalogue():
        return i18n.text(key, lang)
    if name in registered():
        return i18n.policy_title(name, lang)
    return _humanize(name)


def _factor(factor: str, lang: str) -> str:
    """A factorial factor: a parameter, a level of countermeasures, or its own name."""
    if "." in factor:
        return parameter_label(factor, lang=lang)
    if factor in LEVELS and lang != "en":
        return i18n.level_title(factor, lang)
    return _humanize(factor)


def _level(level: str, lang: str) -> str:
    """A factor's level as the experiment file names it; ``on``/``off`` in the page's language."""
    key = f"figure.level_{level}"
    return i18n.text(key, lang) if key in i18n.catalogue() else level


def term_label(term: str, lang: str = "en") -> str:
    """Label of a factorial term: ``government:organizations`` -> ``Government × Organizations``.

    Factors that are parameter key paths get their parameter label.
    """
    factors = [f for f in term.split(":") if f]
    return " × ".join(_factor(f, lang) for f in factors)
