"""Subcommands beyond the takeaway tools, registered with the CLI parser."""

from __future__ import annotations

from .cli import EXTRA_COMMANDS  # noqa: F401
