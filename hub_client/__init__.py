"""How an appliance reaches the hub: discovery on the LAN and a small HTTP client."""

from hub_client.client import HubClient
from hub_client.clock import HubClock
from hub_client.discovery import HubLocation, discover, resolve_hub_url
from hub_client.errors import (
    DiscoveryStopped,
    HubClientError,
    HubNotFound,
    HubRefused,
    HubUnreachable,
    UnexpectedReply,
)

__all__ = [
    "DiscoveryStopped",
    "HubClient",
    "HubClock",
    "HubClientError",
    "HubLocation",
    "HubNotFound",
    "HubRefused",
    "HubUnreachable",
    "UnexpectedReply",
    "discover",
    "resolve_hub_url",
]
