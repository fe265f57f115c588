"""The waiting-room TV: a morning of calls, a break, the hub killed and back, nothing left
to call; and the TV with the office logo and its media area (a poster, a video)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from PySide6.QtCore import QCoreApplication

from hub_client.qt import HubConnection
from shots.common import settle
from tests.hubproc import HubProcess


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
