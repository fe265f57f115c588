"""The optional media area: the office's images and videos from one folder, looping.

Robust by design, because nobody is at the TV to click an error away: the folder is read
again at every turn (files copied in or taken out count from the next turn), a file Qt
cannot open is logged once and skipped, and an empty or missing folder leaves the area
empty (`available` False) so the window lays itself out without it. Video frames come
through a QVideoSink and are painted here, on the CPU: the display PCs have no GPU, and
a widget that paints itself is also what a screenshot shows.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLoggingCategory, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QPainterPath, QPaintEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget

from display.settings import MEDIA_IMAGE_SUFFIXES, MEDIA_VIDEO_SUFFIXES

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = MEDIA_IMAGE_SUFFIXES
VIDEO_SUFFIXES = MEDIA_VIDEO_SUFFIXES
IMAGE_SECONDS = 10  # each picture stays this long
RESCAN_SECONDS = 30  # an empty folder (or one of bad files only) is looked at again
STALL_SECONDS = 15  # a video that shows no frame this long is skipped


def media_files(folder: Path) -> list[Path]:
    """The playable files in the folder, in name order (so 01-..., 02-... set the order)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    suffixes = IMAGE_SUFFIXES + VIDEO_SUFFIXES
    return [p for p in entries if p.suffix.lower() in suffixes and p.is_file()]


def _version(path: Path) -> tuple[Path, float]:
    try:
        return path, path.stat().st_mtime
    except OSError:
        return path, 0.0


class MediaArea(QWidget):
    available_changed = Signal(bool)

    def __init__(self, folder: Path) -> None:
        super().__init__()
        # Qt's media backend describes every file it opens and every library it misses (no
        # sound server, no GPU) on stderr, at each turn of the loop; what matters here is
        # logged below. QT_LOGGING_RULES still turns it back on.
        QLoggingCategory.setFilterRules("qt.multimedia.*=false\nqt.multimedia.ffmpeg.*=false")
        self.folder = folder
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.current: Path | None = None
        self.image = QImage()  # what is on screen now: a picture or the last video frame
        self.available = False
        self.shown: list[Path] = []  # every file shown, in order (what the tests read)
        self._bad: set[tuple[Path, float]] = set()  # (file, mtime): logged once, skipped
        # until the file is replaced
        self._queue: list[Path] = []
        self._turn = 0  # one per file shown: a late signal of an earlier file is ignored
        self._muted = False
        self._next = QTimer(self, singleShot=True)
        self._next.timeout.connect(self.advance)
        self._stall = QTimer(self, singleShot=True)
        self._stall.timeout.connect(self._video_stalled)
        self.audio = QAudioOutput(self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.audio)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._frame)
        self.player.mediaStatusChanged.connect(self._status)
        self.player.errorOccurred.connect(self._error)

    # ---- control ----------------------------------------------------------------------

    def start(self) -> None:
        self.advance()

    def stop(self) -> None:
        self._next.stop()
        self._stall.stop()
        self.player.stop()
        self.player.setSource(QUrl())

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Quiet while a call is announced: a citizen must hear the number, not the ad."""
        self._muted = muted
        self.audio.setMuted(muted)

    @property
    def playing_video(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def advance(self) -> None:
        """Show the next file; at the end of the list, read the folder again."""
        self._turn += 1
        self._next.stop()
        self._stall.stop()
        self.player.stop()
        if not self._queue:
            self._queue = [p for p in media_files(self.folder) if _version(p) not in self._bad]
            if not self._queue:
                self._set_available(False)
                self.current, self.image = None, QImage()
                self.update()
                self._next.start(int(RESCAN_SECONDS * 1000))
                return
        path = self._queue.pop(0)
        self.current = path
        if path.suffix.lower() in IMAGE_SUFFIXES:
            self._show_image(path)
        else:
            self._play_video(path)

    # ---- pictures and videos ----------------------------------------------------------

    def _show_image(self, path: Path) -> None:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # phone photos stand the right way up
        image = reader.read()
        if image.isNull():
            self._skip(path, reader.errorString())
            return
        self.image = image
        self.shown.append(path)
        self._set_available(True)
        self.update()
        self._next.start(int(IMAGE_SECONDS * 1000))

    def _play_video(self, path: Path) -> None:
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.audio.setMuted(self._muted)
        self._stall.start(int(STALL_SECONDS * 1000))
        self.player.play()

    def _frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid() or self.current is None:
            return
        image = frame.toImage()
        if image.isNull():
            return
        if self._stall.isActive():  # the video's first picture: it plays
            self._stall.stop()
            self.shown.append(self.current)
            self._set_available(True)
        self.image = image
        self.update()

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            # The next item, or the same video again when it is the only one: a loop.
            self._advance_later()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia and self.current is not None:
            self._skip(self.current, self.player.errorString() or "not a playable video")

    def _error(self, _error: QMediaPlayer.Error, message: str) -> None:
        if self.current is not None and self.current.suffix.lower() in VIDEO_SUFFIXES:
            self._skip(self.current, message)

    def _video_stalled(self) -> None:
        if self.current is not None:
            self._skip(self.current, f"no picture within {STALL_SECONDS} s")

    def _skip(self, path: Path, reason: str) -> None:
        if _version(path) not in self._bad:
            log.warning("display.media: skipping %s: %s", path, reason)
            self._bad.add(_version(path))
        self._stall.stop()
        self._advance_later()

    def _advance_later(self) -> None:
        # Not from inside the player's own signal, and once per file however many of
        # its signals (an error, then an invalid status) ask for it.
        turn = self._turn

        def advance_if_still_this_turn() -> None:
            if self._turn == turn:
                self.advance()

        QTimer.singleShot(0, self, advance_if_still_this_turn)

    def _set_available(self, available: bool) -> None:
        if available != self.available:
            self.available = available
            self.available_changed.emit(available)

    # ---- painting ---------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.image.isNull():
            return
        # The picture alone, as large as fits, rounded like the panels: no black bars.
        scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - scaled.width()) / 2
        y = (self.height() - scaled.height()) / 2
        target = QRectF(x, y, scaled.width(), scaled.height())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        frame = QPainterPath()
        frame.addRoundedRect(target, 14, 14)
        painter.setClipPath(frame)
        painter.drawImage(target, self.image)
        painter.end()
