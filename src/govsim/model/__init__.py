"""The simulation: GovernanceModel, its agents, the resident population and the mechanisms.

Importing this package is cheap; Mesa loads with :mod:`govsim.model.model`.
The model never imports storage, analysis, plotting or the command line.
"""
