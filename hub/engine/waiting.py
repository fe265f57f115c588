"""The citizens waiting for one service, kept in the order they will be called.

A busy MPP has thousands waiting by mid-morning. Issuing a ticket, calling the next,
telling a citizen how many are ahead and estimating their wait must not cost more as
the line grows, so the line is two sorted lists (priority first, then the rest, each by
queue order) plus one by the start of each wait: every operation is O(log n).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from sortedcontainers import SortedList

from hub.engine.model import Ticket

# (queued_at, order, id): `order` breaks ties of one millisecond, `id` keeps keys unique.
_Key = tuple[dt.datetime, int, str]


class WaitingLine:
    def __init__(self) -> None:
        self._priority: SortedList[_Key] = SortedList()
        self._normal: SortedList[_Key] = SortedList()
        self._since: SortedList[_Key] = SortedList()  # by the start of the current wait
        # Where and under which keys a ticket was filed: a transfer changes it afterwards.
        self._filed: dict[str, tuple[SortedList[_Key], _Key, _Key]] = {}
        self._tickets: dict[str, Ticket] = {}

    def __len__(self) -> int:
        return len(self._tickets)

    def __contains__(self, ticket_id: object) -> bool:
        return ticket_id in self._tickets

    def add(self, ticket: Ticket) -> None:
        if ticket.id in self._tickets:
            self.remove(ticket.id)
        key = (ticket.queued_at, ticket.order, ticket.id)
        since = (ticket.waiting_since, ticket.order, ticket.id)
        line = self._priority if ticket.priority else self._normal
        line.add(key)
        self._since.add(since)
        self._filed[ticket.id] = (line, key, since)
        self._tickets[ticket.id] = ticket

    def remove(self, ticket_id: str) -> None:
        if self._tickets.pop(ticket_id, None) is None:
            return
        line, key, since = self._filed.pop(ticket_id)
        line.remove(key)
        self._since.remove(since)

    @property
    def priority_count(self) -> int:
        return len(self._priority)

    def ahead_of(self, ticket: Ticket) -> int:
        """Citizens called before this one: priority first (UU 25/2009 Pasal 29)."""
        line, key, _ = self._filed[ticket.id]
        if line is self._priority:
            return self._priority.bisect_left(key)
        return len(self._priority) + self._normal.bisect_left(key)

    def ahead_of_new(self, priority: bool) -> int:
        """How many a new ticket would have ahead of it."""
        return len(self._priority) if priority else len(self._tickets)

    def first(self, priority: bool, eligible: Callable[[Ticket], bool]) -> Ticket | None:
        """The first ticket of one kind that `eligible` accepts (a transfer may have sent
        the ones at the head to another counter: those are few, and skipped)."""
        for _queued, _order, ticket_id in self._priority if priority else self._normal:
            ticket = self._tickets[ticket_id]
            if eligible(ticket):
                return ticket
        return None

    def longest_since(self) -> dt.datetime | None:
        """When the longest current wait began."""
        return self._since[0][0] if self._since else None

    def in_order(self) -> list[Ticket]:
        return [self._tickets[key[2]] for key in self._keys()]

    def _keys(self) -> Iterator[_Key]:
        yield from self._priority
        yield from self._normal
