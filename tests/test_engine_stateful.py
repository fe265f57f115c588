"""Hypothesis drives the engine through random days and checks what must always hold."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from common.paths import CONFIG_DIR
from hub.config_file import load_office
from hub.engine import Engine, Event, FixedClock, TicketState
from hub.engine.errors import InvalidTransition
from hub.engine.events import TicketCalled, TicketIssued, TicketTransferred
from tests.conftest import WITA, SequentialIds

OFFICE = load_office(CONFIG_DIR / "demo.toml")  # open around the clock
SERVICES = [s.code for s in OFFICE.services]
COUNTERS = [c.number for c in OFFICE.counters]
CATEGORIES = [None] + [c.code for c in OFFICE.priority.categories]
LIMIT = OFFICE.priority.max_consecutive


class QueueMachine(RuleBasedStateMachine):
    @initialize(start_hour=st.integers(0, 23))
    def open_office(self, start_hour: int) -> None:
        self.clock = FixedClock(dt.datetime(2026, 11, 23, start_hour, 0, tzinfo=WITA))
        self.ids = SequentialIds()
        self.engine = Engine(OFFICE, self.clock, self.ids)
        self.log: list[Event] = []
        self.numbers: dict[tuple[str, str], list[int]] = collections.defaultdict(list)

    def record(self, event: Event | None) -> None:
        if event is None:
            return
        if self.log:
            assert event.at >= self.log[-1].at, "time went backwards"
        self.log.append(event)
        if isinstance(event, TicketIssued):
            self.numbers[(event.business_date, event.number[0])].append(event.sequence)

    @rule(service=st.sampled_from(SERVICES), category=st.sampled_from(CATEGORIES))
    def issue(self, service: str, category: str | None) -> None:
        self.record(self.engine.issue(service, category is not None, category))

    @rule(counter=st.sampled_from(COUNTERS))
    def call_next(self, counter: int) -> None:
        self.engine.refresh()  # a new day resets pauses and streaks before we look
        state = self.engine.counters[counter]
        if state.paused or state.current is not None:
            return
        normal_waiting = any(
            not t.priority and t.target_counter in (None, counter)
            for code in state.services
            for t in self.engine.waiting(code)
        )
        must_be_normal = normal_waiting and state.priority_streak >= LIMIT
        called = self.engine.call_next(counter)
        self.record(called)
        if called is not None and must_be_normal:
            assert not called.priority, "priority starved a waiting normal ticket"
        if called is None:
            assert not normal_waiting

    @precondition(lambda self: any(c.current for c in self.engine.counters.values()))
    @rule(data=st.data(), action=st.sampled_from(["recall", "serve", "close", "no_show"]))
    def act(self, data: st.DataObject, action: str) -> None:
        busy = [c for c in self.engine.counters.values() if c.current]
        counter = data.draw(st.sampled_from(busy))
        assert counter.current is not None
        ticket = self.engine.tickets[counter.current]
        command = getattr(self.engine, action)
        # Recall, serve and no-show are for a citizen not yet being served.
        if action != "close" and ticket.state is TicketState.SERVING:
            with pytest.raises(InvalidTransition):
                command(ticket.id, counter.number)
        else:
            self.record(command(ticket.id, counter.number))

    @precondition(lambda self: any(c.current for c in self.engine.counters.values()))
    @rule(data=st.data(), to_service=st.sampled_from(SERVICES))
    def transfer(self, data: st.DataObject, to_service: str) -> None:
        busy = [c for c in self.engine.counters.values() if c.current]
        counter = data.draw(st.sampled_from(busy))
        assert counter.current is not None
        ticket = self.engine.tickets[counter.current]
        if ticket.service == to_service:
            return
        self.record(self.engine.transfer(ticket.id, to_service, counter_number=counter.number))

    @rule(counter=st.sampled_from(COUNTERS))
    def toggle_pause(self, counter: int) -> None:
        self.engine.refresh()
        if self.engine.counters[counter].paused:
            self.record(self.engine.resume(counter))
        else:
            self.record(self.engine.pause(counter, "istirahat"))

    @rule(seconds=st.one_of(st.integers(0, 1200), st.integers(3600, 9 * 3600)))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds)

    @invariant()
    def numbers_are_unique_and_gap_free(self) -> None:
        for sequences in self.numbers.values():
            assert sequences == list(range(1, len(sequences) + 1))

    @invariant()
    def each_ticket_is_held_by_at_most_one_counter(self) -> None:
        held = [c.current for c in self.engine.counters.values() if c.current]
        assert len(held) == len(set(held))
        for counter in self.engine.counters.values():
            if counter.current:
                ticket = self.engine.tickets[counter.current]
                assert ticket.state in (TicketState.CALLED, TicketState.SERVING)
                assert ticket.counter == counter.number
        for ticket in self.engine.tickets.values():
            if ticket.state in (TicketState.CALLED, TicketState.SERVING):
                assert ticket.id in held

    @invariant()
    def ticket_times_are_in_order(self) -> None:
        for ticket in self.engine.tickets.values():
            if ticket.called_at:
                assert ticket.issued_at <= ticket.called_at
            if ticket.serving_at:
                assert ticket.called_at
                assert ticket.called_at <= ticket.serving_at
            if ticket.closed_at and ticket.called_at:
                assert ticket.called_at <= ticket.closed_at

    @invariant()
    def waits_are_measured_from_the_log(self) -> None:
        if not self.log or not isinstance(self.log[-1], TicketCalled):
            return
        called = self.log[-1]
        # The wait runs from the issue, or from the last transfer, to this call.
        started = next(
            e.at
            for e in reversed(self.log)
            if isinstance(e, TicketIssued | TicketTransferred) and e.ticket_id == called.ticket_id
        )
        assert called.waited_s == int((called.at - started).total_seconds())
        late = called.waited_s >= OFFICE.compensation.threshold_minutes * 60
        earlier_case = any(
            isinstance(e, TicketCalled) and e.ticket_id == called.ticket_id and e.compensation
            for e in self.log[:-1]
        )
        assert (called.compensation is not None) == (late and not earlier_case)

    def teardown(self) -> None:
        if not hasattr(self, "engine"):
            return
        rebuilt = Engine(OFFICE, self.clock, self.ids)
        rebuilt.replay(self.log)
        rebuilt.refresh()
        self.engine.refresh()
        assert {k: dataclasses.asdict(v) for k, v in rebuilt.tickets.items()} == {
            k: dataclasses.asdict(v) for k, v in self.engine.tickets.items()
        }


QueueMachine.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestQueue = QueueMachine.TestCase
