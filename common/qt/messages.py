"""Qt's own log messages, less one known flood.

Qt's offscreen platform (a headless demo, a kiosk PC with no screen attached yet) warns
"This plugin does not support propagateSizeHints()" each time a window's minimum size
changes: every layout pass, dozens of lines a minute that bury the useful ones. The
warning is in Qt's uncategorised "default" logging category, so QT_LOGGING_RULES cannot
single it out without silencing every other uncategorised warning too; this handler drops
exactly that message and hands everything else on as Qt would print it.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

NOISE = frozenset({"This plugin does not support propagateSizeHints()"})

_installed = threading.Event()


def quiet_known_noise() -> None:
    """Install the filter for this process (once; later calls do nothing)."""
    if _installed.is_set():
        return
    _installed.set()
    qInstallMessageHandler(_handle)


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message in NOISE:
        return
    # What Qt's default handler prints, honouring QT_MESSAGE_PATTERN.
    sys.stderr.write(qFormatLogMessage(kind, context, message) + "\n")
    sys.stderr.flush()
