"""The kiosk serves a line of people: what one citizen chose or left on the screen never
reaches the next one, and nobody waits on the one before. The real widget and app,
against a real hub, printing to a preview folder whose tickets are read back."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from kiosk.flow import Screen
from tests.hubproc import HubProcess
from tests.kiosk.harness import Kiosk, printed_tickets, start_kiosk, stop, tap, touch

pytestmark = pytest.mark.slow

IBU_HAMIL = "Ibu hamil / membawa balita"


def choose_priority(qtbot, kiosk: Kiosk, category: int = 2) -> None:  # type: ignore[no-untyped-def]
    touch(qtbot, kiosk.window.priority_button)
    qtbot.waitUntil(lambda: kiosk.window.pages.currentWidget() is kiosk.window.priority)
    touch(qtbot, kiosk.window.category_buttons[category])
    qtbot.waitUntil(lambda: kiosk.window.cancel_button.isVisible())


def take_ticket(qtbot, kiosk: Kiosk, service: int, folder: Path, count: int) -> str:  # type: ignore[no-untyped-def]
    """Tap a service; returns what the printed ticket says once the paper is out."""
    tap(qtbot, kiosk, service)
    qtbot.waitUntil(lambda: kiosk.window.ticket_page.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: len(printed_tickets(folder)) == count, timeout=10000)
    qtbot.waitUntil(lambda: not kiosk.app.flow.state.printing, timeout=10000)
    return printed_tickets(folder)[-1]


def hub_ticket(kiosk: Kiosk) -> dict:
    ticket = kiosk.app.flow.state.ticket
    assert ticket is not None
    reply = httpx.get(f"{kiosk.hub.url}/tickets/{ticket['id']}", headers=kiosk.admin)
    return dict(reply.json())


def test_priority_mode_left_alone_times_out_and_the_next_ticket_is_plain(
    qtbot, running_hub: HubProcess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # The fault: 126 s after a citizen chose "Ibu hamil" and walked away, the next
    # citizen's tap printed "A-001 PRIORITAS Ibu hamil / membawa balita".
    kiosk = start_kiosk(qtbot, running_hub, f"preview://{tmp_path}", idle_seconds=0.5)
    window = kiosk.window
    try:
        choose_priority(qtbot, kiosk)
        chosen_at = time.monotonic()
        assert window.pages.currentWidget() is window.start
        assert IBU_HAMIL in window.mode.text()
        assert window.cancel_button.text() == "Batal"
        qtbot.waitUntil(lambda: not window.mode.isVisible(), timeout=5000)
        assert time.monotonic() - chosen_at >= 0.4  # the idle time, not at once
        assert window.pages.currentWidget() is window.start
        assert window.priority_button.isVisible()
        assert not window.cancel_button.isVisible()
        printed = take_ticket(qtbot, kiosk, 0, tmp_path, 1)
        shown = window.ticket_page.details.text()
        ticket = hub_ticket(kiosk)
    finally:
        stop(kiosk)
    assert "A-001" in printed
    assert "PRIORITAS" not in printed
    assert IBU_HAMIL not in printed
    assert "PRIORITAS" not in shown
    assert ticket["priority"] is False


def test_the_category_screen_left_alone_times_out(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    kiosk = start_kiosk(qtbot, running_hub, "file:///dev/null", idle_seconds=0.5)
    try:
        touch(qtbot, kiosk.window.priority_button)
        qtbot.waitUntil(lambda: kiosk.window.pages.currentWidget() is kiosk.window.priority)
        qtbot.waitUntil(
            lambda: kiosk.window.pages.currentWidget() is kiosk.window.start, timeout=5000
        )
        assert kiosk.app.flow.state.screen is Screen.START
    finally:
        stop(kiosk)


def test_batal_leaves_priority_mode_at_once(qtbot, running_hub: HubProcess, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk = start_kiosk(qtbot, running_hub, f"preview://{tmp_path}")  # idle: the default
    window = kiosk.window
    try:
        choose_priority(qtbot, kiosk)
        touch(qtbot, window.cancel_button)
        assert not window.mode.isVisible()
        assert window.priority_button.isVisible()
        printed = take_ticket(qtbot, kiosk, 0, tmp_path, 1)
    finally:
        stop(kiosk)
    assert "PRIORITAS" not in printed


def test_priority_goes_with_one_ticket_and_the_next_citizen_need_not_wait(
    qtbot, running_hub: HubProcess, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Result screens stay 120 s here: only the citizen's own tap can end them in time.
    kiosk = start_kiosk(qtbot, running_hub, f"preview://{tmp_path}", return_seconds=120)
    window = kiosk.window
    try:
        choose_priority(qtbot, kiosk)
        first = take_ticket(qtbot, kiosk, 2, tmp_path, 1)
        first_shown = window.ticket_page.details.text()
        assert window.ticket_page.banner.text() == "Silakan ambil tiket Anda"
        touch(qtbot, window.ticket_page.done)  # "Selesai"
        assert window.pages.currentWidget() is window.start
        assert not window.mode.isVisible()
        second = take_ticket(qtbot, kiosk, 2, tmp_path, 2)
        second_shown = window.ticket_page.details.text()
        second_number = window.ticket_page.number.text()
        touch(qtbot, window.ticket_page.number)  # a tap anywhere on the ticket
        assert window.pages.currentWidget() is window.start
        third = take_ticket(qtbot, kiosk, 2, tmp_path, 3)
    finally:
        stop(kiosk)
    assert "C-001" in first
    assert "PRIORITAS" in first
    assert IBU_HAMIL in first
    assert "PRIORITAS" in first_shown
    assert second_number == "C-002"
    for plain in (second, third):
        assert "PRIORITAS" not in plain
        assert IBU_HAMIL not in plain
    assert "PRIORITAS" not in second_shown
