"""The TV's model: snapshot, then events, filtered for one floor's TV."""

from __future__ import annotations

from display.board import Board

SNAPSHOT = {
    "seq": 3,
    "office": {"name": "MPP Kota Samarinda", "timezone": "Asia/Makassar"},
    "services": [
        {"code": "informasi", "name": "Informasi", "waiting": 2, "open": True},
        {"code": "dukcapil", "name": "Kependudukan (Dukcapil)", "waiting": 9, "open": True},
    ],
    "counters": [
        {"number": 1, "name": "Loket 1", "paused": False, "current": {"number": "A-001"}},
        {"number": 4, "name": "Loket 4", "paused": True, "current": None},
    ],
    "recent_calls": [
        {"seq": 3, "type": "ticket.called", "at": "2026-11-23T01:02:00.000Z", "ticket_id": "t1",
         "number": "A-001", "service": "informasi", "counter": 1, "priority": False},
    ],
}  # fmt: skip


def call(seq: int, number: str, counter: int, service: str, kind: str = "ticket.called") -> dict:
    return {"seq": seq, "type": kind, "at": "2026-11-23T01:05:00.000Z", "ticket_id": f"t{seq}",
            "number": number, "service": service, "counter": counter, "priority": True}  # fmt: skip


def test_snapshot_then_a_call() -> None:
    board = Board()
    board.load(SNAPSHOT)
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
    board.load(SNAPSHOT)
    entry = board.apply(call(4, "A-001", 1, "informasi", kind="ticket.recalled"))
    assert entry is not None
    assert entry.recall
    assert [e.number for e in board.recent] == ["A-001"]


def test_a_floor_tv_shows_only_its_counters() -> None:
    board = Board(counters=[4])
    board.load(SNAPSHOT)
    assert list(board.counters) == [4]
    assert board.current is None
    assert board.apply(call(4, "A-002", 1, "informasi")) is None
    assert board.apply(call(5, "C-008", 4, "dukcapil")) is not None


def test_a_service_filter_hides_other_services_counts() -> None:
    board = Board(services=["dukcapil"])
    board.load(SNAPSHOT)
    assert [s.code for s in board.services] == ["dukcapil"]


def test_a_replayed_call_the_snapshot_holds_is_not_listed_twice() -> None:
    board = Board()
    board.load(SNAPSHOT)  # seq 3 holds A-001's call
    again = board.apply({**SNAPSHOT["recent_calls"][0], "replayed": True})
    assert again is not None
    assert again.number == "A-001"
    assert [e.number for e in board.recent] == ["A-001"]
