"""The TV window as the waiting room sees it: sizes in pixels, texts on screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics

from display.board import Board
from display.widgets import IDLE
from tests.display.media_files import make_logo
from tests.display.scene import SERVICES, call, snapshot
from tests.display.screen import ink_height, settle, tv
from tests.views import message, service

ACCENT = "#ffd23f"
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)
# 60 px of cap height on a 43-inch 1080p TV (0.49 mm a pixel) is ~30 mm: 20 arc minutes
# at 5 m, four times the 5' a 6/6 eye needs to read a character.
MIN_CAP_PX_AT_5M = 60


def loaded(qtbot, size, **options):  # type: ignore[no-untyped-def]
    board = Board(recent_limit=6)
    window = tv(qtbot, size, board, **options)
    recent = [call(9, "C-015", 4, "dukcapil", priority=True), call(8, "D-002", 9),
              call(7, "E-001", 8), call(6, "D-001", 7)]  # fmt: skip
    holding = {4: "C-015", 7: "D-001", 8: "E-001", 9: "D-002"}
    board.load(snapshot(holding, paused=(5,), recent=recent))
    board.online = True
    window.refresh()
    settle(window)
    return window


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_waiting_counts_are_readable_from_five_metres(qtbot, size) -> None:  # type: ignore[no-untyped-def]
    """The waiting line was one ~28 px line that wrapped; now a tile a service."""
    window = loaded(qtbot, size)
    tiles = list(window.waiting.tiles.values())
    assert [(t.name.text(), t.count.text()) for t in tiles] == [
        (name, str(waiting)) for _code, name, waiting in SERVICES
    ]
    screen = window.rect()
    for tile in tiles:
        font = tile.count.shown_font()
        assert QFontMetrics(font).capHeight() >= MIN_CAP_PX_AT_5M, tile.code
        drawn = ink_height(tile.count.grab().toImage(), ACCENT)
        assert drawn >= MIN_CAP_PX_AT_5M, (tile.code, drawn)
        where = QRect(tile.mapTo(window, QPoint(0, 0)), tile.size())
        assert screen.contains(where), (tile.code, where)  # nothing off the screen
        # The whole name is there: as many lines as it needs at the tile's width.
        lines = tile.name_lines(tile.name.width())
        assert tile.name.height() >= lines * tile.name.fontMetrics().lineSpacing(), tile.code
    rows = {tile.mapTo(window, QPoint(0, 0)).y() for tile in tiles}
    assert len(rows) == (1 if size == LANDSCAPE else 2)


def test_a_closed_service_says_tutup(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, LANDSCAPE)
    services = [
        service({"code": code, "name": name, "waiting": waiting, "open": code != "samsat"})
        for code, name, waiting in SERVICES
    ]
    window.board.update_services(services)
    window.refresh()
    assert window.waiting.tiles["samsat"].count.text() == "Tutup"
    assert window.waiting.tiles["dukcapil"].count.text() == "14"


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_the_window_fits_its_screen_with_every_part_on_it(qtbot, size) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, size)
    assert window.size().toTuple() == size  # no part asks for more than the screen
    text = window.recent.text()
    for number in ("D-002", "E-001"):
        assert number in text
    assert "C-015" not in text  # it is in the big box
    assert window.call.number.text() == "C-015"
    assert window.call.number.shown_font().pixelSize() == window.call.number.font().pixelSize()


def test_the_big_box_says_wait_when_no_call_is_live(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, LANDSCAPE)
    for number, counter in (("C-015", 4), ("D-001", 7), ("E-001", 8), ("D-002", 9)):
        window.board.apply(message({"seq": 200 + counter, "type": "ticket.closed",
                                    "ticket_id": f"t-{number}", "number": number, "service": "x",
                                    "counter": counter, "service_s": 60,
                                    "at": "2026-11-23T01:07:00.000Z"}))  # fmt: skip
    window.refresh()
    assert not window.call.number.isVisible()
    assert not window.call.go_to.isVisible()
    assert window.call.counter.text() == "Mohon menunggu panggilan"
    assert not window.call.badge.isVisible()
    font = window.call.counter.shown_font()
    assert QFontMetrics(font).horizontalAdvance(IDLE) <= window.call.counter.width()
    assert all(number in window.recent.text() for number in ("C-015", "D-002", "E-001"))


def test_the_logo_stands_beside_the_office_name(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logo = make_logo(tmp_path / "logo.png")
    window = loaded(qtbot, LANDSCAPE, logo=str(logo))
    assert window.logo.isVisible()
    unit = 1080 // 30
    assert window.logo.pixmap().height() == int(unit * 1.9)
    logo_box = QRect(window.logo.mapTo(window, QPoint(0, 0)), window.logo.size())
    name_box = QRect(window.header.office.mapTo(window, QPoint(0, 0)), window.header.office.size())
    assert logo_box.right() < name_box.left()
    assert abs(logo_box.center().y() - name_box.center().y()) <= 4


def test_a_logo_that_cannot_be_read_is_logged_and_left_out(qtbot, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not a picture")
    with caplog.at_level(logging.ERROR, logger="display.window"):
        window = loaded(qtbot, LANDSCAPE, logo=str(bad))
    assert not window.logo.isVisible()
    assert "display.logo" in caplog.text
    assert str(bad) in caplog.text
    assert window.waiting.tiles  # the TV runs on
