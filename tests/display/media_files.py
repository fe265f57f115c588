"""Small media files made here, for the TV's media area and logo: pictures drawn with
QPainter, a two-second video recorded with Qt's own encoder (no ffmpeg program needed)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPainter


def make_picture(path: Path, text: str, colour: str, size: QSize | None = None) -> Path:
    """A poster: a coloured field with a line of text, like an office's notice."""
    size = size or QSize(1280, 720)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(size.height() // 8)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRect(0, 0, size.width(), size.height()), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    image.save(str(path))
    return path


def make_logo(path: Path) -> Path:
    """A round emblem on a transparent ground, as an office logo is."""
    image = QImage(240, 240, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#ffffff"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(8, 8, 224, 224)
    painter.setBrush(QColor("#c0392b"))
    painter.drawEllipse(28, 28, 184, 184)
    font = QFont()
    font.setPixelSize(70)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRect(0, 0, 240, 240), Qt.AlignmentFlag.AlignCenter, "MPP")
    painter.end()
    image.save(str(path))
    return path


def make_video(path: Path, seconds: float = 2.0, fps: int = 10, timeout: float = 30.0) -> Path:
    """An MPEG-4 clip of `seconds`, its colour sweeping through the hues frame by frame."""
    from PySide6.QtMultimedia import (
        QMediaCaptureSession,
        QMediaFormat,
        QMediaRecorder,
        QVideoFrame,
        QVideoFrameInput,
    )

    session = QMediaCaptureSession()
    frames = QVideoFrameInput()
    session.setVideoFrameInput(frames)
    recorder = QMediaRecorder()
    session.setRecorder(recorder)
    media_format = QMediaFormat(QMediaFormat.FileFormat.MPEG4)
    media_format.setVideoCodec(QMediaFormat.VideoCodec.MPEG4)
    recorder.setMediaFormat(media_format)
    recorder.setVideoResolution(QSize(320, 180))
    recorder.setVideoFrameRate(fps)
    recorder.setOutputLocation(QUrl.fromLocalFile(str(path)))
    total = int(seconds * fps)
    sent = 0
    errors: list[str] = []
    recorder.errorOccurred.connect(lambda _error, message: errors.append(message))
    recorder.record()
    deadline = time.monotonic() + timeout
    frame_us = 1_000_000 // fps
    while sent < total and not errors:
        if time.monotonic() > deadline:
            raise TimeoutError(f"recording {path} took over {timeout} s")
        image = QImage(320, 180, QImage.Format.Format_RGB32)
        image.fill(QColor.fromHsv(sent * 360 // total, 200, 200))
        painter = QPainter(image)
        font = QFont()
        font.setPixelSize(28)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, f"Video profil\n{sent + 1}")
        painter.end()
        frame = QVideoFrame(image)
        frame.setStartTime(sent * frame_us)
        frame.setEndTime((sent + 1) * frame_us)
        if frames.sendVideoFrame(frame):
            sent += 1
        else:
            QCoreApplication.processEvents()
    recorder.stop()
    while recorder.recorderState() != QMediaRecorder.RecorderState.StoppedState and not errors:
        if time.monotonic() > deadline:
            raise TimeoutError(f"recording {path} did not finish within {timeout} s")
        QCoreApplication.processEvents()
        time.sleep(0.01)
    if errors:
        raise RuntimeError(f"recording {path} failed: {errors[0]}")
    return path
