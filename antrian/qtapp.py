"""What every Qt appliance does at start: a QApplication that stops cleanly on SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def application(name: str) -> QApplication:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,  # python-escpos configures the root logger on import
    )
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # noqa: S101
    app.setApplicationName(name)
    # systemd and the demo stop appliances with SIGTERM; Python only sees the signal when
    # it gets control back from Qt's event loop, so wake it up now and then.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: app.quit())
    waker = QTimer(app, interval=250)
    waker.timeout.connect(lambda: None)
    waker.start()
    return app
