#!/usr/bin/env python3
"""Screenshots of every kiosk screen against a real hub, for docs/.

Offscreen by default (the widget renders itself). With --xvfb each size gets its own
Xvfb screen and matchbox-window-manager, as on an appliance: the app goes full screen
and the shot is what the X screen really shows, saved with an "-xvfb" suffix.

The kiosk is walked as two citizens in a row would: the first takes a priority ticket
and taps "Selesai", the next takes a plain one; the script fails if the second printout
says PRIORITAS. Later a citizen served at Loket 1 fills the survey at the kiosk.

Usage: .venv/bin/python scripts/screenshots.py [--out docs] [--size 1920x1080 ...]
       [--app kiosk|display|panel|fo|rater] [--xvfb]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QPixmap  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton, QWidget  # noqa: E402

from hub_client.qt import HubConnection  # noqa: E402
from kiosk.app import KioskApp  # noqa: E402
from kiosk.flow import Screen  # noqa: E402
from kiosk.pages import TAP_GRACE_MS  # noqa: E402
from kiosk.printing import Printer  # noqa: E402
from kiosk.window import KioskWindow  # noqa: E402
from printer.escpos_parse import Text, parse  # noqa: E402
from tests.hubproc import HubProcess, free_port  # noqa: E402

SIZES = ["1920x1080", "1080x1920"]
COMPLAINTS = (
    "Akta kelahiran belum terbit setelah tiga minggu",
    "Petugas loket 3 tidak ramah kepada pemohon lansia",
)
X_SUFFIX = "ANTRIAN_SCREENSHOT_SUFFIX"  # set for the child run under Xvfb


def settle(condition, timeout_ms: int = 5000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    waited = 0
    while not condition() and waited < timeout_ms:
        QTimer.singleShot(20, loop.quit)
        loop.exec()
        waited += 20
    if not condition():
        raise TimeoutError("the kiosk did not reach the expected state")
    QCoreApplication.processEvents()


def pause(ms: int) -> None:
    clock = QElapsedTimer()
    clock.start()
    settle(lambda: clock.elapsed() >= ms, ms + 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--size", action="append", help=f"WxH, repeatable (default: {SIZES})")
    parser.add_argument(
        "--app", choices=["kiosk", "display", "panel", "fo", "rater"], default="kiosk"
    )
    parser.add_argument("--xvfb", action="store_true", help="under Xvfb + matchbox")
    args = parser.parse_args()
    sizes = args.size or SIZES
    if args.app in ("panel", "fo", "rater") and not args.size:
        sizes = {"panel": ["1366x768", "1920x1080"], "fo": ["1920x1080"]}.get(
            args.app, ["1024x600"]
        )
    args.out.mkdir(parents=True, exist_ok=True)
    if args.xvfb:
        for size in sizes:
            under_xvfb(size, args.out, args.app)
        return
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("antrian-screenshots")
    for size in sizes:
        width, height = (int(v) for v in size.split("x"))
        suffix = ("" if width > height else "-portrait") + os.environ.get(X_SUFFIX, "")
        if args.app == "display":
            display_shots(args.out, width, height, suffix)
            display_media_shots(args.out, width, height, suffix)
        elif args.app == "panel":
            panel_shots(args.out, width, height)
        elif args.app == "fo":
            fo_shots(args.out, width, height)
        elif args.app == "rater":
            rater_shots(args.out, width, height)
        else:
            kiosk_shots(args.out, width, height, suffix)
    print(f"screenshots in {args.out}")


def under_xvfb(size: str, out: Path, app: str) -> None:
    """Run this script for one size on a fresh Xvfb screen with the appliances' WM."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        display = f":{numbers.readline().strip()}"
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    manager = subprocess.Popen(
        ["matchbox-window-manager", "-use_titlebar", "no", "-use_cursor", "no"], env=env
    )
    try:
        env[X_SUFFIX] = "-xvfb"
        command = [sys.executable, __file__, "--out", str(out), "--size", size, "--app", app]
        subprocess.run(command, env=env, check=True, timeout=300)
    finally:
        for process in (manager, server):
            process.terminate()
            process.wait(timeout=10)


def printed_text(folder: Path) -> list[str]:
    """What each ticket printed so far says, oldest first (the preview printer's .bin)."""
    jobs = sorted(folder.glob("*.bin"), key=lambda path: path.stat().st_mtime_ns)
    return [
        "".join(c.data.decode("cp437") for c in parse(job.read_bytes()) if isinstance(c, Text))
        for job in jobs
    ]


def kiosk_shots(out: Path, width: int, height: int, suffix: str) -> None:
    on_x = QApplication.platformName() == "xcb"
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        kiosk_token = hub.token("kiosk", "kiosk-lobby")
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            for service, count in (("dukcapil", 7), ("samsat", 4), ("informasi", 2)):
                for _ in range(count):
                    httpx.post(f"{hub.url}/tickets", json={"service": service}, headers=admin)
            window = KioskWindow()
            tickets = Path(tmp) / "tickets"
            printer = Printer(f"preview://{tickets}", "80mm")
            kiosk = KioskApp(HubConnection(hub.url, kiosk_token), window, printer, 600, 600)
            if on_x:
                window.showFullScreen()  # as `antrian kiosk` does on an appliance
                settle(lambda: (window.width(), window.height()) == (width, height))
            else:
                window.resize(width, height)
                window.show()
            kiosk.start()
            settle(lambda: kiosk.flow.state.screen is Screen.START and kiosk.flow.state.services)

            def shot(name: str) -> None:
                QCoreApplication.processEvents()
                path = str(out / f"kiosk-{name}{suffix}.png")
                screen = window.screen()
                picture: QPixmap = screen.grabWindow(0) if on_x else window.grab()
                picture.save(path)

            def touch(widget: QWidget) -> None:
                QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

            shot("start")
            # The first citizen: priority, a category, a service, then "Selesai".
            touch(window.priority_button)
            settle(lambda: kiosk.flow.state.screen is Screen.PRIORITY)
            shot("priority")
            touch(window.category_buttons[2])  # Ibu hamil / membawa balita
            settle(lambda: kiosk.flow.state.screen is Screen.PRIORITY_SERVICE)
            shot("priority-service")
            touch(window.tiles[2])
            settle(lambda: kiosk.flow.state.screen is Screen.TICKET)
            shot("printing")
            printer.wait()
            settle(lambda: not kiosk.flow.state.printing)
            shot("ticket")
            pause(TAP_GRACE_MS + 100)
            touch(window.ticket_page.done)
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            # The next citizen, right behind: a plain ticket.
            touch(window.tiles[2])
            settle(lambda: kiosk.flow.state.screen is Screen.TICKET)
            printer.wait()
            settle(lambda: not kiosk.flow.state.printing)
            shot("ticket-next")
            first, second = printed_text(tickets)
            if "PRIORITAS" not in first or "PRIORITAS" in second:
                raise SystemExit("priority did not stay with the first citizen's ticket")
            pause(TAP_GRACE_MS + 100)
            touch(window.ticket_page.number)  # a tap anywhere on the ticket ends it
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            kiosk.flow.services_changed(
                [dict(s, open=s["code"] != "dukcapil") for s in kiosk.flow.state.services]
            )
            touch(window.tiles[2])
            settle(lambda: kiosk.flow.state.screen is Screen.CLOSED)
            kiosk.flow.state.message = "Di luar jam pelayanan. Buka kembali besok pukul 08.00 WITA."
            kiosk.render()
            shot("closed")
            window.back_requested.emit()
            printer.url = f"tcp://127.0.0.1:{free_port()}"
            kiosk.flow.services_changed([dict(s, open=True) for s in kiosk.flow.state.services])
            touch(window.tiles[4])
            settle(lambda: kiosk.flow.state.screen is Screen.PRINTER_FAULT)
            shot("printer-fault")
            pause(TAP_GRACE_MS + 100)
            touch(window.fault_page.done)
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            shot("start-printer-down")
            survey_walk(kiosk, window, hub.url, admin, shot, touch)
            hub.stop()
            settle(lambda: kiosk.flow.state.screen is Screen.OFFLINE, 15000)
            shot("hub-unreachable")
            kiosk.stop()
        finally:
            hub.stop()


def survey_walk(kiosk, window, url: str, admin: dict[str, str], shot, touch) -> None:  # type: ignore[no-untyped-def]
    """A citizen without a phone, served at Loket 1, fills the survey at the kiosk: the
    number typed, the seventh of the nine questions, the thanks; then back to the start."""
    from kiosk.survey import THANKS
    from protocol.survey import UNSUR

    called = httpx.post(f"{url}/counters/1/call-next", headers=admin).json()
    httpx.post(f"{url}/tickets/{called['id']}/close", headers=admin).raise_for_status()
    page = window.survey
    touch(window.survey_button)
    settle(lambda: window.pages.currentWidget() is page)
    keys = {button.text(): button for button in page.entry.findChildren(QPushButton)}
    letter, digits = called["number"].split("-")
    for key in letter + digits.lstrip("0"):
        touch(keys[key])
    shot("survey-number")
    touch(page.go)
    for index in range(len(UNSUR)):
        asked = f"Pertanyaan {index + 1} dari {len(UNSUR)}"
        settle(lambda asked=asked: page.progress.text() == asked)
        if index == 6:
            shot("survey")
        touch(page.choices[2 if index % 3 == 0 else 3])  # "baik" now and then, else "sangat"
    settle(lambda: page.result.text() == THANKS)
    shot("survey-thanks")
    touch(page.result_page.findChildren(QPushButton)[0])  # "Kembali"
    settle(lambda: window.pages.currentWidget() is window.start)
    settle(lambda: kiosk.flow.state.screen is Screen.START)


def display_shots(out: Path, width: int, height: int, suffix: str) -> None:
    """The TV through a morning: two calls in a row, a counter's break, the hub killed
    and started again, then no call left to show."""
    from display.app import DisplayApp
    from display.board import Board
    from display.window import DisplayWindow

    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        display_token = hub.token("display", "tv-lobby")
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            post = lambda path, body=None: httpx.post(f"{hub.url}{path}", json=body, headers=admin)  # noqa: E731
            for service, count in (("informasi", 4), ("perizinan", 6), ("dukcapil", 14),
                                   ("bpjs", 5), ("samsat", 9), ("pengaduan", 1)):  # fmt: skip
                for _ in range(count):
                    post("/tickets", {"service": service})
            post("/tickets", {"service": "dukcapil", "category": "lansia"})
            for counter in (1, 2, 3, 7, 8, 9):
                called = post(f"/counters/{counter}/call-next").json()
                post(f"/tickets/{called['id']}/serve")
            post("/counters/5/pause", {"reason": "istirahat"})
            board = Board(recent_limit=6)
            window = DisplayWindow(board, "Selamat datang di Mal Pelayanan Publik Kota Samarinda. "
                                   "Mohon menunggu panggilan nomor antrean Anda.")  # fmt: skip
            show_tv(window, width, height)
            display = DisplayApp(HubConnection(hub.url, display_token), window)
            display.start()
            settle(lambda: board.online and bool(board.counters))
            shot = lambda name: tv_picture(window).save(str(out / f"display{name}{suffix}.png"))  # noqa: E731
            elderly = post("/counters/4/call-next").json()  # the elderly citizen first: priority
            settle(lambda: board.current is not None and board.current.counter == 4)
            settle(lambda: window.call.lit, 3000)
            shot("-call")
            post("/counters/6/call-next")  # a second call right after it
            settle(lambda: board.current is not None and board.current.counter == 6)
            settle(lambda: not window.call.flashing, 10000)
            shot("")
            post("/counters/6/pause", {"reason": "istirahat"})  # the box goes back to Loket 4
            settle(lambda: board.current is not None and board.current.counter == 4)
            shot("-paused")
            hub.kill()
            settle(lambda: not board.online, 15000)
            shot("-reconnecting")
            hub.start()
            settle(lambda: board.online and window.call.number.text() == elderly["number"], 15000)
            shot("-restarted")
            post(f"/tickets/{elderly['id']}/close")
            settle(lambda: board.current is None and not window.call.number.isVisible())
            shot("-idle")
            display.stop()
        finally:
            hub.stop()


def display_media_shots(out: Path, width: int, height: int, suffix: str) -> None:
    """The TV with the office logo and its media area: a poster, then a video's frame."""
    from tests.display.media_files import make_logo, make_picture, make_video

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tayangan"
        folder.mkdir()
        make_picture(folder / "01-gratis.png", "Semua layanan GRATIS", "#1d6fa3")
        video_folder = Path(tmp) / "video"
        video_folder.mkdir()
        make_video(video_folder / "profil.mp4", seconds=3.0)
        logo = make_logo(Path(tmp) / "logo.png")
        hub = HubProcess(Path(tmp))
        display_token = hub.token("display", "tv-lobby")
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            post = lambda path, body=None: httpx.post(f"{hub.url}{path}", json=body, headers=admin)  # noqa: E731
            for service, count in (("informasi", 3), ("dukcapil", 8), ("samsat", 5)):
                for _ in range(count):
                    post("/tickets", {"service": service})
            for counter in (1, 4, 8):
                post(f"/counters/{counter}/call-next")
            for media, name in ((folder, "-media"), (video_folder, "-media-video")):
                picture = media_tv_picture(hub.url, display_token, media, logo, width, height)
                picture.save(str(out / f"display{name}{suffix}.png"))
        finally:
            hub.stop()


def media_tv_picture(url: str, token: str, media: Path, logo: Path, width: int, height: int):  # type: ignore[no-untyped-def]
    from display.app import DisplayApp
    from display.board import Board
    from display.window import DisplayWindow

    board = Board(recent_limit=6)
    window = DisplayWindow(board, "Selamat datang di Mal Pelayanan Publik Kota Samarinda.",
                           logo=str(logo), flash_seconds=0, media=str(media))  # fmt: skip
    show_tv(window, width, height)
    display = DisplayApp(HubConnection(url, token), window)
    display.start()
    area = window.media
    assert area is not None  # noqa: S101 - media was given
    settle(lambda: board.online and bool(board.counters) and area.available)
    settle(lambda: board.current is not None and board.current.counter == 8)
    picture = tv_picture(window)
    display.stop()
    window.close()
    return picture


def show_tv(window, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """Full screen under a window manager (as the appliances run); else at the size."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() == "xcb":
        window.showFullScreen()
        settle(lambda: window.size().toTuple() == (width, height) and window.isActiveWindow())
    else:
        window.resize(width, height)
        window.show()


def tv_picture(window):  # type: ignore[no-untyped-def]
    """What the screen shows: the X screen itself under Xvfb, else the window's picture."""
    from PySide6.QtGui import QGuiApplication

    QCoreApplication.processEvents()
    if QGuiApplication.platformName() == "xcb":
        return window.screen().grabWindow(0)
    return window.grab()


def on_screen() -> bool:
    return QApplication.platformName() != "offscreen"


def place(window, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """Offscreen: the window at the screen's size; on a screen the window manager sizes it
    (matchbox: full screen), so wait until it has."""
    if not on_screen():
        window.resize(width, height)
        window.show()
        return
    window.show()
    screen = window.screen().geometry()
    settle(lambda: window.size() == screen.size(), 10000)


def snap(window, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window as the user sees it: offscreen its own picture, on a screen the whole
    screen (what the window manager made of it)."""
    if on_screen():
        window.repaint()
        pump(300)  # the X server has drawn what Qt sent
        window.screen().grabWindow(0).save(str(path))
    else:
        QCoreApplication.processEvents()
        window.grab().save(str(path))
    print(path)


def pump(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def panel_shots(out: Path, width: int, height: int) -> None:
    """The counter panel full screen, as on a 1366×768 counter PC or a 1080p screen."""
    from counter_panel.app import PanelApp
    from counter_panel.window import PanelWindow
    from hub.officers import add_officer
    from hub.store import Store

    size = "" if (width, height) == (1366, 768) else f"-{height}p"
    suffix = size + ("-xvfb" if on_screen() else "")
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        store = Store.in_data_dir(Path(tmp))
        add_officer(store, "198001012005011001", "Siti Rahmawati", "246810")
        store.close()
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            for service in ("dukcapil",) * 6 + ("perizinan",) * 2:
                httpx.post(f"{hub.url}/tickets", json={"service": service}, headers=admin)
            httpx.post(f"{hub.url}/test/clock", json={"advance_s": 17 * 60}, headers=admin)
            httpx.post(f"{hub.url}/tickets", json={"service": "dukcapil"}, headers=admin)
            window = PanelWindow(4)
            panel = PanelApp(HubConnection(hub.url, ""), window)
            place(window, width, height)
            window.activateWindow()
            shot = lambda name: snap(window, out / f"panel-{name}{suffix}.png")  # noqa: E731
            window.login.nip.setText("198001012005011001")
            window.login.pin.setText("246810")
            window.login.nip.setFocus()
            shot("login")
            window.login.submit()
            settle(lambda: panel.connection.online and bool(panel.services))
            shot("idle")
            panel.press("call_next")
            settle(lambda: panel.current is not None)
            shot("compensation-owed")
            panel.compensation_given()
            settle(lambda: not window.work.owed.isVisible())
            panel.press("serve")
            settle(lambda: panel.current is not None and panel.current.state == "serving")
            shot("serving")
            panel.press("close")
            settle(lambda: panel.current is None)
            panel.press("call_next")
            settle(lambda: panel.current is not None)
            shot("calling")
            hub.stop()
            settle(lambda: not panel.connection.online, 15000)
            panel.press("close")
            shot("hub-unreachable")
            hub.start()
            settle(lambda: panel.connection.online, 15000)
            settle(lambda: window.work.message.text() == "Tersambung kembali ke server.")
            shot("reconnected")
            panel.connection.stop()
        finally:
            hub.stop()


def fo_shots(out: Path, width: int, height: int) -> None:
    """The FO desk the morning after a simulated day: it opens on that day by itself."""
    import datetime as dt

    from antrian.config import load_office_config
    from antrian.simulate import simulate
    from common.paths import CONFIG_DIR
    from fo.app import FoApp
    from fo.window import FoWindow
    from hub.officers import add_officer
    from hub.store import Store
    from hub_client import HubClient

    suffix = "-xvfb" if on_screen() else ""
    office = load_office_config(CONFIG_DIR / "demo.toml")
    officers = [("198001012005011001", "Siti Rahmawati", 1), ("198502022010012002",
                "Budi Santoso", 4), ("199003032015031003", "Rina Marlina", 7),
                ("198707072012071004", "Ahmad Fauzi", 8)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        store = Store.in_data_dir(Path(tmp))
        for nip, name, _counter in officers:
            add_officer(store, nip, name, "246810")
        store.close()
        admin_token, fo_token = hub.token("admin", "admin"), hub.token("fo", "fo-desk")
        kiosk_token = hub.token("kiosk", "kiosk-lobby")
        hub.start()
        try:
            with HubClient(hub.url, admin_token) as client:
                # 07.55 on the next day, so the officers sign in before the day opens.
                client.request("POST", "/test/clock", json={"freeze": True})
                # Two complaints for the reminders: on the morning shot the first is
                # late (due 7 days on) and the second due that day.
                fo_headers = {"Authorization": f"Bearer {fo_token}"}
                for summary, days_after in (COMPLAINTS[0], 1), (COMPLAINTS[1], 5):
                    httpx.post(f"{hub.url}/complaints", headers=fo_headers,
                               json={"channel": "loket", "summary": summary})  # fmt: skip
                    client.request("POST", "/test/clock", json={"advance_s": days_after * 86400})
                now = client.request("GET", "/state").json()["now"]
                local = dt.datetime.fromisoformat(now).astimezone(office.office.tz)
                start = (local + dt.timedelta(days=1)).replace(hour=7, minute=55, second=0)
                client.request("POST", "/test/clock",
                               json={"advance_s": (start - local).total_seconds()})  # fmt: skip
                for nip, _name, counter in officers:
                    httpx.post(f"{hub.url}/sessions",
                               json={"nip": nip, "pin": "246810", "counter": counter})  # fmt: skip
                simulate(client, office, seed=3, speed=0, hours=8, say=lambda _text: None)
                cases = [("fee_differs", "ditarik biaya fotokopi berkas"),
                         ("procedure_nonstandard", "berkas ditolak tanpa alasan")]  # fmt: skip
                for kind, note in cases:
                    client.request("POST", "/compensations", json={"kind": kind, "note": note})
            kiosk = {"Authorization": f"Bearer {kiosk_token}"}
            paper_out = {"kind": "paper_out", "message": "Kertas habis, diganti petugas FO"}
            httpx.post(f"{hub.url}/incidents", headers=kiosk, json=paper_out)
            # The next morning, before the first ticket: the desk opens on the day before.
            with HubClient(hub.url, admin_token) as client:
                client.request("POST", "/test/clock", json={"advance_s": 15 * 3600})
            window = FoWindow()
            reason = "pemohon menolak, sudah dilayani ulang"
            connection = HubConnection(hub.url, fo_token)
            desk = FoApp(connection, window, office, ask_path=lambda kinds, name: None,
                         ask_reason=lambda prompt: reason)  # fmt: skip
            place(window, width, height)
            desk.start()
            settle(lambda: desk.recap is not None, 30000)
            shot = lambda name: snap(window, out / f"fo-{name}{suffix}.png")  # noqa: E731
            settle(lambda: len(desk.reminders.shown) == 2, 10000)
            shot("complaint-reminders")
            for index, name in enumerate(("services", "counters", "officers")):
                window.tabs.setCurrentIndex(index)
                shot(name)
            window.tabs.setCurrentIndex(4)
            shot("incidents")
            window.tabs.setCurrentIndex(3)
            owed = [c.id for c in desk.recap.compensation.cases if c.state == "owed"]
            desk.settle(owed[0], "waive")
            settle(lambda: window.tabs.tabText(3) == "Buku Kompensasi (1 belum diberikan)")
            shot("ledger")
            window.tabs.setCurrentIndex(1)
            window.counters.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # the busiest first
            shot("counters-sorted")
            desk.stop()
        finally:
            hub.stop()


def rater_shots(out: Path, width: int, height: int) -> None:
    """The rater at Loket 1 on its 7-inch booth screen: idle, asking after a close, thanks."""
    from rater.app import RaterApp
    from rater.flow import Screen as RaterScreen
    from rater.window import RaterWindow

    size = "" if (width, height) == (1024, 600) else f"-{width}x{height}"
    suffix = size + ("-xvfb" if on_screen() else "")
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        token = hub.token("rater", "rater-1", 1)
        admin = {"Authorization": f"Bearer {hub.token('admin', 'admin')}"}
        hub.start()
        try:
            window = RaterWindow(counter=1)
            booth = RaterApp(HubConnection(hub.url, token), window, question_seconds=120)
            place(window, width, height)
            booth.start()
            settle(lambda: booth.flow.state.online and bool(window.office.text()), 10000)
            shot = lambda name: snap(window, out / f"rater-{name}{suffix}.png")  # noqa: E731
            shot("idle")
            post = lambda path, body=None: httpx.post(f"{hub.url}{path}", json=body, headers=admin)  # noqa: E731
            post("/tickets", {"service": "informasi"})
            called = post("/counters/1/call-next").json()
            post(f"/tickets/{called['id']}/close").raise_for_status()
            settle(lambda: booth.flow.state.screen is RaterScreen.ASK)
            shot("ask")
            booth.press(4)
            settle(lambda: booth.flow.state.screen is RaterScreen.THANKS)
            settle(lambda: not booth.flow.outbox and booth.flow.in_flight is None)
            shot("thanks")
            booth.stop()
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
