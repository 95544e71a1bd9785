"""The ``govsim`` command line: one module per subcommand, wired by :mod:`govsim.cli.main`.

Each command is a thin layer over the public API and imports heavy libraries
only inside the handler that needs them.
"""
