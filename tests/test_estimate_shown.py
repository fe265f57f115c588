"""The estimate as citizens read it: the TV's tile, the words shared with the ticket."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from common import indonesian
from display.board import Board
from display.waiting import ServiceTile
from protocol.views import ServiceView
from tests.conftest import WITA
from tests.views import service as view_of_service


def service(code: str, waiting: int, eta: int | None, open_: bool = True) -> ServiceView:
    return view_of_service({"code": code, "name": code.title(), "waiting": waiting,
                            "open": open_, "eta_minutes": eta})  # fmt: skip


def test_the_tv_tile_shows_the_wait_for_a_ticket_taken_now(qtbot: QtBot) -> None:
    board = Board()
    board.update_services([service("dukcapil", 12, 70), service("samsat", 0, None),
                           service("bpjs", 3, 9, open_=False)])  # fmt: skip
    tiles = [ServiceTile(s, "#ffd23f") for s in board.services]
    for tile in tiles:
        qtbot.addWidget(tile)
    assert [t.wait.text() for t in tiles] == ["Tunggu \u00b1 1 jam 10 menit", "", ""]
    assert tiles[0].count.text() == "12"


def test_an_older_hub_without_estimates_leaves_the_tile_line_empty() -> None:
    board = Board()
    older = {"code": "dukcapil", "name": "Dukcapil", "waiting": 2, "open": True}  # no eta_minutes
    board.update_services([view_of_service(older)])
    assert board.services[0].eta_minutes is None


def test_the_tile_and_the_ticket_use_the_same_words() -> None:
    assert indonesian.tile_wait(25) == f"Tunggu {indonesian.wait_span(25)}"
    assert indonesian.tile_wait(0) == "Tunggu kurang dari 1 menit"
    assert indonesian.tile_wait(None) == ""


def test_the_wait_window_is_as_wide_as_the_estimate_is_accurate() -> None:
    now = dt.datetime(2026, 11, 23, 10, 30, tzinfo=WITA)
    assert indonesian.wait_window(now, 12) == "sekitar 10.37\u201310.47"
    assert indonesian.wait_window(now, 60).startswith("sekitar 11.15\u201311.45")
    assert indonesian.wait_window(now, 0).startswith("sekitar 10.30\u201310.35")
