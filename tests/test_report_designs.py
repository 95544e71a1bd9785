"""Every design, end to end: experiment file -> analyze -> figures -> report.

Each design runs on a small function with a known answer from
``govsim.testing.functions``, sequentially and with few points, and the report
must show that design's own results table and figure, with captions that claim
only what the design computed.
"""

from __future__ import annotations

import math
import re
from html import unescape
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

from govsim.analysis.tables import SAMPLED
from govsim.cli.main import main

RANGE = f"{{ low = {-math.pi!r}, high = {math.pi!r} }}"
ISHIGAMI = f"""
model = "govsim.testing.functions:ishigami"
[parameters]
x1 = {RANGE}
x2 = {RANGE}
x3 = {RANGE}
"""
G = "\n".join(
    ['model = "govsim.testing.functions:sobol_g"', "[parameters]"]
    + [f"x{i} = {{ low = 0.0, high = 1.0 }}" for i in range(1, 7)]
)
# A Mesa model with time series: its value grows by `rate` a step, plus seeded noise.
COUNTER = """
model = "govsim.testing.functions:CounterModel"
steps = 5
timeseries = true
"""


class Case(NamedTuple):
    """One design's experiment and what its report must show."""

    body: str  # the experiment file after name, design and root_seed
    table: str  # the design's own results table
    figure: str  # the figure drawing it
    row: str  # a row label that table shows


CASES = {
    "compare": Case(
        COUNTER
        + """replications = 3
overrides = { rate = 1.0 }
[compare]
scenarios = [{ name = "fast", overrides = { rate = 2.0 } }]
""",
        "paired_effects",
        "paired_effects",
        "Fast",
    ),
    "factorial": Case(
        """model = "govsim.testing.functions:noisy_linear"
replications = 3
[factorial.factors.x]
low = { x = 0.0 }
high = { x = 1.0 }
[factorial.factors.z]
off = { z = 0.0 }
on = { z = 3.0 }
""",
        "factorial_effects",
        "factorial_effects",
        "x × z",
    ),
    "lhs": Case(
        COUNTER
        + """[parameters]
rate = { low = 0.5, high = 2.0 }
noise = { low = 0.0, high = 0.5 }
[lhs]
samples = 40
""",
        "rank_correlations",
        "rank_correlations",
        "Rate",
    ),
    "sobol": Case(ISHIGAMI + "[sobol]\nn = 128\n", "sobol_indices", "sobol_indices", "x1"),
    "morris": Case(G + "\n[morris]\ntrajectories = 10\nlevels = 4\n", "morris", "morris", "x1"),
    "fast": Case(ISHIGAMI + "[fast]\nn = 200\n", "fast_indices", "fast_indices", "x1"),
}


def _cli(*args: object) -> None:
    assert main([str(a) for a in args]) == 0, args


@pytest.fixture(scope="module", params=list(CASES))
def done(request, tmp_path_factory) -> tuple[str, Path, str]:
    """(design, experiment directory, report HTML) after the whole pipeline."""
    design = request.param
    folder = tmp_path_factory.mktemp(design)
    body = CASES[design].body
    exp = folder / "experiment.toml"
    exp.write_text(f'name = "{design}_check"\ndesign = "{design}"\nroot_seed = 4\n{body}')
    out = folder / "out"
    _cli("experiment", exp, "--out", out, "--workers", "1")
    _cli("analyze", out)
    _cli("figures", out, "--format", "png")
    _cli("report", out)
    return design, out, (out / "report.html").read_text(encoding="utf-8")


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / f"{name}.csv")


def _captions(html: str) -> dict[str, str]:
    found = re.findall(r'<figure id="fig-([\w]+)">.*?<figcaption>(.*?)</figcaption>', html, re.S)
    return {name: unescape(re.sub(r"<[^>]+>", "", text)) for name, text in found}


def test_the_report_shows_the_design_s_own_results_table_and_figure(done):
    design, out, html = done
    case = CASES[design]
    results = html[html.index('<section id="results">') : html.index('<section id="figures">')]
    block = results[results.index(f'<div id="table-{case.table}">') :]
    assert f"<td>{case.row}</td>" in block.split("</div>\n</div>")[0]
    assert case.figure in _captions(html)
    assert (out / "figures" / f"{case.figure}.png").stat().st_size > 0


def test_the_results_are_the_known_answers(done):
    design, out, _ = done
    if design == "compare":  # common seeds: the noise cancels, the rate adds 1 a step
        effect = _table(out, "paired_effects").set_index("scenario").loc["fast", "effect"]
        assert effect == pytest.approx(5.0)
    elif design == "factorial":
        effects = _table(out, "factorial_effects").query("output == 'y'").set_index("term")
        assert effects.loc["x", "effect"] == pytest.approx(2.0)
        assert effects.loc["z", "effect"] == pytest.approx(3.0)
    elif design == "lhs":
        prcc = _table(out, "rank_correlations").set_index("parameter")["prcc"]
        assert prcc["rate"] > 0.9  # the value is almost rate x steps
    elif design == "morris":  # x1 and x2 (a = 0, 1) are the influential inputs of G
        ranked = _table(out, "morris").sort_values("mu_star", ascending=False)["parameter"]
        assert set(ranked[:2]) == {"x1", "x2"}
    else:  # Ishigami: x2 has the largest first-order index, x3 none alone
        indices = _table(out, f"{design}_indices").set_index("parameter")["S1"]
        assert indices.idxmax() == "x2" and abs(indices["x3"]) < 0.1


def test_no_caption_claims_an_interval_the_design_does_not_have(done):
    design, _, html = done
    captions = _captions(html)
    if design == "compare":
        assert "mean over 3 replications" in captions["trajectories"]
        assert "95% confidence interval (band)" in captions["trajectories"]
        assert "Step 0 is the initial state" in captions["trajectories"]  # a user model's steps
    if design in SAMPLED:  # runs with different parameters: no mean with an interval
        assert "trajectories" not in captions
    if design == "lhs":  # the one sampled case with time series here
        envelope = captions["envelope"]
        assert "40 sampled parameter points" in envelope
        assert "not confidence intervals" in envelope and "95%" not in envelope
