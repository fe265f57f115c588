"""The kiosk's Survei button against the real hub: today's printed number, the nine
unsur one per screen, posted once; clear words before the close and once answered; back
to the start when left alone. `ANTRIAN_KIOSK_SHOTS=DIR` keeps the screens as PNGs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import httpx
import pytest

from kiosk.flow import Screen
from kiosk.survey import THANKS
from protocol.survey import UNSUR
from tests.hubproc import HubProcess
from tests.kiosk.harness import Kiosk, start_kiosk, touch

pytestmark = pytest.mark.slow


def shot(kiosk: Kiosk, name: str) -> None:
    folder = os.environ.get("ANTRIAN_KIOSK_SHOTS")
    if folder:
        kiosk.window.grab().save(str(Path(folder) / f"kiosk-survey-{name}.png"))


def type_number(qtbot, kiosk: Kiosk, number: str) -> None:  # type: ignore[no-untyped-def]
    page = kiosk.window.survey
    touch(qtbot, kiosk.window.survey_button)
    assert kiosk.window.pages.currentWidget() is page
    letter, digits = number.split("-")
    letters = [page.letter_row.itemAt(i).widget() for i in range(page.letter_row.count())]
    touch(qtbot, next(b for b in letters if b.text() == letter))
    for digit in digits.lstrip("0"):
        touch(qtbot, next(b for b in page.entry.findChildren(type(page.go)) if b.text() == digit))
    assert page.typed.text() == f"{letter}-{digits.lstrip('0')}"


def answer_all(qtbot, kiosk: Kiosk, score: int) -> None:  # type: ignore[no-untyped-def]
    page = kiosk.window.survey
    touch(qtbot, page.go)
    for index, unsur in enumerate(UNSUR):
        assert page.progress.text() == f"Pertanyaan {index + 1} dari 9"
        assert page.question.text() == unsur.question
        assert [b.text() for b in page.choices] == list(unsur.choices)
        if index == 6:
            shot(kiosk, "question")
        touch(qtbot, page.choices[score - 1])


def respondents(kiosk: Kiosk) -> int:
    today = dt.datetime.now(dt.UTC).date()
    span = {"from": str(today - dt.timedelta(days=1)), "to": str(today + dt.timedelta(days=1))}
    reply = httpx.get(f"{kiosk.hub.url}/survey", params=span, headers=kiosk.admin)
    assert reply.status_code == 200, reply.text
    return int(reply.json()["respondents"])


def test_a_survey_at_the_kiosk_by_the_printed_number(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    kiosk = start_kiosk(qtbot, running_hub, "preview:///dev/null")
    kiosk.window.resize(1080, 1920)
    post = lambda path: httpx.post(f"{running_hub.url}{path}", headers=kiosk.admin)  # noqa: E731
    issued = httpx.post(f"{running_hub.url}/tickets", headers=kiosk.admin,
                        json={"service": "informasi"}).json()  # fmt: skip
    page = kiosk.window.survey

    type_number(qtbot, kiosk, issued["number"])
    shot(kiosk, "number")
    answer_all(qtbot, kiosk, 3)
    qtbot.waitUntil(lambda: "belum selesai dilayani" in page.result.text(), timeout=5000)
    assert issued["number"] in page.result.text()
    touch(qtbot, page.findChildren(type(page.go))[-1])  # "Kembali"
    qtbot.waitUntil(lambda: kiosk.window.pages.currentWidget() is kiosk.window.start)

    called = post("/counters/1/call-next").json()
    assert called["id"] == issued["id"]
    assert post(f"/tickets/{called['id']}/close").status_code == 200
    type_number(qtbot, kiosk, issued["number"])
    answer_all(qtbot, kiosk, 4)
    qtbot.waitUntil(lambda: page.result.text() == THANKS, timeout=5000)
    shot(kiosk, "thanks")
    assert respondents(kiosk) == 1

    touch(qtbot, page.findChildren(type(page.go))[-1])
    type_number(qtbot, kiosk, issued["number"])
    answer_all(qtbot, kiosk, 1)
    qtbot.waitUntil(lambda: "sudah diisi" in page.result.text(), timeout=5000)
    shot(kiosk, "answered")
    assert respondents(kiosk) == 1  # one answer per ticket


def test_a_survey_left_alone_goes_back_to_the_start(qtbot, running_hub: HubProcess) -> None:  # type: ignore[no-untyped-def]
    kiosk = start_kiosk(qtbot, running_hub, "preview:///dev/null")
    page = kiosk.window.survey
    page._idle.setInterval(300)
    touch(qtbot, kiosk.window.survey_button)
    letter = page.letter_row.itemAt(0).widget()
    touch(qtbot, letter)  # a first key, then nothing
    assert page.typed.text() == letter.text()
    assert kiosk.window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: kiosk.window.pages.currentWidget() is kiosk.window.start, timeout=3000)
    assert not page.active
    assert kiosk.app.flow.state.screen is Screen.START


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_survey_fits_the_kiosk_screen(qtbot, running_hub: HubProcess, size) -> None:  # type: ignore[no-untyped-def]
    """On a 1080p screen, landscape or portrait, every key of the number entry and of a
    question is on the screen (in landscape the keypad stands beside the number), and
    the letter keys, made when the services arrive, are as large as the digits."""
    kiosk = start_kiosk(qtbot, running_hub, "preview:///dev/null")
    window, page = kiosk.window, kiosk.window.survey
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    touch(qtbot, window.survey_button)

    def on_screen(widget) -> bool:  # type: ignore[no-untyped-def]
        corner = widget.mapTo(window, widget.rect().bottomRight())
        return widget.isVisible() and corner.x() < size[0] and corner.y() < size[1]

    keys = page.entry.findChildren(type(page.go))
    letters = [page.letter_row.itemAt(i).widget() for i in range(page.letter_row.count())]
    qtbot.waitUntil(lambda: all(on_screen(key) for key in keys))
    assert window.size().toTuple() == size
    digit = next(key for key in keys if key.text() == "1")
    assert letters
    assert {b.font().pixelSize() for b in letters} == {digit.font().pixelSize()}
    assert digit.height() >= 110  # a touch target, whichever the shape
    touch(qtbot, next(b for b in letters if b.text() == "A"))
    touch(qtbot, digit)
    touch(qtbot, page.go)
    assert page.progress.text() == "Pertanyaan 1 dari 9"
    qtbot.waitUntil(
        lambda: all(on_screen(b) for b in page.question_page.findChildren(type(page.go)))
    )
    assert window.size().toTuple() == size
