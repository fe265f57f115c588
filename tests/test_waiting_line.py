"""The waiting line answers in O(log n) what the old scans answered: checked against a
plain list model under random arrivals, calls, transfers and priority."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hub.engine.model import Ticket
from hub.engine.waiting import WaitingLine

T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def ticket(order: int, priority: bool, queued_s: int, since_s: int) -> Ticket:
    return Ticket(
        id=f"t{order}", number=f"A-{order:03d}", service="A", sequence=order,
        business_date=T0.date(), priority=priority, category=None,
        issued_at=T0 + dt.timedelta(seconds=queued_s),
        queued_at=T0 + dt.timedelta(seconds=queued_s), order=order,
        waiting_since=T0 + dt.timedelta(seconds=since_s),
    )  # fmt: skip


def naive_ahead(waiting: list[Ticket], of: Ticket) -> int:
    return sum(
        1
        for other in waiting
        if (other.priority and not of.priority)
        or (other.priority == of.priority and other.queue_key < of.queue_key)
    )


operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "requeue"]),
        st.booleans(),
        st.integers(0, 50),
        st.integers(0, 50),
    ),  # fmt: skip
    max_size=60,
)


@given(operations)
def test_the_line_agrees_with_a_plain_list(ops: list[tuple[str, bool, int, int]]) -> None:
    line = WaitingLine()
    model: dict[str, Ticket] = {}
    order = 0
    for op, priority, a, b in ops:
        if op == "add" or not model:
            order += 1
            new = ticket(order, priority, queued_s=a, since_s=a + b)
            line.add(new)
            model[new.id] = new
        elif op == "remove":
            gone = sorted(model)[a % len(model)]
            line.remove(gone)
            del model[gone]
        else:  # a transfer files the ticket again, under its new times
            moved = model[sorted(model)[a % len(model)]]
            line.remove(moved.id)
            again = dataclasses.replace(moved, waiting_since=T0 + dt.timedelta(seconds=99))
            line.add(again)
            model[again.id] = again
        waiting = list(model.values())
        assert len(line) == len(waiting)
        for each in waiting:
            assert line.ahead_of(each) == naive_ahead(waiting, each)
        expected = sorted(waiting, key=lambda t: (not t.priority, t.queue_key))
        assert [t.id for t in line.in_order()] == [t.id for t in expected]
        assert line.priority_count == sum(t.priority for t in waiting)
        assert line.longest_since() == min((t.waiting_since for t in waiting), default=None)
        assert line.ahead_of_new(True) == line.priority_count
        assert line.ahead_of_new(False) == len(waiting)
        first = line.first(False, lambda t: t.order % 2 == 0)
        normals = [t for t in expected if not t.priority and t.order % 2 == 0]
        assert first == (normals[0] if normals else None)
