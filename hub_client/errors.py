"""Exceptions of the hub client."""

from __future__ import annotations


class HubClientError(Exception):
    """Base class: talking to the hub did not work."""


class HubNotFound(HubClientError):
    """No hub answered on the LAN within the time allowed."""


class HubUnreachable(HubClientError):
    """The hub's address is known but it does not answer."""


class HubRefused(HubClientError):
    """The hub answered with an error (4xx/5xx); `code` and `message` say why."""

    def __init__(self, status: int, code: str, message: str, message_en: str = "") -> None:
        super().__init__(message_en or message)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en


class UnexpectedReply(HubClientError):
    """The hub answered, but not with the reply the protocol describes (a hub of a far
    older or newer version, or something else listening at that address)."""


class DiscoveryStopped(HubNotFound):
    """The search for the hub was stopped before it found one."""
