"""Exceptions of the hub package; each becomes a user-facing message only at the edge."""

from __future__ import annotations

from common.errors import ConfigError

__all__ = ["ConfigError", "HubError", "StoreError", "TokenError"]


class HubError(Exception):
    """Base class of every error the hub raises on purpose."""


class StoreError(HubError):
    """The SQLite store cannot be opened or migrated."""


class TokenError(HubError):
    """A token operation was refused (unknown name, bad role)."""
