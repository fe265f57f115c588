"""Every appliance shows the hub's time: the kiosk's and the TV's clock label against a
real hub whose test clock runs a day ahead of this PC and jumps as a simulation moves it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from common.indonesian import clock, long_date
from display.app import DisplayApp
from display.board import Board
from display.window import DisplayWindow
from hub.config import Office
from hub_client.clock import HubClock
from hub_client.qt import HubConnection
from kiosk.app import KioskApp
from kiosk.printing import Printer
from kiosk.window import KioskWindow
from tests.hubproc import HubProcess

T0 = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)


class SteppedTime:
    """This PC's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


def test_the_hub_clock_takes_a_snapshot_as_it_is_and_events_only_forward() -> None:
    local = SteppedTime()
    hub_clock = HubClock(local)
    assert hub_clock.now() == T0  # nothing learned yet: this PC's time
    hub_clock.learn((T0 + dt.timedelta(hours=26)).isoformat())
    assert hub_clock.now() == T0 + dt.timedelta(hours=26)
    local.now += dt.timedelta(seconds=10)
    assert hub_clock.now() == T0 + dt.timedelta(hours=26, seconds=10)
    # An event that left the hub 80 ms ago does not set the clock back...
    hub_clock.follow(T0 + dt.timedelta(hours=26, seconds=9.92))
    assert hub_clock.now() == T0 + dt.timedelta(hours=26, seconds=10)
    # ...but a jump of the hub's clock (a simulation step) is followed at once.
    hub_clock.follow(T0 + dt.timedelta(hours=31))
    assert hub_clock.now() == T0 + dt.timedelta(hours=31)
    # A new snapshot is the hub's word, even behind: a hub restarted with its clock reset.
    hub_clock.learn(T0 + dt.timedelta(seconds=10))
    assert hub_clock.now() == T0 + dt.timedelta(seconds=10)
    assert hub_clock.today(dt.UTC) == T0.date()
    with pytest.raises(ValueError, match="time zone"):
        hub_clock.learn("2026-12-03T10:00:00")


def shown(instant: dt.datetime, office: Office) -> str:
    """The header's text for an instant: 'Kamis, 3 Desember 2026   10.00 WITA'."""
    local = instant.astimezone(office.office.tz)
    return f"{long_date(local)}   {clock(local)}"


def move_clock(hub: HubProcess, admin: dict[str, str], seconds: float) -> dt.datetime:
    reply = httpx.post(f"{hub.url}/test/clock", json={"advance_s": seconds, "freeze": True},
                       headers=admin, timeout=5)  # fmt: skip
    reply.raise_for_status()
    return dt.datetime.fromisoformat(reply.json()["now"])


@pytest.mark.slow
def test_kiosk_and_tv_clocks_show_the_hubs_time_not_the_pcs(  # type: ignore[no-untyped-def]
    qtbot, hub_process: HubProcess, demo_office: Office, tmp_path: Path
) -> None:
    admin = {"Authorization": f"Bearer {hub_process.token('admin', 'admin')}"}
    kiosk_token = hub_process.token("kiosk", "kiosk-lobby")
    tv_token = hub_process.token("display", "tv-1")
    hub = hub_process.start()
    # The hub a day and a bit ahead of this PC, at five seconds past a whole minute, so
    # the minute shown does not change while the test looks.
    now = move_clock(hub, admin, 0)
    local = now.astimezone(demo_office.office.tz)
    morning = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(10, 0, 5),
                                  demo_office.office.tz)  # fmt: skip
    hub_now = move_clock(hub, admin, (morning - now).total_seconds())
    assert hub_now == morning

    kiosk_window = KioskWindow(tap_grace_ms=0)
    qtbot.addWidget(kiosk_window)
    kiosk = KioskApp(HubConnection(hub.url, kiosk_token), kiosk_window,
                     Printer(f"preview://{tmp_path}", "80mm"))  # fmt: skip
    tv_window = DisplayWindow(Board(), "Selamat datang")
    qtbot.addWidget(tv_window)
    tv = DisplayApp(HubConnection(hub.url, tv_token), tv_window)
    kiosk_window.show()
    tv_window.show()
    kiosk.start()
    tv.start()
    try:
        expected = shown(hub_now, demo_office)
        assert shown(dt.datetime.now(dt.UTC), demo_office) != expected  # the PC's is not it
        qtbot.waitUntil(lambda: kiosk_window.header.clock.text() == expected, timeout=10000)
        qtbot.waitUntil(lambda: tv_window.header.clock.text() == expected, timeout=10000)

        # A simulation step moves the hub five hours on; the next event brings the news.
        later = move_clock(hub, admin, 5 * 3600)
        httpx.post(f"{hub.url}/tickets", json={"service": "informasi"}, headers=admin,
                   timeout=5).raise_for_status()  # fmt: skip
        expected = shown(later, demo_office)
        qtbot.waitUntil(lambda: kiosk_window.header.clock.text() == expected, timeout=10000)
        qtbot.waitUntil(lambda: tv_window.header.clock.text() == expected, timeout=10000)
    finally:
        kiosk.stop()
        tv.stop()
