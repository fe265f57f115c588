"""Finding the hub: real zeroconf on loopback, and the configured-URL override.

Each test's hub announces an office name of its own and the appliance looks for that
office, as a real one does ([office].short_name): another hub on this machine (a demo,
a second test run) is passed over, never found instead."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from common.paths import CONFIG_DIR
from hub_client import HubNotFound, discover, resolve_hub_url
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


def office_of_its_own(data_dir: Path) -> tuple[Path, str]:
    """The demo config with an office short name no other hub on this machine has."""
    office = f"MPP Uji {uuid.uuid4().hex[:8]}"
    text = (CONFIG_DIR / "demo.toml").read_text(encoding="utf-8")
    assert 'short_name = "MPP Samarinda"' in text
    config = data_dir / "office.toml"
    config.write_text(text.replace('short_name = "MPP Samarinda"', f'short_name = "{office}"'))
    return config, office


def test_an_appliance_finds_the_hub_on_the_lan(data_dir: Path) -> None:
    config, office = office_of_its_own(data_dir)
    hub = HubProcess(data_dir, config, advertise=True)
    hub.start()
    try:
        found = discover(timeout=10, interfaces=["127.0.0.1"], office=office)
    finally:
        hub.stop()
        hub.process.wait(10)  # type: ignore[union-attr]
    assert found.url == hub.url
    assert found.office == office
    assert found.version
    assert found.name.startswith(f"{office} (")


def test_found_url_answers(data_dir: Path) -> None:
    config, office = office_of_its_own(data_dir)
    hub = HubProcess(data_dir, config, advertise=True)
    hub.start()
    try:
        url = resolve_hub_url(None, timeout=10, interfaces=["127.0.0.1"], office=office)
        health = httpx.get(f"{url}/health", timeout=5).json()
    finally:
        hub.stop()
    assert health["status"] == "ok"


def test_nobody_there_is_a_clear_error() -> None:
    nobody = f"MPP Tak Ada {uuid.uuid4().hex[:8]}"
    with pytest.raises(HubNotFound, match="set hub.url in the config"):
        discover(timeout=0.5, interfaces=["127.0.0.1"], office=nobody)


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
