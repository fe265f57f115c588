"""The Qt binding must not eat references to None: a kiosk paints all day long.

PySide6 6.12.0 on Python 3.11 decrements None's refcount on every call returning void,
and the interpreter aborts ("deallocating None") after a few thousand QR-code paints.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_void_calls_keep_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setBrush(QColor("black"))
        painter.drawRect(QRectF(0, 0, 1, 1))
    gc.collect()
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 50, f"None lost {before - after} references in 4000 void calls"
