"""The errors a run reports by exit status (gpsi.cli.main maps each to one)."""

from __future__ import annotations


class BuildError(RuntimeError):
    pass


class LockError(RuntimeError):
    """Another gpsi process holds the warehouse."""


class NotLoadedError(Exception):
    """A command that needs landed raw data, run before any load."""


class ShrinkError(BuildError):
    """A build that would publish materially less than the published warehouse."""
