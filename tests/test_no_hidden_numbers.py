"""No behavioural number hides in the model's code: every coefficient is a scenario parameter.

An AST scan of the model package finds every numeric literal. What may remain
is the ends of a scale (0, 1), counting and indexing, and a few named units;
anything else must be a scenario parameter with a range and a source
(``[mechanisms]`` and the other tables of the schema).
"""

from __future__ import annotations

import ast
from pathlib import Path

import govsim.model

#: The numbers the model's code may contain, and why.
ALLOWED = {
    0: "the low end of a scale, an empty count, the first index",
    1: "the high end of a scale, one more, a share's complement",
    2: "a pair: the two ends of a tie, two draws per resident, Gini's formula",
    3: "the three random streams of a run (initial state, graph, dynamics)",
    12: "months in a year (organizations.MONTHS)",
    100: "percent per share (registration.PERCENT)",
    10_000: "residents per rate unit (registration.PER_10K)",
    300: "residents drawn in a network snapshot for a figure (snapshot.MAX_RESIDENTS)",
}


#: Modules of the model package that hold no mechanism, and why their numbers may stay.
NOT_MECHANISMS = {
    "warmup.py": "the size of a cache of warmed-up states, not a property of the street",
    "limits.py": "how much work kernels hold in memory at once; no number depends on it",
    "compiled.py": (
        "loops that compute the numbers of their numpy definitions (tests/test_compiled.py): "
        "numpy's summation blocks (8, 128), buckets of a search, slots of a coefficient array"
    ),
}


def _literals(path: Path) -> list[tuple[int, float]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ]


def test_model_code_holds_only_units_indices_and_scale_ends():
    package = Path(govsim.model.__file__).parent
    found = [
        f"{path.name}:{line}: {value}"
        for path in sorted(package.glob("*.py"))
        if path.name not in NOT_MECHANISMS
        for line, value in _literals(path)
        if value not in ALLOWED
    ]
    assert found == [], "numbers that should be scenario parameters:\n" + "\n".join(found)


def test_the_scan_finds_a_hidden_coefficient(tmp_path):
    code = tmp_path / "mechanism.py"
    code.write_text("def gain(x):\n    return 0.03 * x\n", encoding="utf-8")
    assert (2, 0.03) in _literals(code)
