"""The hub every panel test signs in to: the demo office with one officer, Siti."""

from __future__ import annotations

import pytest

from hub.officers import add_officer
from hub.store import Store
from tests.hubproc import HubProcess

NIP = "198001012005011001"


@pytest.fixture
def hub(hub_process: HubProcess) -> HubProcess:
    store = Store.in_data_dir(hub_process.data_dir)
    add_officer(store, NIP, "Siti Rahmawati", "246810")
    store.close()
    hub_process.admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}  # type: ignore[attr-defined]
    return hub_process.start()
