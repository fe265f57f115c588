"""What every walk shares: waiting for the app (without sleep-and-hope), and placing and
grabbing a window as the user sees it, offscreen or on a real X screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


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
