"""Exceptions of the shared helpers; each becomes a user-facing message only at the edge."""

from __future__ import annotations


class CommonError(Exception):
    """Base class of every error the shared helpers raise on purpose."""


class ConfigError(CommonError):
    """The office config file is missing, unreadable or invalid; the message names the
    file, the key and what is allowed there."""
