"""A headless appliance's log is not flooded by Qt's propagateSizeHints warning, and every
other Qt warning still gets through."""

from __future__ import annotations

import os
import subprocess
import sys

from common.paths import PROJECT_ROOT

# A window that goes full screen and changes its minimum size, as the apps' layouts do.
APP = """
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QWidget
from common.qt.app import application

app = application("antrian-test")
window = QWidget()
window.showFullScreen()
for side in (100, 200, 300):
    window.setMinimumSize(side, side)
qWarning("a warning that matters")
QTimer.singleShot(0, app.quit)
app.exec()
"""


def test_no_flood_of_propagate_size_hints_lines_offscreen() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_MESSAGE_PATTERN", None)
    result = subprocess.run(
        [sys.executable, "-c", APP], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "propagateSizeHints" not in result.stderr
    assert "a warning that matters" in result.stderr
