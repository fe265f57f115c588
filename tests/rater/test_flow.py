"""The rater's flow, Qt-free: who is asked, one rating per ticket, nothing pressed lost."""

from __future__ import annotations

from rater.flow import ALREADY, THANKS, RaterFlow, Rating, Screen


def test_a_close_at_this_counter_asks_and_one_elsewhere_does_not() -> None:
    flow = RaterFlow(counter=3)
    assert not flow.closed("t1", "A-001", counter=4)
    assert flow.state.screen is Screen.IDLE
    assert flow.closed("t2", "A-002", counter=3)
    assert (flow.state.screen, flow.state.ticket_id, flow.state.number) == (
        Screen.ASK,
        "t2",
        "A-002",
    )


def test_one_press_rates_the_ticket_once() -> None:
    flow = RaterFlow(counter=3)
    flow.closed("t1", "A-001", 3)
    assert flow.press(4) == Rating("t1", "A-001", 4)
    assert (flow.state.screen, flow.state.message) == (Screen.THANKS, THANKS)
    assert flow.press(1) is None  # a second press on the thanks
    assert list(flow.outbox) == [Rating("t1", "A-001", 4)]
    flow.timed_out()
    assert flow.press(2) is None  # nor on the greeting
    assert not flow.closed("t1", "A-001", 3)  # the same close replayed asks no more


def test_keys_outside_one_to_four_rate_nothing() -> None:
    flow = RaterFlow(counter=1)
    flow.closed("t1", "A-001", 1)
    assert flow.press(0) is None
    assert flow.press(5) is None
    assert flow.state.screen is Screen.ASK


def test_a_new_close_replaces_an_unanswered_question() -> None:
    flow = RaterFlow(counter=1)
    flow.closed("t1", "A-001", 1)
    flow.closed("t2", "A-002", 1)
    assert flow.press(3) == Rating("t2", "A-002", 3)


def test_a_rating_waits_until_the_hub_has_answered_it() -> None:
    flow = RaterFlow(counter=1)
    flow.closed("t1", "A-001", 1)
    flow.press(2)
    flow.closed("t2", "A-002", 1)
    flow.press(4)
    first = flow.next_to_send()
    assert first == Rating("t1", "A-001", 2)
    assert flow.next_to_send() is None  # one at a time
    assert not flow.answered(0)  # the hub was not reached: kept, first in line
    assert not flow.answered(0)  # nothing in flight: nothing happens
    assert flow.next_to_send() == first
    assert not flow.answered(503)  # the hub starting up: kept too
    assert flow.next_to_send() == first
    assert flow.answered(201)
    assert flow.next_to_send() == Rating("t2", "A-002", 4)
    assert flow.answered(201)
    assert not flow.outbox


def test_a_refused_rating_is_dropped_and_already_rated_is_said() -> None:
    flow = RaterFlow(counter=1)
    flow.closed("t1", "A-001", 1)
    flow.press(3)
    flow.next_to_send()
    assert flow.answered(409)
    assert flow.state.message == ALREADY
    assert not flow.outbox
