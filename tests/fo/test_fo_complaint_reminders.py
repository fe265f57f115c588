"""The complaint reminders at the top of the FO desk against the real hub process
(issue #14): the late and the due-today listed, red while one is late, refreshed as the
hub's complaint events arrive.

`ANTRIAN_FO_SHOTS=docs` saves docs/fo-complaint-reminders.png (offscreen)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hub.config import Office
from tests.fo.test_fo_e2e import DAY_S, open_desk, post
from tests.fo.test_fo_e2e import hub as hub  # noqa: F401 - the fixture
from tests.hubproc import HubProcess

pytestmark = pytest.mark.slow


def file(hub: HubProcess, summary: str) -> dict[str, str]:
    body = {"channel": "whatsapp", "summary": summary, "service": "dukcapil"}
    reply = post(hub, "/complaints", body)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def test_late_and_due_today_complaints_head_the_fo_window(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,  # noqa: F811 - the fixture
    demo_office: Office,
    tmp_path: Path,
) -> None:
    desk = open_desk(qtbot, hub, demo_office, tmp_path)
    strip = desk.window.reminders
    try:
        assert not strip.isVisible()
        # The demo office is open every day: due 7 days after the day received.
        qtbot.waitUntil(lambda: desk.reminders.refreshes >= 1, timeout=10000)
        before = desk.reminders.refreshes
        late = file(hub, "Akta kelahiran belum terbit setelah tiga minggu")
        # Due in a week: its event refreshes the strip, which stays empty.
        qtbot.waitUntil(lambda: desk.reminders.refreshes > before, timeout=10000)
        assert not strip.isVisible()
        post(hub, "/test/clock", {"advance_s": DAY_S})
        today = file(hub, "Petugas loket 3 tidak ramah kepada pemohon lansia")
        post(hub, "/test/clock", {"advance_s": 7 * DAY_S})  # the first late, the second due
        qtbot.waitUntil(lambda: len(desk.reminders.shown) == 2, timeout=15000)
        assert strip.isVisible()
        assert strip.title.text() == "Pengaduan: 1 terlambat dijawab, 1 harus dijawab hari ini"
        first, second = strip.texts()
        assert first.startswith(f"{late['tracking_code']} · TERLAMBAT, batas ")
        assert second.startswith(f"{today['tracking_code']} · batas hari ini · Diterima")
        assert "#c62828" in strip.styleSheet()  # red: one is late
        shots = Path(os.environ.get("ANTRIAN_FO_SHOTS") or tmp_path)
        desk.window.grab().save(str(shots / "fo-complaint-reminders.png"))

        answered = post(hub, f"/complaints/{late['id']}/verify", {})
        assert answered.status_code == 200
        post(hub, f"/complaints/{late['id']}/answer", {"answer": "Akta sudah terbit"})
        qtbot.waitUntil(lambda: [r.tracking_code for r in desk.reminders.shown]
                        == [today["tracking_code"]], timeout=10000)  # fmt: skip
        assert "#c62828" not in strip.styleSheet()  # only one due today: amber
    finally:
        desk.stop()
