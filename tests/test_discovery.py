"""Finding the hub: real zeroconf on loopback, and the configured-URL override."""

from __future__ import annotations

import httpx
import pytest

from hub_client import HubNotFound, discover, resolve_hub_url
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


def test_an_appliance_finds_the_hub_on_the_lan(data_dir) -> None:  # type: ignore[no-untyped-def]
    hub = HubProcess(data_dir, advertise=True)
    hub.start()
    try:
        found = discover(timeout=10, interfaces=["127.0.0.1"])
    finally:
        hub.stop()
        hub.process.wait(10)  # type: ignore[union-attr]
    assert found.url == hub.url
    assert found.office == "MPP Samarinda"
    assert found.version
    assert found.name.startswith("MPP Samarinda (")


def test_found_url_answers(data_dir) -> None:  # type: ignore[no-untyped-def]
    hub = HubProcess(data_dir, advertise=True)
    hub.start()
    try:
        url = resolve_hub_url(None, timeout=10, interfaces=["127.0.0.1"])
        health = httpx.get(f"{url}/health", timeout=5).json()
    finally:
        hub.stop()
    assert health["status"] == "ok"


def test_nobody_there_is_a_clear_error() -> None:
    with pytest.raises(HubNotFound, match="set hub.url in the config"):
        discover(timeout=0.5, interfaces=["127.0.0.1"])


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("http://10.0.0.5:8470", "http://10.0.0.5:8470/api/v1"),
        ("http://hub.local:8470/api/v1/", "http://hub.local:8470/api/v1"),
    ],
)
def test_a_configured_url_skips_discovery(configured: str, expected: str) -> None:
    assert resolve_hub_url(configured) == expected


def test_a_bad_configured_url_is_refused() -> None:
    with pytest.raises(ValueError, match="http://HOST:PORT"):
        resolve_hub_url("hub.local:8470")
