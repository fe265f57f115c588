"""The media area: pictures and a real (tiny, generated) video from a folder, looping,
quiet while a call is said, and never stopped by an empty folder or a bad file."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

import display.media as media_module
from display.app import DisplayApp
from display.board import Board
from display.speaking import build_announcer
from hub.config import Office
from hub_client.qt import HubConnection
from tests.display.media_files import make_picture, make_video
from tests.display.scene import call, snapshot
from tests.display.screen import settle, tv
from tests.views import message
from voice import FakePlayer, FakeSynthesizer

LANDSCAPE = (1920, 1080)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pictures for 0.2 s and a look at an empty folder every 0.2 s, not 10 and 30."""
    monkeypatch.setattr(media_module, "IMAGE_SECONDS", 0.2)
    monkeypatch.setattr(media_module, "RESCAN_SECONDS", 0.2)


def media_tv(qtbot, folder: Path):  # type: ignore[no-untyped-def]
    board = Board()
    window = tv(qtbot, LANDSCAPE, board, media=str(folder))
    board.load(snapshot({1: "A-001"}, recent=[call(1, "A-001", 1)]))
    window.refresh()
    settle(window)
    return window


def test_pictures_take_turns_and_a_bad_file_is_skipped_and_logged_once(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, quick: None, caplog
) -> None:
    first = make_picture(tmp_path / "01-gratis.png", "Layanan tanpa biaya", "#1d6fa3")
    (tmp_path / "02-rusak.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    third = make_picture(tmp_path / "03-jam.jpg", "Jam layanan", "#2e7d32")
    (tmp_path / "catatan.txt").write_text("not media")
    with caplog.at_level(logging.WARNING, logger="display.media"):
        window = media_tv(qtbot, tmp_path)
        media = window.media
        assert media is not None
        qtbot.waitUntil(lambda: len(media.shown) >= 5, timeout=10000)
        window.media.stop()
    assert media.shown[:5] == [first, third, first, third, first]
    assert caplog.text.count("02-rusak.jpg") == 1
    assert media.isVisible()
    assert not media.image.isNull()


def test_an_empty_folder_leaves_no_empty_box_and_a_picture_copied_in_shows(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, quick: None
) -> None:
    window = media_tv(qtbot, tmp_path)
    media = window.media
    assert media is not None
    assert not media.isVisible()
    # Without media the counters stand beside the call, as on a TV with no media at all.
    assert window.main.itemAtPosition(0, 1).widget() is window.counters_area
    picture = make_picture(tmp_path / "pengumuman.png", "Pengumuman", "#6a1b9a")
    qtbot.waitUntil(lambda: media.isVisible(), timeout=5000)
    assert media.shown[0] == picture
    assert window.main.itemAtPosition(0, 1).widget() is media
    assert window.main.itemAtPosition(0, 2).widget() is window.counters_area
    assert window.size().toTuple() == LANDSCAPE
    media.stop()


def test_a_missing_folder_is_no_fault(qtbot, tmp_path: Path, quick: None) -> None:  # type: ignore[no-untyped-def]
    window = media_tv(qtbot, tmp_path / "not-there")
    assert window.media is not None
    assert not window.media.isVisible()
    assert window.call.number.text() == "A-001"
    window.media.stop()


def test_a_video_plays_and_loops(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clip = make_video(tmp_path / "profil.mp4", seconds=1.0)
    window = media_tv(qtbot, tmp_path)
    media = window.media
    assert media is not None
    qtbot.waitUntil(lambda: media.shown.count(clip) >= 2, timeout=15000)  # played, then again
    assert media.isVisible()
    assert media.image.width() == 320
    media.stop()


def test_a_broken_video_is_skipped_for_the_next_file(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, quick: None, caplog
) -> None:
    (tmp_path / "01-rusak.mp4").write_bytes(b"not a video at all")
    picture = make_picture(tmp_path / "02-poster.png", "Poster", "#1d6fa3")
    with caplog.at_level(logging.WARNING, logger="display.media"):
        window = media_tv(qtbot, tmp_path)
        media = window.media
        assert media is not None
        qtbot.waitUntil(lambda: media.shown.count(picture) >= 2, timeout=10000)
        media.stop()
    assert set(media.shown) == {picture}
    assert caplog.text.count("01-rusak.mp4") == 1


def test_the_media_is_quiet_while_a_call_is_said(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, demo_office: Office
) -> None:
    make_video(tmp_path / "profil.mp4", seconds=1.0)
    window = media_tv(qtbot, tmp_path)
    media = window.media
    assert media is not None
    gate = threading.Event()  # holds the "sound" until the test lets it end
    speaker = FakePlayer(gate=gate)
    connection = HubConnection("http://127.0.0.1:9/api/v1", "")  # never started: events by hand
    announcer = build_announcer(demo_office, connection.clock, voice=FakeSynthesizer(),
                                player=speaker)  # fmt: skip
    app = DisplayApp(connection, window, announcer)
    try:
        assert not media.muted
        event = call(150, "A-002", 3) | {"at": connection.clock.now().isoformat()}
        connection.hub_event.emit(message(event))
        assert window.call.number.text() == "A-002"
        assert media.muted
        assert media.audio.isMuted()
        qtbot.waitUntil(speaker.playing.is_set, timeout=10000)
        qtbot.wait(1500)  # past the least quiet time: still the call is playing
        assert media.muted
        gate.set()
        qtbot.waitUntil(lambda: not media.muted, timeout=5000)
        assert not media.audio.isMuted()
    finally:
        gate.set()
        app.stop()
