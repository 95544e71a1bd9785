"""Subcommands of the ``govsim`` command line, one module each."""
