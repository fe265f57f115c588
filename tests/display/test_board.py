"""The TV's model: snapshot, then events, filtered for one floor's TV."""

from __future__ import annotations

from typing import Any

from display.board import Board
from hub_client.events import HubEvent
from tests.views import message, state

SNAPSHOT = {
    "seq": 3,
    "office": {"name": "MPP Kota Samarinda", "timezone": "Asia/Makassar"},
    "services": [
        {"code": "informasi", "name": "Informasi", "waiting": 2, "open": True},
        {"code": "dukcapil", "name": "Kependudukan (Dukcapil)", "waiting": 9, "open": True},
    ],
    "counters": [
        {"number": 1, "name": "Loket 1", "paused": False, "current": {"id": "t1", "number": "A-001"}},
        {"number": 4, "name": "Loket 4", "paused": True, "current": None},
    ],
    "recent_calls": [
        {"seq": 3, "type": "ticket.called", "at": "2026-11-23T01:02:00.000Z", "ticket_id": "t1",
         "number": "A-001", "service": "informasi", "counter": 1, "priority": False},
    ],
}  # fmt: skip


def raw_call(
    seq: int, number: str, counter: int, service: str, kind: str = "ticket.called"
) -> dict[str, Any]:
    return {"seq": seq, "type": kind, "at": "2026-11-23T01:05:00.000Z", "ticket_id": f"t{seq}",
            "number": number, "service": service, "counter": counter, "priority": True,
            "waited_s": 60, "recall_count": 1}  # fmt: skip


def call(
    seq: int, number: str, counter: int, service: str, kind: str = "ticket.called"
) -> HubEvent:
    return message(raw_call(seq, number, counter, service, kind))


def test_snapshot_then_a_call() -> None:
    board = Board()
    board.load(state(SNAPSHOT))
    assert board.current is not None
    assert board.current.number == "A-001"
    assert board.counters[4].paused
    entry = board.apply(call(4, "C-007", 4, "dukcapil"))
    assert entry is not None
    assert (board.current.number, board.current.counter_name) == ("C-007", "Loket 4")
    assert board.counters[4].ticket == "C-007"
    assert [e.number for e in board.recent] == ["C-007", "A-001"]
    assert board.current.priority


def test_a_recall_flashes_again_without_a_new_line() -> None:
    board = Board()
    board.load(state(SNAPSHOT))
    entry = board.apply(call(4, "A-001", 1, "informasi", kind="ticket.recalled"))
    assert entry is not None
    assert entry.recall
    assert [e.number for e in board.recent] == ["A-001"]


def test_a_floor_tv_shows_only_its_counters() -> None:
    board = Board(counters=[4])
    board.load(state(SNAPSHOT))
    assert list(board.counters) == [4]
    assert board.current is None
    assert board.apply(call(4, "A-002", 1, "informasi")) is None
    assert board.apply(call(5, "C-008", 4, "dukcapil")) is not None


def test_a_service_filter_hides_other_services_counts() -> None:
    board = Board(services=["dukcapil"])
    board.load(state(SNAPSHOT))
    assert [s.code for s in board.services] == ["dukcapil"]


def test_a_replayed_call_the_snapshot_holds_is_not_listed_twice() -> None:
    board = Board()
    board.load(state(SNAPSHOT))  # seq 3 holds A-001's call
    again = board.apply(message({**SNAPSHOT["recent_calls"][0], "waited_s": 60, "replayed": True}))
    assert again is not None
    assert again.number == "A-001"
    assert [e.number for e in board.recent] == ["A-001"]


# ---- which call the big box shows ---------------------------------------------------

FOUR_COUNTERS = {
    "seq": 10,
    "office": {"name": "MPP", "timezone": "Asia/Makassar"},
    "services": [],
    "counters": [
        {"number": n, "name": f"Loket {n}", "paused": False, "current": None} for n in (1, 2, 3, 4)
    ],
    "recent_calls": [],
}


# What each kind carries beyond what a test says (only the fields of its type are read).
EVENT_DEFAULTS = {"service_s": 120, "from_service": "informasi", "from_counter": None,
                  "to_counter": None}  # fmt: skip


def event(seq: int, kind: str, **fields: object) -> HubEvent:
    return message({"seq": seq, "type": kind, "at": "2026-11-23T01:06:00.000Z",
                    **EVENT_DEFAULTS, **fields})  # fmt: skip


def two_calls_in_a_row() -> Board:
    board = Board()
    board.load(state(FOUR_COUNTERS))
    board.apply(call(11, "A-001", 1, "informasi"))
    board.apply(call(12, "A-002", 3, "informasi"))
    return board


def test_the_big_box_shows_the_newest_of_two_calls_and_lists_the_other() -> None:
    board = two_calls_in_a_row()
    assert board.current is not None
    assert board.current.number == "A-002"
    assert [e.number for e in board.previous()] == ["A-001"]


def test_a_counter_on_a_break_no_longer_holds_the_big_box() -> None:
    board = two_calls_in_a_row()
    board.apply(event(13, "counter.paused", counter=3, reason="istirahat"))
    assert board.current is not None
    assert board.current.number == "A-001"  # Loket 1 still waits for its citizen
    assert [e.number for e in board.previous()] == ["A-002"]


def test_a_call_stays_over_after_its_counter_comes_back_from_a_break() -> None:
    board = two_calls_in_a_row()
    board.apply(event(13, "counter.paused", counter=3, reason="istirahat"))
    board.apply(event(14, "counter.resumed", counter=3))
    assert board.current is not None
    assert board.current.number == "A-001"
    # A recall after the break is a new call: live again.
    board.apply(call(15, "A-002", 3, "informasi", kind="ticket.recalled"))
    assert board.current is not None
    assert (board.current.number, board.current.recall) == ("A-002", True)


def test_a_closed_no_show_or_transferred_ticket_is_not_live() -> None:
    for kind in ("ticket.closed", "ticket.no_show", "ticket.transferred"):
        board = two_calls_in_a_row()
        board.apply(event(13, kind, ticket_id="t12", number="A-002", service="informasi",
                          counter=3))  # fmt: skip
        assert board.current is not None, kind
        assert board.current.number == "A-001", kind
        assert board.counters[3].ticket is None, kind
        board.apply(event(14, kind, ticket_id="t11", number="A-001", service="informasi",
                          counter=1))  # fmt: skip
        assert board.current is None, kind
        assert [e.number for e in board.previous()] == ["A-002", "A-001"], kind


def test_a_call_being_served_stays_live() -> None:
    board = two_calls_in_a_row()
    board.apply(event(13, "ticket.serving", ticket_id="t12", number="A-002",
                      service="informasi", counter=3))  # fmt: skip
    assert board.current is not None
    assert board.current.number == "A-002"


def test_a_counter_that_moved_on_gives_the_box_to_its_next_call() -> None:
    board = two_calls_in_a_row()
    board.apply(event(13, "ticket.closed", ticket_id="t11", number="A-001",
                      service="informasi", counter=1))  # fmt: skip
    board.apply(call(14, "A-003", 1, "informasi"))
    assert board.current is not None
    assert board.current.number == "A-003"
    assert [e.number for e in board.previous()] == ["A-002", "A-001"]


def test_a_fresh_snapshot_without_seqs_keeps_the_previous_calls() -> None:
    """The hub's recent_calls carry no seq: every entry read 0 and the display took them
    all for the current call, so the line went empty after every reconnect."""
    snapshot = dict(FOUR_COUNTERS)
    snapshot["counters"] = [
        {"number": 1, "name": "Loket 1", "paused": False, "current": {"id": "t11", "number": "A-001"}},
        {"number": 3, "name": "Loket 3", "paused": False, "current": {"id": "t12", "number": "A-002"}},
    ]  # fmt: skip
    newest_first = [raw_call(12, "A-002", 3, "informasi"), raw_call(11, "A-001", 1, "informasi"),
                    raw_call(11, "A-001", 1, "informasi", kind="ticket.recalled")]  # fmt: skip
    del newest_first[2]["priority"]  # as the hub sends a recall
    snapshot["recent_calls"] = [
        {k: v for k, v in c.items() if k != "seq"} | {"recall": c["type"] == "ticket.recalled"}
        for c in [newest_first[2], newest_first[0], newest_first[1]]
    ]  # the recall of A-001 came last
    board = Board()
    board.load(state(snapshot))
    assert board.current is not None
    assert (board.current.number, board.current.recall) == ("A-001", True)
    assert board.current.priority  # from the call it repeats: a recall says nothing of it
    assert [e.number for e in board.previous()] == ["A-002"]  # the recall is not a new line


def test_an_older_call_whose_citizen_is_being_served_does_not_come_back() -> None:
    board = two_calls_in_a_row()
    board.apply(event(13, "ticket.serving", ticket_id="t11", number="A-001",
                      service="informasi", counter=1))  # fmt: skip
    board.apply(event(14, "counter.paused", counter=3, reason="istirahat"))
    assert board.current is None  # A-001 is at Loket 1 already: nothing to call out
    assert [e.number for e in board.previous()] == ["A-002", "A-001"]


def test_a_snapshot_tells_a_served_citizen_from_an_awaited_one() -> None:
    snapshot = dict(FOUR_COUNTERS)
    snapshot["counters"] = [
        {"number": 1, "name": "Loket 1", "paused": False,
         "current": {"id": "t11", "number": "A-001", "state": "serving"}},
        {"number": 2, "name": "Loket 2", "paused": False,
         "current": {"id": "t12", "number": "A-002", "state": "called"}},
        {"number": 3, "name": "Loket 3", "paused": True, "current": None},
    ]  # fmt: skip
    calls = [raw_call(13, "A-003", 3, "informasi"), raw_call(12, "A-002", 2, "informasi"),
             raw_call(11, "A-001", 1, "informasi")]  # fmt: skip
    snapshot["recent_calls"] = [{k: v for k, v in c.items() if k != "seq"} for c in calls]
    board = Board()
    board.load(state(snapshot))
    assert board.current is not None
    assert board.current.number == "A-002"  # A-003's counter is on a break; A-001 served
