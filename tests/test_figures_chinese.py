"""`govsim figures --lang zh` and `govsim report --lang zh`: Chinese from the catalogue, CJK glyphs.

A missing glyph is a matplotlib UserWarning; every drawing here runs with
warnings as errors. Without a CJK font, figures fall back to English with one
line on stderr (the font lookup is replaced to test that on any machine).
"""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest
from fake_experiment import write_fake_experiment
from matplotlib.backends.backend_agg import FigureCanvasAgg

from govsim.analysis.results import load_results
from govsim.cli.main import main
from govsim.i18n import fonts
from govsim.outputs import plotting
from govsim.outputs.figures import SPECS, draw_figures, save_figure

#: Characters of the CJK Unified Ideographs block.
HAN = re.compile(r"[\u4e00-\u9fff]")

#: Latin words a Chinese figure or caption keeps: names of methods, tools and their authors.
METHOD_NAMES = {
    "Sobol", "FAST", "eFAST", "SALib", "Morris", "PRCC", "Fisher", "bootstrap", "ST",
    "PRIM", "Wilson", "Bryant", "Lempert",
}  # fmt: skip

#: What a user wrote stays as written: the name the fake experiment gives a question.
USER_TEXT = "small satisfaction gain"

needs_cjk_font = pytest.mark.skipif(
    fonts.cjk_font() is None, reason="no CJK font installed (CI installs fonts-noto-cjk)"
)


@pytest.fixture(scope="module")
def experiment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fake_experiment(tmp_path_factory.mktemp("zh") / "policy_levels")


def _texts(figure) -> list[str]:
    found = []
    for ax in figure.axes:
        found += [ax.get_title(loc="left"), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
    for legend in figure.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return [t for t in found if t]


def _english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", text.replace(USER_TEXT, ""))) - METHOD_NAMES


def _figure_name(page: str) -> str:
    """The figure a page belongs to: ``prim_tradeoff_2`` -> ``prim_tradeoff``."""
    return re.sub(r"_\d+$", "", page)


#: Two outputs, one a share and one in yuan, keep the drawing quick but cover both kinds of unit.
SHOWN = ["participation_rate", "cost_per_satisfied_resident"]


@pytest.fixture(scope="module")
def drawn_zh(experiment: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    if fonts.cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-noto-cjk)")
    out = tmp_path_factory.mktemp("pdf")
    drawn = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        for figure in draw_figures(load_results(experiment), outputs=SHOWN, lang="zh"):
            FigureCanvasAgg(figure.figure).draw()
            save_figure(figure.figure, out / f"{figure.name}.pdf")
            drawn[figure.name] = figure
    return drawn


def test_every_figure_in_chinese_draws_every_glyph_and_says_nothing_in_english(
    drawn_zh: dict,
) -> None:
    assert {_figure_name(page) for page in drawn_zh} == {spec.name for spec in SPECS}
    for name, figure in drawn_zh.items():
        texts = _texts(figure.figure)
        assert any(HAN.search(t) for t in texts), name
        english = set().union(*(_english_words(t) for t in texts))
        assert english == set(), (name, english)
        assert HAN.search(figure.title) and HAN.search(figure.caption), name
        assert _english_words(figure.caption + figure.title) == set(), figure.caption


def test_chinese_labels_follow_the_catalogue(drawn_zh: dict) -> None:
    trajectories = drawn_zh["trajectories"].figure
    legend = [t.get_text() for t in trajectories.legends[0].get_texts()]
    assert legend == ["现状", "政府层面对策", "社会组织层面对策", "居民层面对策", "三个层面协同"]
    assert trajectories.axes[0].get_title(loc="left") == "居民参与率"
    assert trajectories.axes[0].get_xlabel() == "月份"
    assert trajectories.axes[1].get_ylabel() == "元/月"
    paired = drawn_zh["paired_effects"].figure
    assert paired.axes[0].get_xlabel() == "相对现状的效应\n（居民占比）"
    assert "10 次重复" in drawn_zh["trajectories"].caption
    morris = [t.get_text() for t in drawn_zh["morris"].figure.axes[0].texts]
    assert "加强人员培训（力度）" in morris


def test_chinese_labels_of_patterns_robustness_and_discovery_follow_the_catalogue(
    drawn_zh: dict,
) -> None:
    patterns = drawn_zh["patterns"].figure
    assert patterns.axes[0].get_ylabel() == "P1 居民参与率，现状，最后 24 个月"
    legend = [t.get_text() for t in patterns.legends[0].get_texts()]
    assert set(legend) <= {"成立", "不成立", "不确定", "不作判定", "界限中判据成立的一侧"}
    survival = [t.get_text() for t in drawn_zh["survival"].figure.legends[0].get_texts()]
    assert any(t.startswith("依赖型（政府资金占比高）（n = ") for t in survival), survival
    claims = [t.get_text() for t in drawn_zh["claim_distribution"].figure.legends[0].get_texts()]
    assert "三个层面协同相对最佳单一层面" in claims
    tradeoff = drawn_zh["prim_tradeoff_2"].figure.axes[0]
    assert tradeoff.get_title(loc="left") == "三个层面协同对居民满意度的效应 ≥ 0.03"
    assert "全部 60 个点中有" in drawn_zh["prim_tradeoff_2"].caption


@needs_cjk_font
def test_chinese_pdfs_embed_truetype_and_are_byte_identical_when_redrawn(
    experiment: Path, tmp_path: Path
) -> None:
    table = load_results(experiment).table("timeseries_summary")
    written = []
    for attempt in ("first", "second"):
        figure = plotting.plot_trajectories(table, ["satisfaction"], base="baseline", lang="zh")
        written.append(save_figure(figure, tmp_path / f"{attempt}.pdf").read_bytes())
    assert written[0] == written[1]
    # two embedded TrueType fonts, editable in a journal's tools: Latin and Chinese
    assert written[0].count(b"/FontFile2") == 2 and b"/Type3" not in written[0]


@needs_cjk_font
def test_govsim_figures_lang_zh_writes_chinese_figures(
    experiment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "cli"
    shutil.copytree(experiment / "tables", copy / "tables")
    args = ["figures", str(copy), "--lang", "zh", "--format", "svg", "--outputs", "satisfaction"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert out.err == ""
    svg = (copy / "figures" / "trajectories.svg").read_text(encoding="utf-8")
    assert "居民满意度" in svg and "月份" in svg and "Month" not in svg


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "cjk_font", lambda: None)


def test_without_a_cjk_font_figures_fall_back_to_english_with_one_line(
    experiment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_cjk_font: None
) -> None:
    copy = tmp_path / "nofont"
    shutil.copytree(experiment / "tables", copy / "tables")
    args = ["figures", str(copy), "--lang", "zh", "--format", "svg", "--outputs", "satisfaction"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(args) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "no Chinese font found" in err and "fonts-noto-cjk" in err and "English" in err
    svg = (copy / "figures" / "trajectories.svg").read_text(encoding="utf-8")
    assert "Month" in svg and not HAN.search(svg)


@pytest.fixture(scope="module")
def report_zh(experiment: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    if fonts.cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-noto-cjk)")
    out = tmp_path_factory.mktemp("report") / "report_zh.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        args = ["report", str(experiment), "--lang", "zh", "--out", str(out)]
        assert main([*args, "--outputs", ",".join(SHOWN)]) == 0
    return out.read_text(encoding="utf-8")


def test_the_chinese_report_says_everything_in_chinese(report_zh: str) -> None:
    assert '<html lang="zh-Hans">' in report_zh
    headings = re.findall(r"<h[23]>([^<]+)</h[23]>", report_zh)
    assert headings[:2] == ["实验设置", "实验文件"]
    assert "结果" in headings and "来源与版本" in headings and "情景均值" in headings
    assert all(HAN.search(h) for h in headings), headings
    for english in ("What was run", "Provenance", "No run failed", "Scenario means", "Figure 1"):
        assert english not in report_zh
    assert "<dt>实验设计</dt><dd>情景比较（compare）</dd>" in report_zh
    assert "<b>图 1　结果指标的时间轨迹。</b>" in report_zh
    assert "<th>情景</th><th>居民参与率 (居民占比)</th>" in report_zh
    assert "相对现状的效应" in report_zh
    for title in ("模式检验", "效应在抽样空间上的分布", "情景发现：问题", "情景发现：分类树"):
        assert title in headings, title
    assert "<th>判定</th>" in report_zh and "<th>论断</th>" in report_zh
    assert "三个层面协同相对最佳单一层面" in report_zh  # a claim, from the catalogue
    # two questions of a scenario discovery: their three figures twice
    assert report_zh.count('src="data:image/png;base64,') == len(SPECS) + 3


def test_the_chinese_report_without_a_cjk_font_keeps_its_text_and_says_so(
    experiment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_cjk_font: None
) -> None:
    out = tmp_path / "report.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        args = ["report", str(experiment), "--lang", "zh", "--out", str(out)]
        assert main([*args, "--outputs", "satisfaction"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Chinese font found" in err
    assert "<h2>实验设置</h2>" in out.read_text(encoding="utf-8")
