"""Subcommands of the ``govsim`` command line, one module each."""

from __future__ import annotations

__all__ = ["comma_list"]


def comma_list(text: str) -> list[str]:
    """An option value such as ``"a, b,c"`` as ``["a", "b", "c"]`` (empty parts dropped)."""
    return [part.strip() for part in text.split(",") if part.strip()]
