"""Plotting functions, house style and `govsim figures` on fixture tables."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fake_experiment import OUTPUTS, PARAMETERS, SCENARIOS, TERMS, write_fake_experiment
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

from govsim.analysis.results import load_results
from govsim.analysis.tables import TABLES
from govsim.cli.main import main
from govsim.errors import UserError
from govsim.i18n.fonts import cjk_font
from govsim.outputs import plotting
from govsim.outputs.figures import SPECS, draw_figures, figure_spec, write_figures
from govsim.outputs.style import (
    OKABE_ITO,
    STYLES,
    get_style,
    output_label,
    parameter_label,
    scenario_label,
    term_label,
)

#: A question of the fake scenario discovery, by its default name (value and condition).
QUESTION = "effect:all_levels:satisfaction >= 0.03"

RAW_KEY = re.compile(r"[a-z]+\.[a-z_]+\.[a-z_]+|_")


def texts(fig: Figure) -> list[str]:
    """Every piece of text a reader sees: titles, axis and tick labels, legends."""
    found = []
    for ax in fig.axes:
        found += [ax.get_title(loc="left"), ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        found += [t.get_text() for t in ax.texts]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return [t for t in found if t]


def assert_readable(fig: Figure) -> None:
    raw = [t for t in texts(fig) if RAW_KEY.search(t)]
    assert not raw, f"raw key paths or underscores in labels: {raw}"


def bands(ax) -> int:
    return sum(isinstance(c, PolyCollection) for c in ax.collections)


# ---------------------------------------------------------------- style and labels


def test_parameter_labels_come_from_the_schema_not_the_key_path():
    assert parameter_label("policies.training.intensity") == "Training (intensity)"
    assert parameter_label("policies.lower_registration_threshold.start") == (
        "Lower registration threshold (start month)"
    )
    assert parameter_label("residents.peer_weight") == "Weight of neighbours' participation (logit)"
    assert parameter_label("residents.peer_weight", unit=False) == (
        "Weight of neighbours' participation"
    )
    assert parameter_label("policies.training.intensity", unit=False) == "Training (intensity)"
    assert parameter_label("x_1") == "x 1"  # a user model's symbol keeps its case
    assert parameter_label("budget_share") == "Budget share"


def test_output_scenario_and_term_labels_are_human_readable():
    assert output_label("cost_per_satisfied_resident") == (
        "Cost per satisfied resident (yuan per month)"
    )
    assert output_label("y") == "y"
    assert scenario_label("all_levels") == "All three levels"
    assert scenario_label("lower_registration_threshold") == "Lower registration threshold"
    assert scenario_label("government=on,organizations=off") == "Government on, Organizations off"
    assert term_label("government:organizations:residents") == (
        "Government × Organizations × Residents"
    )
    assert term_label("policies.training.enabled:government") == "Training (on/off) × Government"


def test_styles_fit_journal_columns_and_unknown_style_is_a_user_error():
    paper = get_style("paper")
    assert (paper.single_width, paper.double_width) == (3.5, 7.0)
    assert STYLES["presentation"].font_size > paper.font_size
    with pytest.raises(UserError, match="unknown style 'poster'"):
        get_style("poster")


@pytest.mark.parametrize(("name", "font_size"), [("paper", 8.0), ("presentation", 14.0)])
def test_style_sheets_work_with_plain_matplotlib_in_a_fresh_process(name, font_size):
    code = (
        "import json, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt; "
        f"plt.style.use('govsim.{name}'); r = matplotlib.rcParams; "
        "print(json.dumps([r['font.size'], r['axes.prop_cycle'].by_key()['color'], "
        "r['pdf.fonttype']]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    size, colors, fonttype = json.loads(done.stdout)
    assert size == font_size and fonttype == 42
    assert [c.upper() for c in colors] == list(OKABE_ITO)  # the sheet and the code agree
    assert STYLES[name].font_size == font_size  # govsim reads its sizes from the same sheet


def test_a_style_can_override_its_sheet_and_a_missing_sheet_is_a_user_error():
    big = replace(get_style("paper"), name="big", rc={"font.size": 11.0})
    assert big.font_size == 11.0 and big.rc_params()["xtick.labelsize"] == 7.0
    assert get_style("paper").font_size == 8.0  # the cached sheet was not altered
    with pytest.raises(UserError, match="no matplotlib style sheet 'govsim.poster'"):
        replace(big, sheet="govsim.poster").rc_params()


def test_unknown_output_names_the_closest_valid_one():
    with pytest.raises(UserError, match="did you mean 'participation_rate'"):
        plotting.select_outputs(["particpation_rate"], OUTPUTS)


# ---------------------------------------------------------------- each plot


def test_trajectories_one_panel_per_output_with_line_and_band_per_scenario(tables):
    fig = plotting.plot_trajectories(tables["timeseries_summary"], base="baseline")
    assert len(fig.axes) == len(OUTPUTS)
    for ax in fig.axes:
        assert len(ax.lines) == len(SCENARIOS)
        assert bands(ax) == len(SCENARIOS)
        assert ax.get_xlabel() == "Month"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "Baseline" and "All three levels" in legend
    assert fig.get_figwidth() == 7.0
    assert_readable(fig)


def test_trajectories_of_one_output_fit_a_single_column(tables):
    fig = plotting.plot_trajectories(tables["timeseries_summary"], outputs=["satisfaction"])
    assert len(fig.axes) == 1 and fig.get_figwidth() == 3.5
    assert fig.axes[0].get_title(loc="left") == "Satisfaction"


def test_monthly_metrics_start_at_month_one_state_metrics_at_zero(tables):
    ts = tables["timeseries_summary"]
    fig = plotting.plot_trajectories(ts, outputs=["service_quality", "satisfaction"])
    quality, satisfaction = fig.axes
    assert min(min(ln.get_xdata()) for ln in quality.lines) == 1
    assert min(min(ln.get_xdata()) for ln in satisfaction.lines) == 0


def test_trajectory_bands_stop_at_the_metric_range(tables):
    ts = tables["timeseries_summary"]
    ts = ts.assign(ci_low=ts["ci_low"] - 1.0, ci_high=ts["ci_high"] + 1.0)  # beyond [0, 1]
    fig = plotting.plot_trajectories(ts, outputs=["satisfaction"])
    band = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() >= 0.0 and ys.max() <= 1.0


def test_forest_plot_has_a_point_per_scenario_and_a_zero_line(tables):
    fig = plotting.plot_paired_effects(tables["paired_effects"], outputs=OUTPUTS[:2])
    assert len(fig.axes) == 2
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]  # shared by the row
    assert ticks == ["Government level", "Organization level", "Resident level", "All three levels"]
    for ax in fig.axes:
        zero = [ln for ln in ax.lines if list(ln.get_xdata()) == [0, 0]]
        assert zero, "no zero line"
        assert len(ax.containers) == len(SCENARIOS) - 1  # one errorbar per scenario
    assert "Effect vs baseline" in fig.axes[0].get_xlabel()
    assert_readable(fig)


def test_factorial_plot_lists_main_effects_then_interactions(tables):
    fig = plotting.plot_factorial_effects(tables["factorial_effects"])
    assert len(fig.axes) == len(OUTPUTS)
    ticks = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert ticks[:3] == ["Government", "Organizations", "Residents"]
    assert ticks[-1] == "Government × Organizations × Residents"
    assert len(fig.axes[0].containers) == len(TERMS)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Main effect", "Two-way interaction", "Three-way interaction"]
    assert_readable(fig)


def test_sobol_bars_show_s1_and_st_with_error_bars_and_seed_noise(tables):
    fig = plotting.plot_sobol_indices(
        tables["sobol_indices"], outputs=OUTPUTS[:2], seed_variance=tables["seed_variance"]
    )
    assert len(fig.axes) == 2
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(PARAMETERS)
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 2 and len(ax.containers) == 4  # S1 and ST, each with error bars
    assert "seed noise 4% of variance" in ax.get_title(loc="left")
    assert_readable(fig)


def test_sobol_convergence_has_s1_and_st_panels_and_a_line_per_parameter(tables):
    fig = plotting.plot_sobol_convergence(tables["sobol_convergence"], outputs=OUTPUTS[:3], top_k=4)
    assert len(fig.axes) == 6
    assert all(len(ax.lines) == len(PARAMETERS) for ax in fig.axes)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(legend) == 5 and legend[-1] == "Other parameters"
    assert_readable(fig)


def test_fast_indices_are_drawn_as_the_sobol_indices_are(tables):
    fig = plotting.plot_fast_indices(tables["fast_indices"], outputs=OUTPUTS[:1])
    (ax,) = fig.axes
    assert len([c for c in ax.containers if isinstance(c, BarContainer)]) == 2  # S1 and ST
    assert len(ax.patches) == 2 * len(PARAMETERS)
    assert ax.get_xlabel() == "FAST index"
    assert_readable(fig)


def test_rank_correlations_sort_by_absolute_prcc_and_mark_significance(tables):
    table = tables["rank_correlations"]
    output = OUTPUTS[1]
    fig = plotting.plot_rank_correlations(table, outputs=[output])
    (ax,) = fig.axes
    rows = table[table["output"] == output]
    expected = rows.reindex(rows["prcc"].abs().sort_values(ascending=False).index)
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert ticks == [parameter_label(p) for p in expected["parameter"]]  # largest |PRCC| on top
    assert len(ax.containers) == len(PARAMETERS)
    filled = [c.lines[0].get_markerfacecolor() != "white" for c in ax.containers]
    significant = (rows["prcc_low"] > 0) | (rows["prcc_high"] < 0)
    assert sum(filled) == int(significant.sum()) and 0 < sum(filled) < len(PARAMETERS)
    assert ax.get_xlim() == (-1.05, 1.05)
    assert [ln for ln in ax.lines if list(ln.get_xdata()) == [0, 0]], "no zero line"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Raises the output", "Lowers the output", "95% interval includes zero"]
    assert_readable(fig)


def test_envelope_has_a_median_and_nested_quantile_bands(tables):
    table = tables["timeseries_envelope"]
    fig = plotting.plot_envelope(table, outputs=["satisfaction", "service_quality"])
    assert len(fig.axes) == 2
    satisfaction, quality = fig.axes
    for ax in fig.axes:
        assert len(ax.lines) == 1 and bands(ax) == 2
        assert ax.get_xlabel() == "Month"
    rows = table[table["output"] == "satisfaction"]
    outer, inner = (c.get_paths()[0].vertices[:, 1] for c in satisfaction.collections)
    assert outer.min() == pytest.approx(rows["q05"].min())
    assert outer.max() == pytest.approx(rows["q95"].max())
    assert inner.min() == pytest.approx(rows["q25"].min())
    assert inner.max() == pytest.approx(rows["q75"].max())
    assert min(quality.lines[0].get_xdata()) == 1  # a monthly metric starts at month 1
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "Median" and "5th–95th percentile" in legend[2]
    assert not any("confidence" in t.lower() for t in texts(fig))
    assert_readable(fig)


# ---------------------------------------------------------------- readable without colour


def lightness_class(color) -> int:
    """The colour's CIELAB lightness L* (0-100, D65), binned in fifths: 0 (black) to 4 (white).

    Two series in the same class look alike in greyscale print and to readers who
    do not tell the hues apart: only line style or marker can separate them.
    """
    rgb = np.array(to_rgb(color))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    y = float(linear @ [0.2126, 0.7152, 0.0722])  # relative luminance, Y of XYZ
    lightness = 116 * np.cbrt(y) - 16 if y > (6 / 29) ** 3 else y * (29 / 3) ** 3
    return min(int(lightness // 20), 4)


def _look(line: Line2D) -> tuple[int, str, str]:
    marker = line.get_marker()
    linestyle = line.get_linestyle()
    return (
        lightness_class(line.get_color()),
        "" if linestyle in ("None", "none", " ", "") else linestyle,
        "" if marker in (None, "None", "none", " ", "") else str(marker),
    )


def series_looks(fig: Figure) -> dict[str, set[tuple[int, str, str]]]:
    """Every named data series of a figure (lines, points with intervals) and how each is drawn."""
    looks: dict[str, set[tuple[int, str, str]]] = {}
    for ax in fig.axes:
        for line in ax.lines:
            if not line.get_label().startswith("_"):
                looks.setdefault(line.get_label(), set()).add(_look(line))
        for container in ax.containers:
            if isinstance(container, ErrorbarContainer) and not container.get_label().startswith(
                "_"
            ):
                looks.setdefault(container.get_label(), set()).add(_look(container.lines[0]))
    return looks


def assert_readable_without_colour(fig: Figure, expected: int) -> None:
    looks = series_looks(fig)
    assert len(looks) == expected, sorted(looks)
    for name, drawn in looks.items():
        assert len(drawn) == 1, f"{name} is drawn in more than one way: {drawn}"
    alike = [
        (a, b)
        for i, (a, look_a) in enumerate(looks.items())
        for b, look_b in list(looks.items())[i + 1 :]
        if look_a == look_b
    ]
    assert alike == [], f"same lightness class, line style and marker: {alike}"


def test_lightness_classes_separate_black_mid_and_light_colours():
    assert lightness_class("#000000") == 0 and lightness_class("#FFFFFF") == 4
    assert lightness_class(OKABE_ITO[0]) == 2  # blue, L* about 47
    assert lightness_class(OKABE_ITO[5]) == 2  # vermillion, L* about 54: the same class
    assert lightness_class(OKABE_ITO[6]) == 4  # yellow, L* about 88


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_scenarios_in_trajectories_differ_by_line_style_or_marker_not_colour_alone(tables, lang):
    if lang == "zh" and cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-noto-cjk)")
    fig = plotting.plot_trajectories(tables["timeseries_summary"], base="baseline", lang=lang)
    assert_readable_without_colour(fig, len(SCENARIOS))
    handles = fig.legends[0].legend_handles
    assert len({(_look(h)[1], _look(h)[2]) for h in handles}) == len(SCENARIOS)  # the key says so


def test_eight_factorial_cells_stay_apart_without_colour(tables):
    base = tables["timeseries_summary"]
    base = base[base["scenario"] == "baseline"]
    cells = [
        f"government={g},organizations={o},residents={r}"
        for g in ("off", "on")
        for o in ("off", "on")
        for r in ("off", "on")
    ]
    table = pd.concat([base.assign(scenario=c, mean=base["mean"] + i) for i, c in enumerate(cells)])
    fig = plotting.plot_trajectories(table, outputs=["satisfaction"])
    assert_readable_without_colour(fig, len(cells))


def test_effects_keep_each_scenario_s_marker_and_orders_differ_without_colour(tables):
    paired = plotting.plot_paired_effects(tables["paired_effects"])
    assert_readable_without_colour(paired, len(SCENARIOS) - 1)
    trajectories = plotting.plot_trajectories(tables["timeseries_summary"], base="baseline")
    markers = {name: look.pop()[2] for name, look in series_looks(trajectories).items()}
    for name, look in series_looks(paired).items():
        assert look.pop()[2] == markers[name], name  # the same marker in both figures
    assert_readable_without_colour(plotting.plot_factorial_effects(tables["factorial_effects"]), 3)
    convergence = plotting.plot_sobol_convergence(tables["sobol_convergence"])
    assert_readable_without_colour(convergence, plotting.CONVERGENCE_TOP_K)


def test_lines_are_named_at_their_ends_where_there_is_room(tables):
    ts = tables["timeseries_summary"]
    names = {scenario_label(s) for s in SCENARIOS}
    one = plotting.plot_trajectories(ts, outputs=["satisfaction"], base="baseline")
    assert {t.get_text() for t in one.axes[0].texts} == names
    full_row = plotting.plot_trajectories(ts, outputs=OUTPUTS[:3], base="baseline")
    assert all(not ax.texts for ax in full_row.axes)  # no room: the legend names them
    four = plotting.plot_trajectories(ts, outputs=OUTPUTS, base="baseline")
    assert [bool(ax.texts) for ax in four.axes] == [False, False, False, True]
    squeezed = plotting.plot_trajectories(  # lines ending at one value cannot be named apart
        ts.assign(mean=0.5),
        outputs=["satisfaction"],
        scenarios=SCENARIOS * 1,
        base="baseline",
        style=replace(get_style("paper"), panel_height=0.6),
    )
    assert not squeezed.axes[0].texts


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("style", ["paper", "presentation"])
def test_morris_labels_the_top_parameters_without_overlap(tables, style):
    fig = plotting.plot_morris(tables["morris"], top_k=6, style=style)
    assert len(fig.axes) == len(OUTPUTS)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        assert len(ax.texts) == 6
        # Text's own extent: an Annotation's would include its leader line.
        boxes = [Text.get_window_extent(t, renderer) for t in ax.texts]
        frame = ax.get_window_extent(renderer)
        for i, box in enumerate(boxes):
            assert all(not _boxes_overlap(box, other) for other in boxes[i + 1 :])
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1
        assert "μ*" in ax.get_xlabel() and "σ" in ax.get_ylabel()
    assert_readable(fig)


def test_network_marks_participation_by_fill_and_organizations_by_marker(tables):
    nodes, edges = tables["network_nodes"], tables["network_edges"]
    fig = plotting.plot_network(nodes, edges, seed=3)
    (ax,) = fig.axes
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[-3:] == ["Participating", "Not participating", "Organization"]
    assert sum(t.startswith("Community") for t in legend) == 7
    points = sum(
        len(c.get_offsets())
        for c in ax.collections
        if hasattr(c, "get_sizes") and len(c.get_sizes())
    )
    assert points == len(nodes)
    again = plotting.plot_network(nodes, edges, seed=3)
    first = [c.get_offsets().tolist() for c in ax.collections[2:]]
    second = [c.get_offsets().tolist() for c in again.axes[0].collections[2:]]
    assert first == second, "the seeded layout is not reproducible"


def visible_texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty piece of text of a drawn figure."""
    found: list[Text] = list(fig.texts)
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        found += ax.texts
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = min(low, high), max(low, high)
            # Ticks outside the view limits exist but are not drawn.
            found += [
                tick.label1
                for tick in axis.get_major_ticks()
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9
            ]
    for legend in fig.legends:
        found += legend.get_texts()
    return [t for t in found if t.get_visible() and t.get_text().strip()]


DRAWERS = {
    "trajectories": lambda t, st, lang="en": plotting.plot_trajectories(
        t["timeseries_summary"], base="baseline", style=st, lang=lang
    ),
    "paired_effects": lambda t, st, lang="en": plotting.plot_paired_effects(
        t["paired_effects"], style=st, lang=lang
    ),
    "factorial": lambda t, st, lang="en": plotting.plot_factorial_effects(
        t["factorial_effects"], style=st, lang=lang
    ),
    "sobol": lambda t, st, lang="en": plotting.plot_sobol_indices(
        t["sobol_indices"], seed_variance=t["seed_variance"], style=st, lang=lang
    ),
    "convergence": lambda t, st, lang="en": plotting.plot_sobol_convergence(
        t["sobol_convergence"], style=st, lang=lang
    ),
    "morris": lambda t, st, lang="en": plotting.plot_morris(t["morris"], style=st, lang=lang),
    "network": lambda t, st, lang="en": plotting.plot_network(
        t["network_nodes"], t["network_edges"], style=st, lang=lang
    ),
    "fast": lambda t, st, lang="en": plotting.plot_fast_indices(
        t["fast_indices"], style=st, lang=lang
    ),
    "rank_correlations": lambda t, st, lang="en": plotting.plot_rank_correlations(
        t["rank_correlations"], style=st, lang=lang
    ),
    "envelope": lambda t, st, lang="en": plotting.plot_envelope(
        t["timeseries_envelope"], style=st, lang=lang
    ),
    "patterns": lambda t, st, lang="en": plotting.plot_patterns(t["patterns"], style=st, lang=lang),
    "survival": lambda t, st, lang="en": plotting.plot_survival(
        t["pattern_survival"], style=st, lang=lang
    ),
    "effect_distribution": lambda t, st, lang="en": plotting.plot_effect_ecdf(
        t["robustness_point_effects"], OUTPUTS[:2], style=st, lang=lang
    ),
    "share_positive": lambda t, st, lang="en": plotting.plot_share_positive(
        t["robustness_effects"], OUTPUTS[:2], style=st, lang=lang
    ),
    "claim_distribution": lambda t, st, lang="en": plotting.plot_claim_ecdf(
        t["robustness_point_claims"], style=st, lang=lang
    ),
    "regret": lambda t, st, lang="en": plotting.plot_regret(
        t["robustness_regret"], style=st, lang=lang
    ),
    "prim_tradeoff": lambda t, st, lang="en": plotting.plot_prim_tradeoff(
        t["discovery_trajectory"], QUESTION, 0.8, style=st, lang=lang
    ),
    "box_limits": lambda t, st, lang="en": plotting.plot_box_limits(
        t["discovery_limits"], QUESTION, style=st, lang=lang
    ),
    "feature_scores": lambda t, st, lang="en": plotting.plot_feature_scores(
        t["discovery_scores"], QUESTION, style=st, lang=lang
    ),
}


def overlapping_texts(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts of a drawn figure whose boxes overlap."""
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    texts = visible_texts(fig)
    boxes = [Text.get_window_extent(t, renderer).shrunk(0.98, 0.9) for t in texts]
    return [
        (texts[i].get_text(), texts[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if _boxes_overlap(boxes[i], boxes[j])
    ]


@pytest.mark.parametrize("style", ["paper", "presentation"])
@pytest.mark.parametrize("name", list(DRAWERS))
def test_no_text_overlaps_other_text(tables, name, style):
    assert overlapping_texts(DRAWERS[name](tables, style)) == []


@pytest.mark.parametrize("name", list(DRAWERS))
def test_no_chinese_text_overlaps_other_text(tables, name):
    if cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-noto-cjk)")
    assert overlapping_texts(DRAWERS[name](tables, "paper", "zh")) == []


def test_a_table_lacking_columns_is_a_user_error(tables):
    with pytest.raises(UserError, match="lacks column"):
        plotting.plot_morris(tables["morris"].drop(columns=["sigma"]))


# ---------------------------------------------------------------- govsim figures


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, list[Path]]:
    root = write_fake_experiment(tmp_path_factory.mktemp("fig") / "policy_levels")
    return root, write_figures(root)


def test_write_figures_writes_pdf_and_300_dpi_png_for_every_table(written):
    root, paths = written
    stems = {p.stem for p in paths}
    assert stems == {
        "trajectories",
        "paired_effects",
        "factorial_effects",
        "sobol_indices",
        "sobol_convergence",
        "morris",
        "network",
        "fast_indices",
        "rank_correlations",
        "envelope",
        "patterns",
        "survival",
        "effect_distribution",
        "share_positive",
        "claim_distribution",
        "regret",
        *(f"{n}_{q}" for n in ("prim_tradeoff", "box_limits", "feature_scores") for q in (1, 2)),
    }
    assert {p.suffix for p in paths} == {".pdf", ".png"}
    for path in paths:
        assert path.parent == root / "figures" and path.stat().st_size > 5000
        if path.suffix == ".pdf":
            data = path.read_bytes()
            assert data[:5] == b"%PDF-"
            assert b"/FontFile2" in data and b"/Type3" not in data  # editable TrueType text
        else:
            dpi = Image.open(path).info["dpi"]
            assert round(dpi[0]) == 300


def test_figures_are_byte_identical_when_redrawn(written, tmp_path):
    root, _ = written
    copy = tmp_path / "again"
    shutil.copytree(root / "tables", copy / "tables")
    write_figures(copy, outputs=["satisfaction"], formats=["pdf"])
    first = (copy / "figures" / "trajectories.pdf").read_bytes()
    write_figures(copy, outputs=["satisfaction"], formats=["pdf"])
    assert (copy / "figures" / "trajectories.pdf").read_bytes() == first


def test_only_the_figures_the_tables_call_for_are_drawn(tmp_path):
    root = write_fake_experiment(tmp_path / "exp")
    keep = {"runs", "scenario_means", "paired_effects", "timeseries_summary", "network_nodes"}
    for csv in (root / "tables").glob("*.csv"):
        if csv.stem not in keep | {"network_edges"}:
            csv.unlink()
    names = [d.name for d in draw_figures(load_results(root))]
    assert names == ["trajectories", "paired_effects", "network"]
    (root / "tables" / "network_edges.csv").unlink()  # the network needs both of its tables
    assert [d.name for d in draw_figures(load_results(root))] == ["trajectories", "paired_effects"]


def test_each_figure_draws_the_tables_the_registry_gives_it():
    drawn_by = {spec.figure for spec in TABLES if spec.figure}
    assert drawn_by == {spec.name for spec in SPECS}  # no table without its figure, and back
    assert figure_spec("network").tables == ("network_nodes", "network_edges")
    assert figure_spec("rank_correlations").tables == ("rank_correlations",)
    assert figure_spec("envelope").tables == ("timeseries_envelope",)


def _captions(root: Path, **meta) -> dict[str, str]:
    results = load_results(root)
    results.metadata.update(meta)
    return {d.name: d.caption for d in draw_figures(results, outputs=["satisfaction"])}


def test_captions_state_the_replications_and_only_the_intervals_computed(tmp_path):
    root = write_fake_experiment(tmp_path / "exp")
    captions = _captions(root)
    assert "mean over 10 replications" in captions["trajectories"]
    assert "95% confidence interval (band)" in captions["trajectories"]
    one = _captions(root, replications=1)
    for name in ("trajectories", "paired_effects", "factorial_effects"):
        assert "one replication" in one[name] and "no confidence interval" in one[name]
        assert "replications" not in one[name] and "95%" not in one[name], one[name]
    envelope = captions["envelope"]
    assert "5 sampled parameter points, each run with 10 seeds" in envelope
    assert "not confidence intervals" in envelope and "95%" not in envelope
    assert "200 sampled points" in captions["rank_correlations"]
    assert "Fisher's z" in captions["rank_correlations"]
    assert "indicative" in captions["fast_indices"]


def test_many_outputs_are_split_over_pages(tmp_path):
    root = write_fake_experiment(tmp_path / "exp")
    morris = pd.read_csv(root / "tables" / "morris.csv")
    extra = morris.assign(output=morris["output"] + "_b")
    pd.concat([morris, extra]).to_csv(root / "tables" / "morris.csv", index=False)
    results = load_results(root)
    results.metadata["outputs"] = [*OUTPUTS, *(o + "_b" for o in OUTPUTS)]
    pages = [d for d in draw_figures(results, outputs=None) if d.name.startswith("morris")]
    assert [d.name for d in pages] == ["morris_1", "morris_2"]
    assert [len(d.figure.axes) for d in pages] == [4, 4]


def test_cli_figures_with_outputs_format_and_style(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    code = main(
        [
            "figures",
            str(root),
            "--outputs",
            "satisfaction,participation_rate",
            "--format",
            "svg",
            "--style",
            "presentation",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out.split()
    assert printed and all(p.endswith(".svg") and Path(p).stat().st_size > 0 for p in printed)
    assert (root / "figures" / "trajectories.svg").is_file()


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (lambda d: None, [], "no such directory"),
        (lambda d: d.mkdir(), [], "not a govsim experiment directory"),
        (lambda d: write_fake_experiment(d, finished=None), [], "is unfinished"),
        (lambda d: write_fake_experiment(d, n_done=40), [], r"unfinished \(41 of 50 runs done"),
        (
            lambda d: write_fake_experiment(d),
            ["--outputs", "particpation_rate"],
            "did you mean 'participation_rate'",
        ),
        (lambda d: write_fake_experiment(d), ["--format", "jpg"], "unknown figure format"),
    ],
    ids=["missing", "not-an-experiment", "unfinished", "runs-missing", "bad-output", "bad-format"],
)
def test_cli_figures_bad_input_exits_2_with_a_clear_message(tmp_path, capsys, make, args, message):
    target = tmp_path / "exp"
    make(target)
    assert main(["figures", str(target), *args]) == 2
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert "Traceback" not in err


def test_cli_figures_tables_without_any_table_exits_2(tmp_path, capsys):
    root = write_fake_experiment(tmp_path / "exp")
    for csv in (root / "tables").glob("*.csv"):
        csv.unlink()
    assert main(["figures", str(root)]) == 2
    assert "holds no analysis table" in capsys.readouterr().err


def test_every_figure_names_the_govsim_that_drew_it_and_the_results_it_shows(experiment_dir):
    from PIL import Image

    from govsim import __version__
    from govsim.outputs.figures import write_figures

    paths = write_figures(experiment_dir, formats=["png", "pdf"])
    png = next(p for p in paths if p.suffix == ".png")
    info = Image.open(png).info
    assert info["Software"].startswith(f"govsim {__version__}")
    assert info["Source"].startswith("results of ")
    pdf = next(p for p in paths if p.suffix == ".pdf").read_bytes()
    assert f"govsim {__version__}".encode() in pdf
    assert b"results of " in pdf
