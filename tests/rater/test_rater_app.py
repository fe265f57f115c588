"""The rater's real widgets under pytest-qt (offscreen) against a fake hub connection:
a close at its counter asks, a face or a key rates once, the screen goes back by itself,
and with the hub away it says it is waiting and sends the press when the hub is back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from rater.app import RaterApp
from rater.flow import ALREADY, THANKS, Screen
from rater.window import INVITATION, WAITING, RaterWindow
from tests.rater.fake import FakeConnection

SIZE = (1024, 600)


@pytest.fixture
def booth(qtbot) -> Iterator[tuple[RaterApp, FakeConnection]]:  # type: ignore[no-untyped-def]
    window = RaterWindow(counter=3)
    qtbot.addWidget(window)
    window.set_office("Mal Pelayanan Publik Kota Samarinda")
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    connection = FakeConnection()
    app = RaterApp(connection, window, question_seconds=0.6, thanks_seconds=0.3)  # type: ignore[arg-type]
    app.start()
    yield app, connection
    app.stop()


def screen(app: RaterApp) -> Screen:
    return app.flow.state.screen


def test_idle_greets_and_a_close_here_shows_four_faces(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    window = app.window
    assert window.pages.currentWidget() is window.idle
    assert window.booth.text() == "Loket 3"  # until the hub names the counter
    assert window.greeting.text() == INVITATION
    assert "Terima kasih" not in window.greeting.text()  # nobody has been served yet
    assert window.office.text() == "Mal Pelayanan Publik Kota Samarinda"
    assert not window.banner.isVisible()
    hub.close("t1", "C-007", counter=5)  # another booth's citizen
    assert window.pages.currentWidget() is window.idle
    hub.close("t2", "C-008", counter=3)
    assert window.pages.currentWidget() is window.ask
    assert window.question.text() == "Bagaimana pelayanan kami?"
    assert "C-008" in window.ticket.text()
    assert [face.word for face in window.faces] == [
        "Tidak baik", "Kurang baik", "Baik", "Sangat baik"]  # fmt: skip
    qtbot.waitUntil(lambda: all(face.isVisible() for face in window.faces))
    for face in window.faces:  # large touch targets, side by side
        assert face.width() >= 200, face.size()
        assert face.height() >= 250, face.size()


def test_a_face_rates_once_and_the_thanks_go_back_to_idle(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    window = app.window
    hub.close("t2", "C-008", counter=3)
    qtbot.mouseClick(window.faces[3], Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.thanks
    assert window.thanks_text.text() == THANKS
    assert [(s.method, s.path, s.body) for s in hub.sent] == [
        ("POST", "/tickets/t2/rating", {"score": 4})]  # fmt: skip
    qtbot.keyClick(window, Qt.Key.Key_1)  # a second press: nothing more is sent
    qtbot.mouseClick(window.faces[0], Qt.MouseButton.LeftButton)
    hub.answer(201, {"ticket_id": "t2", "score": 4})
    assert hub.sent == []
    qtbot.waitUntil(lambda: screen(app) is Screen.IDLE, timeout=3000)


def test_keys_one_to_four_rate_as_the_faces_do(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    hub.close("t3", "A-010", counter=3)
    qtbot.keyClick(app.window, Qt.Key.Key_2)
    assert hub.sent[0].body == {"score": 2}
    assert screen(app) is Screen.THANKS


def test_an_unanswered_question_goes_back_to_idle(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    hub.close("t2", "C-008", counter=3)
    qtbot.waitUntil(lambda: screen(app) is Screen.IDLE, timeout=3000)
    qtbot.keyClick(app.window, Qt.Key.Key_4)
    assert hub.sent == []


def test_a_new_close_replaces_the_unanswered_question(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    hub.close("t2", "C-008", counter=3)
    hub.close("t4", "C-009", counter=3)
    assert "C-009" in app.window.ticket.text()
    qtbot.keyClick(app.window, Qt.Key.Key_3)
    assert hub.sent[0].path == "/tickets/t4/rating"


def test_already_rated_is_said_in_indonesian(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    hub.close("t2", "C-008", counter=3)
    qtbot.keyClick(app.window, Qt.Key.Key_4)
    hub.answer(409, {"error": {"code": "already_rated", "message": "Sudah dinilai.",
                               "message_en": "Already rated."}})  # fmt: skip
    assert app.window.thanks_text.text() == ALREADY


def test_a_replayed_close_asks_only_while_its_citizen_may_still_be_there(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    hub.close("old", "C-001", counter=3, replayed=True, ago_s=600)
    assert screen(app) is Screen.IDLE
    hub.close("new", "C-002", counter=3, replayed=True, ago_s=0.1)
    assert screen(app) is Screen.ASK


def test_with_the_hub_away_it_says_so_and_loses_no_press(qtbot, booth) -> None:  # type: ignore[no-untyped-def]
    app, hub = booth
    window = app.window
    hub.close("t2", "C-008", counter=3)
    hub.go_online(False)
    assert window.banner.isVisible()
    assert window.banner.text() == WAITING
    qtbot.keyClick(window, Qt.Key.Key_4)
    assert window.thanks_text.text() == THANKS  # the citizen is thanked at once
    hub.answer(0)  # not reached
    qtbot.waitUntil(lambda: len(hub.sent) == 1, timeout=5000)  # sent again, by itself
    hub.answer(0)
    assert list(app.flow.outbox)  # still kept
    hub.go_online(True)
    assert not window.banner.isVisible()
    qtbot.waitUntil(lambda: len(hub.sent) == 1, timeout=5000)
    assert hub.answer(201).path == "/tickets/t2/rating"
    assert not app.flow.outbox
