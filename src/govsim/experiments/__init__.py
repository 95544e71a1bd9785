"""The experiment engine: experiment files, designs, seeds, executors and the result store.

Typical use::

    from govsim.experiments.engine import run_experiment
    from govsim.analysis.analyze import analyze

    summary = run_experiment("experiments/policy_levels.toml", workers=2)
    analyze(summary.out)
"""
