"""Inputs: the scenario schema, scenario files (TOML with ``extends``) and the bundled scenarios.

The lowest layer of govsim above the policies: it reads and validates what a
user writes, and knows nothing of the model that runs it.
"""
