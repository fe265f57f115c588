"""What an appliance gets from the events stream and from a reply: typed, and never fatal."""

from __future__ import annotations

import logging

import pytest

from display.board import Board
from hub_client.events import UnknownEvent, parse_message
from hub_client.replies import read_reply
from protocol.events import OfficerSignedIn, TicketCalled, TicketIssued
from protocol.views import ServiceView, TicketView
from tests.views import message, service, state, ticket

AT = "2026-11-23T01:05:00.000Z"
CALLED = {"seq": 7, "type": "ticket.called", "v": 1, "at": AT, "ticket_id": "t1",
          "number": "A-001", "service": "informasi", "counter": 2, "waited_s": 61,
          "priority": False}  # fmt: skip


def test_a_call_comes_as_the_protocols_event_with_its_seq() -> None:
    received = parse_message({**CALLED, "replayed": True})
    assert isinstance(received.event, TicketCalled)
    assert (received.seq, received.replayed) == (7, True)
    assert (received.event.number, received.event.counter, received.event.waited_s) == (
        "A-001", 2, 61,
    )  # fmt: skip
    assert received.wire["number"] == "A-001"  # the caller reads the wire form


def test_a_version_1_issue_is_read_as_the_current_version() -> None:
    received = parse_message({"seq": 3, "type": "ticket.issued", "at": AT, "ticket_id": "t1",
                              "number": "A-001", "service": "informasi", "sequence": 1,
                              "business_date": "2026-11-23", "priority": True,
                              "category": "lansia", "ahead": 4})  # fmt: skip
    assert isinstance(received.event, TicketIssued)
    assert received.event.eta_minutes is None  # version 1 did not keep it
    assert received.event.priority


def test_a_type_of_a_newer_hub_comes_as_an_unknown_event(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="hub_client.events"):
        received = parse_message({"seq": 9, "type": "complaint.filed", "v": 1, "at": AT,
                                  "complaint_id": "c-1"})  # fmt: skip
    assert received.event == UnknownEvent("complaint.filed")
    assert (received.seq, received.type) == (9, "complaint.filed")
    assert "complaint.filed" in caplog.text


def test_a_known_type_in_a_shape_this_version_cannot_read_is_unknown_not_a_crash() -> None:
    without_counter = {key: value for key, value in CALLED.items() if key != "counter"}
    assert parse_message(without_counter).event == UnknownEvent("ticket.called")
    assert parse_message({**CALLED, "at": "kemarin"}).event == UnknownEvent("ticket.called")


def test_the_board_steps_over_an_unknown_event_and_takes_the_next_call() -> None:
    board = Board()
    board.load(state({"seq": 6, "counters": [{"number": 2}]}))
    assert board.apply(message({"seq": 7, "type": "complaint.filed", "at": AT})) is None
    assert board.seq == 7  # the snapshot's picture is still right; the next event is 8
    entry = board.apply(message({**CALLED, "seq": 8}))
    assert entry is not None
    assert (entry.number, entry.counter_name) == ("A-001", "Loket 2")


def test_a_reply_is_read_as_its_model_or_as_the_refusal() -> None:
    body = ticket({"number": "A-009"}).model_dump(mode="json")
    issued = read_reply(TicketView, 201, body)
    assert issued.view is not None
    assert (issued.ok, issued.view.number, issued.error) == (True, "A-009", None)

    refusal = {"error": {"code": "quota_reached", "message": "Kuota layanan hari ini habis.",
                         "message_en": "quota reached"}}  # fmt: skip
    refused = read_reply(TicketView, 409, refusal)
    assert (refused.ok, refused.view, refused.message) == (
        False, None, "Kuota layanan hari ini habis.",
    )  # fmt: skip
    assert read_reply(TicketView, 0, None).status == 0
    assert read_reply(TicketView, 204, None).view is None  # nobody waiting


def test_a_list_reply_is_read_as_a_list_of_models() -> None:
    body = [service({"code": "dukcapil", "waiting": 3}).model_dump(mode="json")]
    services = read_reply(list[ServiceView], 200, body).view
    assert services is not None
    assert [(s.code, s.waiting) for s in services] == [("dukcapil", 3)]


def test_a_reply_the_model_does_not_fit_has_no_view(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="hub_client.replies"):
        reply = read_reply(TicketView, 201, {"id": "t1"})
    assert (reply.status, reply.view) == (201, None)
    assert "TicketView" in caplog.text


def test_a_sign_in_without_the_withheld_officer_fields_is_still_a_sign_in() -> None:
    received = parse_message({"seq": 4, "type": "counter.signed_in", "v": 1, "at": AT,
                              "counter": 3})  # fmt: skip
    assert isinstance(received.event, OfficerSignedIn)
    assert (received.event.counter, received.event.officer, received.event.officer_name) == (
        3, "", "",
    )  # fmt: skip
