"""From stored runs to tables: summaries, sensitivity indices, discovery, export.

Every table is declared once in :mod:`govsim.analysis.tables`; the writers here,
:class:`~govsim.analysis.results.Results`, the figures and the report read that
declaration.
"""
