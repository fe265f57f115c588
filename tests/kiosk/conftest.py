"""Fixtures for the kiosk's tests."""

from __future__ import annotations

import pytest

from tests.hubproc import HubProcess


@pytest.fixture
def running_hub(hub_process: HubProcess) -> HubProcess:
    """The demo office's hub, with a kiosk token and an admin token on the object."""
    hub_process.kiosk_token = hub_process.token("kiosk", "kiosk-lobby")  # type: ignore[attr-defined]
    hub_process.admin_token = hub_process.token("admin", "admin")  # type: ignore[attr-defined]
    return hub_process.start()
