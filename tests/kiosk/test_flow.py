"""The kiosk's state machine, without Qt or a hub."""

from __future__ import annotations

import itertools
from typing import Any

from hub_client.client import wire
from hub_client.replies import read_reply
from kiosk.flow import HALF_FINISHED, IssueRequest, KioskFlow, Screen
from protocol.views import TicketView
from tests.views import ticket

SERVICES = [
    {"code": "informasi", "name": "Informasi", "open": True},
    {"code": "dukcapil", "name": "Kependudukan (Dukcapil)", "open": False},
]
TICKET = wire(ticket({"id": "t1", "number": "A-001", "service": "informasi",
                      "status_path": "/t/t1"}))  # fmt: skip


def answer(flow: KioskFlow, status: int, body: dict[str, Any] | None) -> IssueRequest | None:
    """The hub's reply (status and JSON) to the flow's pending request."""
    return flow.issue_answered(read_reply(TicketView, status, body))


def ready_flow() -> KioskFlow:
    keys = itertools.count(1)
    flow = KioskFlow(new_key=lambda: f"key-{next(keys)}")
    flow.services_changed(SERVICES)
    flow.hub_online(True)
    return flow


def test_a_double_tap_makes_one_request() -> None:
    flow = ready_flow()
    first = flow.tap_service(0)
    assert first is not None
    assert flow.tap_service(0) is None
    assert flow.state.screen is Screen.ISSUING


def test_a_lost_reply_is_retried_with_the_same_key_then_gives_up() -> None:
    flow = ready_flow()
    request = flow.tap_service(0)
    assert request is not None
    retries = [answer(flow, 0, None), answer(flow, 0, None)]
    assert [r.key for r in retries if r] == [request.key, request.key]
    assert answer(flow, 0, None) is None
    assert flow.state.screen is Screen.OFFLINE


def test_the_ticket_shows_and_prints() -> None:
    flow = ready_flow()
    flow.tap_service(0)
    answer(flow, 201, TICKET)
    assert flow.state.screen is Screen.TICKET
    assert flow.state.printing
    flow.printed()
    assert not flow.state.printing


def test_a_printer_fault_keeps_the_number_on_screen_and_warns_the_next_citizen() -> None:
    flow = ready_flow()
    flow.tap_service(0)
    answer(flow, 201, TICKET)
    flow.print_failed("Kertas printer habis.")
    assert flow.state.screen is Screen.PRINTER_FAULT
    assert flow.state.ticket == TICKET
    flow.back_to_start()
    assert flow.state.screen is Screen.START
    assert flow.state.printer_down


def test_a_closed_service_says_so() -> None:
    flow = ready_flow()
    assert flow.tap_service(1) is None
    assert flow.state.screen is Screen.CLOSED
    assert flow.state.message == "Layanan Kependudukan (Dukcapil) sedang tutup."


def test_a_refusal_shows_the_hubs_message() -> None:
    flow = ready_flow()
    flow.tap_service(0)
    refusal = {
        "error": {
            "code": "quota_reached",
            "message": "Kuota antrian habis.",
            "message_en": "quota reached",
        }
    }
    answer(flow, 409, refusal)
    assert flow.state.screen is Screen.CLOSED
    assert flow.state.message == "Kuota antrian habis."


def test_priority_category_goes_with_the_next_ticket_only() -> None:
    flow = ready_flow()
    flow.categories_changed([{"code": "lansia", "name": "Lansia"}])
    flow.ask_priority()
    flow.choose_category("lansia")
    request = flow.tap_service(0)
    assert request is not None
    assert (request.priority, request.category) == (True, "lansia")
    answer(flow, 201, TICKET)
    flow.back_to_start()
    again = flow.tap_service(0)
    assert again is not None
    assert (again.priority, again.category) == (False, None)


def test_losing_the_hub_on_the_start_screen_shows_offline() -> None:
    flow = ready_flow()
    flow.hub_online(False)
    assert flow.state.screen is Screen.OFFLINE
    assert flow.tap_service(0) is None
    flow.hub_online(True)
    assert flow.state.screen is Screen.START


CATEGORIES = [{"code": "ibu_hamil", "name": "Ibu hamil / membawa balita"}]
SECOND = wire(ticket({"id": "t2", "number": "A-002", "service": "informasi",
                      "status_path": "/t/t2"}))  # fmt: skip


def priority_flow() -> KioskFlow:
    """A citizen has chosen a priority category and not yet a service."""
    flow = ready_flow()
    flow.categories_changed(CATEGORIES)
    flow.ask_priority()
    flow.choose_category("ibu_hamil")
    return flow


def test_priority_mode_sticks_until_a_timeout_or_batal_takes_it_back() -> None:
    # The fault: priority mode was the start screen with a category set, so nothing
    # timed it out and the next citizen's tap, minutes later, made a priority ticket.
    flow = priority_flow()
    assert flow.state.screen is Screen.PRIORITY_SERVICE
    assert Screen.PRIORITY_SERVICE in HALF_FINISHED  # the app times these screens out
    assert Screen.PRIORITY in HALF_FINISHED
    flow.back_to_start()  # "Batal", or the idle timeout
    assert (flow.state.screen, flow.state.category) == (Screen.START, None)
    request = flow.tap_service(0)
    assert request is not None
    assert (request.priority, request.category) == (False, None)


def test_priority_is_spent_even_when_the_service_is_closed() -> None:
    flow = priority_flow()
    assert flow.tap_service(1) is None  # Dukcapil is closed
    assert flow.state.screen is Screen.CLOSED
    flow.back_to_start()
    request = flow.tap_service(0)
    assert request is not None
    assert not request.priority


def test_priority_is_spent_when_the_hub_refuses() -> None:
    flow = priority_flow()
    request = flow.tap_service(0)
    assert request is not None
    assert request.priority
    answer(
        flow,
        409,
        {
            "error": {
                "code": "quota_reached",
                "message": "Kuota habis.",
                "message_en": "quota reached",
            }
        },
    )
    flow.back_to_start()
    again = flow.tap_service(0)
    assert again is not None
    assert not again.priority


def test_losing_the_hub_in_priority_mode_drops_the_choice() -> None:
    flow = priority_flow()
    flow.hub_online(False)
    assert flow.state.screen is Screen.OFFLINE
    flow.hub_online(True)
    assert (flow.state.screen, flow.state.category) == (Screen.START, None)
    request = flow.tap_service(0)
    assert request is not None
    assert not request.priority


def test_the_next_citizen_can_start_while_the_last_ticket_prints() -> None:
    flow = ready_flow()
    flow.tap_service(0)
    answer(flow, 201, TICKET)
    flow.back_to_start()  # "Selesai" before the paper is out
    assert flow.state.screen is Screen.START
    assert flow.tap_service(0) is not None
    answer(flow, 201, SECOND)
    flow.printed()  # the first ticket's paper, not the second's
    assert flow.state.ticket == SECOND
    assert flow.state.printing
    flow.printed()
    assert not flow.state.printing


def test_a_ticket_dismissed_before_its_print_failed_comes_back_on_screen() -> None:
    flow = ready_flow()
    flow.tap_service(0)
    answer(flow, 201, TICKET)
    flow.back_to_start()
    flow.print_failed("Kertas printer habis.")
    assert flow.state.screen is Screen.PRINTER_FAULT
    assert flow.state.ticket == TICKET


def test_a_failed_print_does_not_interrupt_the_next_citizen() -> None:
    flow = ready_flow()
    flow.categories_changed(CATEGORIES)
    flow.tap_service(0)
    answer(flow, 201, TICKET)
    flow.back_to_start()
    flow.ask_priority()
    flow.print_failed("Kertas printer habis.")
    assert flow.state.screen is Screen.PRIORITY
    assert flow.state.printer_down
