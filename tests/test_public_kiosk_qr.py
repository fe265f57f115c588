"""The ticket's QR code (printed and on the kiosk screen) opens the phone page: the hub's
public base (from its snapshot) + `/t/{id}`, not the API's address."""

from __future__ import annotations

import httpx
import pytest

from printer.escpos_parse import QrStore, parse
from tests.hubproc import HubProcess
from tests.kiosk.harness import start_kiosk, stop, tap
from tests.printer.conftest import PAPER_QUERY, FakeNetworkPrinter

pytestmark = pytest.mark.slow


def test_the_qr_code_holds_the_public_page_of_the_ticket(qtbot, hub_process: HubProcess) -> None:  # type: ignore[no-untyped-def]
    hub_process.kiosk_token = hub_process.token("kiosk", "kiosk-lobby")  # type: ignore[attr-defined]
    hub_process.admin_token = hub_process.token("admin", "admin")  # type: ignore[attr-defined]
    hub = hub_process.start()
    fake = FakeNetworkPrinter()
    kiosk = start_kiosk(qtbot, hub, fake.url)
    try:
        tap(qtbot, kiosk, 2)
        qtbot.waitUntil(fake.done.is_set, timeout=10000)
        qtbot.waitUntil(lambda: not kiosk.app.flow.state.printing, timeout=5000)
        ticket = kiosk.app.flow.state.ticket
        assert ticket is not None
    finally:
        stop(kiosk)
        fake.stop()
    expected = f"{hub.public_url}/t/{ticket['id']}"
    assert kiosk.window.status_base == hub.public_url
    printed = [
        c.data.decode()
        for c in parse(bytes(fake.received).replace(PAPER_QUERY, b""))
        if isinstance(c, QrStore)
    ]
    assert printed == [expected]
    # And it opens the page, on the public port.
    page = httpx.get(expected)
    assert page.status_code == 200
    assert ticket["number"] in page.text
