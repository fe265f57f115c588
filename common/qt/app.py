"""What every Qt appliance does at start: a QApplication that stops cleanly on SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from common.qt.messages import quiet_known_noise


def application(name: str) -> QApplication:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,  # python-escpos configures the root logger on import
    )
    quiet_known_noise()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # noqa: S101
    app.setApplicationName(name)
    speak_indonesian(app)
    # systemd and the demo stop appliances with SIGTERM; Python only sees the signal when
    # it gets control back from Qt's event loop, so wake it up now and then.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    waker = QTimer(app, interval=250)
    waker.timeout.connect(lambda: None)
    waker.start()
    folder = os.environ.get("ANTRIAN_SCREENSHOTS")
    if folder:
        _keep_screenshots(app, Path(folder), name)
    return app


TRANSLATIONS = Path(__file__).with_name("translations")


def speak_indonesian(app: QApplication) -> None:
    """Qt's own words (OK/Cancel in dialogs, the file dialog) in Bahasa Indonesia: Qt
    ships no Indonesian catalogue, so ours (translations/qt_id.ts, compiled with
    `pyside6-lrelease qt_id.ts -qm qt_id.qm`) is installed before any window opens."""
    translator = QTranslator(app)
    if translator.load(str(TRANSLATIONS / "qt_id.qm")):
        app.installTranslator(translator)
    else:
        logging.getLogger(__name__).warning(
            "Qt's Indonesian wording is missing; buttons in English"
        )


def _keep_screenshots(app: QApplication, folder: Path, name: str) -> None:
    """Save every visible window as a PNG now and then, and once more when quitting: how
    a headless demo shows what its windows look like."""
    folder.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        for index, window in enumerate(w for w in app.topLevelWidgets() if w.isVisible()):
            suffix = f"-{index + 1}" if index else ""
            window.grab().save(str(folder / f"{name}{suffix}.png"))

    timer = QTimer(app, interval=2000)
    timer.timeout.connect(save)
    timer.start()
    app.aboutToQuit.connect(save)
