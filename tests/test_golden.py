"""The seeded baseline must not change silently.

If a change of behaviour is deliberate, regenerate the file with
``python scripts/update_golden.py`` and say why in the commit message.
"""

import importlib.util
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_golden", ROOT / "scripts/update_golden.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_baseline_matches_the_golden_file_exactly():
    script = _script()
    expected = pd.read_csv(script.GOLDEN)
    actual = script.golden_frame()
    pd.testing.assert_frame_equal(actual, expected, check_exact=True, check_dtype=False)
