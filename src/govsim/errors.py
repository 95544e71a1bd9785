"""Exceptions that mean "the user gave bad input" rather than "govsim has a bug"."""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """Bad input from the user: printed without a traceback, exit code 2."""
