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


def test_readme_example_policy_registers_and_moves_its_lever():
    import re

    from govsim.model.model import GovernanceModel
    from govsim.policies import registered, unregister

    section = README.split("## Adding a policy")[1].split("\n## ")[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    try:
        assert "neighbourhood_councils" in registered()
        model = GovernanceModel(
            None,
            seed=1,
            n_residents=200,
            policies__neighbourhood_councils__enabled=True,
            policies__neighbourhood_councils__intensity=0.7,
        )
        model.step()
        assert model.levers.innovation == 0.7
    finally:
        unregister("neighbourhood_councils")


def test_readme_metric_table_is_the_generated_one():
    from govsim.outputs.reference import metric_summary

    assert metric_summary() in README
