#!/usr/bin/env python3
"""Screenshots of every kiosk screen against a real hub, for docs/ (run offscreen).

Usage: .venv/bin/python scripts/screenshots.py [--out docs] [--size 1920x1080]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hub_client.qt import HubConnection  # noqa: E402
from kiosk.app import KioskApp  # noqa: E402
from kiosk.flow import Screen  # noqa: E402
from kiosk.printing import Printer  # noqa: E402
from kiosk.window import KioskWindow  # noqa: E402
from tests.hubproc import HubProcess, free_port  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--app", choices=["kiosk", "display", "panel", "fo"], default="kiosk")
    parser.add_argument(
        "--xvfb",
        action="store_true",
        help="on an Xvfb screen of --size with matchbox, as the appliances run",
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    if args.xvfb:
        under_xvfb([a for a in sys.argv[1:] if a != "--xvfb"], width, height)
        return
    suffix = "" if width > height else "-portrait"
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    if args.app == "display":
        display_shots(args.out, width, height, suffix)
        return
    if args.app == "panel":
        panel_shots(args.out, width, height)
        return
    if args.app == "fo":
        fo_shots(args.out, width, height)
        return
    app.setApplicationName("antrian-screenshots")

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
            window.resize(width, height)
            printer = Printer(f"preview://{tmp}/tickets", "80mm")
            kiosk = KioskApp(HubConnection(hub.url, kiosk_token), window, printer, 600, 600)
            window.show()
            kiosk.start()
            settle(lambda: kiosk.flow.state.screen is Screen.START and kiosk.flow.state.services)

            def shot(name: str) -> None:
                QCoreApplication.processEvents()
                window.grab().save(str(args.out / f"kiosk-{name}{suffix}.png"))

            shot("start")
            window.priority_asked.emit()
            settle(lambda: kiosk.flow.state.screen is Screen.PRIORITY)
            shot("priority")
            window.category_chosen.emit("lansia")
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            window.service_tapped.emit(2)
            settle(lambda: kiosk.flow.state.screen is Screen.TICKET)
            shot("printing")
            printer.wait()
            settle(lambda: not kiosk.flow.state.printing)
            shot("ticket")
            window.back_requested.emit()
            kiosk.flow.services_changed(
                [dict(s, open=s["code"] != "dukcapil") for s in kiosk.flow.state.services]
            )
            window.service_tapped.emit(2)
            settle(lambda: kiosk.flow.state.screen is Screen.CLOSED)
            kiosk.flow.state.message = "Di luar jam pelayanan. Buka kembali besok pukul 08.00 WITA."
            kiosk.render()
            shot("closed")
            window.back_requested.emit()
            printer.url = f"tcp://127.0.0.1:{free_port()}"
            kiosk.flow.services_changed([dict(s, open=True) for s in kiosk.flow.state.services])
            window.service_tapped.emit(4)
            settle(lambda: kiosk.flow.state.screen is Screen.PRINTER_FAULT)
            shot("printer-fault")
            window.back_requested.emit()
            settle(lambda: kiosk.flow.state.screen is Screen.START)
            shot("start-printer-down")
            hub.stop()
            settle(lambda: kiosk.flow.state.screen is Screen.OFFLINE, 15000)
            shot("hub-unreachable")
            kiosk.stop()
        finally:
            hub.stop()
    print(f"screenshots in {args.out}")


def display_shots(out: Path, width: int, height: int, suffix: str) -> None:
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
            window.resize(width, height)
            window.show()
            display = DisplayApp(HubConnection(hub.url, display_token), window)
            display.start()
            settle(lambda: board.online and bool(board.counters))
            post("/counters/4/call-next")  # the elderly citizen first: a priority call
            settle(lambda: board.current is not None and board.current.counter == 4)
            settle(lambda: window.call.lit, 3000)
            window.grab().save(str(out / f"display-call{suffix}.png"))
            settle(lambda: not window.call.flashing, 10000)
            window.grab().save(str(out / f"display{suffix}.png"))
            hub.stop()
            settle(lambda: not board.online, 15000)
            window.grab().save(str(out / f"display-reconnecting{suffix}.png"))
            display.stop()
        finally:
            hub.stop()


def under_xvfb(argv: list[str], width: int, height: int) -> None:
    """Run this script again on a real X screen (Xvfb) with the appliances' window manager
    (matchbox, full screen, no title bars), as the counter and FO PCs run the apps."""
    import subprocess

    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"], pass_fds=(write_end,),
    )  # fmt: skip
    os.close(write_end)
    processes = [xvfb]
    try:
        with os.fdopen(read_end) as ready:
            display = f":{ready.readline().strip()}"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        processes.append(subprocess.Popen(["matchbox-window-manager", "-use_titlebar", "no"],
                                          env=env))  # fmt: skip
        subprocess.run([sys.executable, __file__, *argv], env=env, check=True)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(10)


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
            settle(lambda: bool(panel.current) and panel.current["state"] == "serving")
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

    from antrian.paths import CONFIG_DIR
    from antrian.simulate import simulate
    from fo.app import FoApp
    from fo.window import FoWindow
    from hub.config import load_office
    from hub.officers import add_officer
    from hub.store import Store
    from hub_client import HubClient

    suffix = "-xvfb" if on_screen() else ""
    office = load_office(CONFIG_DIR / "demo.toml")
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
                now = client.request("POST", "/test/clock", json={"freeze": True}).json()["now"]
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
            for index, name in enumerate(("services", "counters", "officers")):
                window.tabs.setCurrentIndex(index)
                shot(name)
            window.tabs.setCurrentIndex(4)
            shot("incidents")
            window.tabs.setCurrentIndex(3)
            owed = [c["id"] for c in desk.recap["compensation"]["cases"] if c["state"] == "owed"]
            desk.settle(owed[0], "waive")
            settle(lambda: window.tabs.tabText(3) == "Buku Kompensasi (1 belum diberikan)")
            shot("ledger")
            window.tabs.setCurrentIndex(1)
            window.counters.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # the busiest first
            shot("counters-sorted")
            desk.stop()
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
