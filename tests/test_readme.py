"""The README's policy table and test command stay true."""

from pathlib import Path

from govsim.outputs.reference import policy_table

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_policy_table_is_the_generated_one():
    assert policy_table().strip() in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = next(line for line in ci.splitlines() if "pytest" in line)
    assert test_line.strip() in README
