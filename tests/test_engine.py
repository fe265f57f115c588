"""The queue engine, driven directly with a clock the test moves."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from hub.config import Office
from hub.engine import Engine, FixedClock, TicketState
from hub.engine import errors as e
from tests.conftest import WITA, SequentialIds


def at(engine: Engine, clock: FixedClock, day: int, hour: int, minute: int = 0) -> None:
    clock.set(dt.datetime(2026, 11, day, hour, minute, tzinfo=WITA))


def office_with(office: Office, **changes: object) -> Office:
    return office.model_copy(update=changes)


class TestNumbering:
    def test_numbers_run_per_service(self, engine: Engine) -> None:
        numbers = [engine.issue(code).number for code in ("informasi", "informasi", "dukcapil")]
        assert numbers == ["A-001", "A-002", "C-001"]

    def test_numbering_restarts_at_local_midnight(self, engine: Engine, clock: FixedClock) -> None:
        engine.issue("informasi")
        engine.issue("informasi")
        # 23:59 WITA Monday is still Monday's business day (15:59 UTC) ...
        at(engine, clock, 23, 18, 59)
        assert engine.issue("informasi").number == "A-003"
        # ... and Tuesday 08:00 WITA (00:00 UTC) starts again at 001.
        at(engine, clock, 24, 8, 0)
        issued = engine.issue("informasi")
        assert issued.number == "A-001"
        assert issued.business_date == "2026-11-24"

    def test_yesterdays_waiting_tickets_lapse_when_the_office_closed(
        self, engine: Engine, clock: FixedClock
    ) -> None:
        engine.issue("informasi")
        at(engine, clock, 24, 8, 0)
        assert engine.call_next(1) is None
        assert engine.waiting("informasi") == []

    def test_ahead_counts_citizens_before_you(self, engine: Engine) -> None:
        assert engine.issue("perizinan").ahead == 0
        assert engine.issue("perizinan").ahead == 1
        assert engine.issue("perizinan", priority=True).ahead == 0
        assert engine.issue("perizinan").ahead == 3


class TestCallNext:
    def test_oldest_first_across_a_counters_services(
        self, engine: Engine, clock: FixedClock
    ) -> None:
        first = engine.issue("informasi")
        clock.advance(60)
        engine.issue("perizinan")
        called = engine.call_next(3)  # counter 3 serves perizinan and informasi
        assert called is not None
        assert called.ticket_id == first.ticket_id

    def test_nobody_waiting_gives_none(self, engine: Engine) -> None:
        engine.issue("dukcapil")
        assert engine.call_next(1) is None  # counter 1 only serves informasi

    def test_priority_first_but_never_starving_the_rest(self, engine: Engine) -> None:
        normals = [engine.issue("informasi") for _ in range(2)]
        priorities = [engine.issue("informasi", category="lansia") for _ in range(5)]
        order = []
        for _ in range(7):
            called = engine.call_next(1)
            assert called is not None
            order.append(called.ticket_id)
            engine.close(called.ticket_id, 1)
        limit = engine.office.priority.max_consecutive  # 3 in the default office
        expected = (
            [p.ticket_id for p in priorities[:limit]]
            + [normals[0].ticket_id]
            + [p.ticket_id for p in priorities[limit:]]
            + [normals[1].ticket_id]
        )
        assert order == expected

    def test_a_counter_must_finish_before_calling_again(self, engine: Engine) -> None:
        engine.issue("informasi")
        engine.issue("informasi")
        called = engine.call_next(1)
        assert called is not None
        with pytest.raises(e.CounterBusy, match="still holds A-001"):
            engine.call_next(1)

    def test_two_counters_never_get_the_same_ticket(self, engine: Engine) -> None:
        engine.issue("perizinan")
        first, second = engine.call_next(2), engine.call_next(3)
        assert first is not None
        assert second is None

    def test_paused_counter_calls_nobody_until_resumed(self, engine: Engine) -> None:
        engine.issue("informasi")
        engine.pause(1, "istirahat siang")
        with pytest.raises(e.CounterPaused):
            engine.call_next(1)
        engine.resume(1)
        assert engine.call_next(1) is not None

    def test_unknown_counter(self, engine: Engine) -> None:
        with pytest.raises(e.UnknownCounter, match="allowed: 1, 2"):
            engine.call_next(42)


class TestActions:
    def test_the_whole_life_of_a_ticket(self, engine: Engine, clock: FixedClock) -> None:
        issued = engine.issue("dukcapil")
        clock.advance(300)
        called = engine.call_next(4)
        assert called is not None
        assert called.waited_s == 300
        clock.advance(30)
        engine.serve(issued.ticket_id, 4)
        clock.advance(600)
        closed = engine.close(issued.ticket_id, 4)
        assert closed.service_s == 600
        ticket = engine.ticket(issued.ticket_id)
        assert ticket.state is TicketState.CLOSED
        assert engine.counters[4].current is None

    def test_recall_repeats_without_reordering(self, engine: Engine) -> None:
        issued = engine.issue("informasi")
        engine.issue("informasi")
        engine.call_next(1)
        recalled = engine.recall(issued.ticket_id, 1)
        assert recalled.recall_count == 1
        assert engine.ticket(issued.ticket_id).state is TicketState.CALLED
        assert [t.number for t in engine.waiting("informasi")] == ["A-002"]

    def test_no_show_only_when_called(self, engine: Engine) -> None:
        issued = engine.issue("informasi")
        engine.call_next(1)
        engine.serve(issued.ticket_id, 1)
        with pytest.raises(e.InvalidTransition) as refused:
            engine.no_show(issued.ticket_id, 1)
        assert refused.value.message == (
            "A-001 tidak dapat ditandai tidak hadir: statusnya sedang dilayani."
        )

    def test_another_counters_ticket_is_refused(self, engine: Engine) -> None:
        issued = engine.issue("dukcapil")
        engine.call_next(4)
        with pytest.raises(e.WrongCounter):
            engine.close(issued.ticket_id, 6)

    def test_transfer_keeps_number_and_place(self, engine: Engine, clock: FixedClock) -> None:
        early = engine.issue("informasi")
        clock.advance(60)
        engine.issue("dukcapil")
        engine.call_next(1)
        clock.advance(120)
        moved = engine.transfer(early.ticket_id, "dukcapil", counter_number=1)
        assert moved.number == "A-001"
        # It was issued before C-001, so it keeps its place ahead of it.
        called = engine.call_next(4)
        assert called is not None
        assert called.number == "A-001"
        assert called.waited_s == 0  # the wait restarts at the transfer

    def test_transfer_to_a_counter_pins_it_there(self, engine: Engine) -> None:
        issued = engine.issue("informasi")
        engine.call_next(1)
        engine.transfer(issued.ticket_id, "dukcapil", to_counter=6, counter_number=1)
        assert engine.call_next(4) is None
        called = engine.call_next(6)
        assert called is not None
        assert called.ticket_id == issued.ticket_id

    def test_transfer_to_a_counter_that_does_not_serve_it(self, engine: Engine) -> None:
        issued = engine.issue("informasi")
        engine.call_next(1)
        with pytest.raises(e.InvalidTransition) as refused:
            engine.transfer(issued.ticket_id, "dukcapil", to_counter=8, counter_number=1)
        assert refused.value.message == "Loket 8 tidak melayani Kependudukan (Dukcapil)."


class TestOpening:
    def test_friday_closes_at_eleven(self, engine: Engine, clock: FixedClock) -> None:
        at(engine, clock, 27, 10, 59)
        engine.issue("informasi")
        at(engine, clock, 27, 11, 0)
        with pytest.raises(e.ServiceClosed) as refused:
            engine.issue("informasi")
        assert refused.value.message == (
            "Di luar jam pelayanan. Buka kembali hari Senin pukul 08.00 WITA."
        )
        assert refused.value.details["reason"] == "outside_hours"

    def test_before_opening(self, engine: Engine, clock: FixedClock) -> None:
        at(engine, clock, 24, 7, 30)
        with pytest.raises(e.ServiceClosed) as refused:
            engine.issue("informasi")
        assert refused.value.message == "Di luar jam pelayanan. Layanan dibuka pukul 08.00 WITA."

    def test_national_holiday(self, engine: Engine, clock: FixedClock) -> None:
        clock.set(dt.datetime(2026, 12, 25, 9, 0, tzinfo=WITA))
        with pytest.raises(e.ServiceClosed) as refused:
            engine.issue("informasi")
        assert refused.value.details["reason"] == "holiday"
        assert refused.value.message.startswith("Hari ini libur (")
        assert refused.value.message.endswith("Buka kembali hari Senin pukul 08.00 WITA.")

    def test_extra_open_day_overrides_a_holiday(self, real_office: Office) -> None:
        holidays = real_office.holidays.model_copy(update={"extra_open": [dt.date(2026, 12, 25)]})
        office = office_with(real_office, holidays=holidays)
        clock = FixedClock(dt.datetime(2026, 12, 25, 9, 0, tzinfo=WITA))
        assert Engine(office, clock).issue("informasi").number == "A-001"

    def test_daily_quota(self, real_office: Office, clock: FixedClock) -> None:
        services = [
            s.model_copy(update={"quota": 2}) if s.code == "dukcapil" else s
            for s in real_office.services
        ]
        engine = Engine(office_with(real_office, services=services), clock)
        engine.issue("dukcapil")
        engine.issue("dukcapil")
        with pytest.raises(e.QuotaReached) as refused:
            engine.issue("dukcapil")
        assert refused.value.message == (
            "Kuota antrean Kependudukan (Dukcapil) hari ini (2) sudah habis."
        )

    def test_unknown_service_names_the_allowed_ones(self, engine: Engine) -> None:
        with pytest.raises(e.UnknownService) as refused:
            engine.issue("paspor")
        assert "allowed: informasi, perizinan" in refused.value.message_en


class TestCompensation:
    def test_fourteen_minutes_59_is_not_late(self, engine: Engine, clock: FixedClock) -> None:
        engine.issue("informasi")
        clock.advance(15 * 60 - 1)
        called = engine.call_next(1)
        assert called is not None
        assert called.compensation is None

    def test_fifteen_minutes_earns_apology_and_drink(
        self, engine: Engine, clock: FixedClock
    ) -> None:
        issued = engine.issue("informasi")
        clock.advance(15 * 60)
        called = engine.call_next(1)
        assert called is not None
        assert called.compensation is not None
        assert called.compensation["kind"] == "late_service"
        assert called.compensation["waited_s"] == 900
        assert called.compensation["remedy"] == "Permohonan maaf dan minuman gratis"
        assert engine.ticket(issued.ticket_id).compensation_case == called.compensation["case_id"]

    def test_threshold_comes_from_config(self, real_office: Office, clock: FixedClock) -> None:
        compensation = real_office.compensation.model_copy(update={"threshold_minutes": 20})
        engine = Engine(office_with(real_office, compensation=compensation), clock)
        engine.issue("informasi")
        clock.advance(19 * 60)
        called = engine.call_next(1)
        assert called is not None
        assert called.compensation is None

    def test_one_case_per_ticket_even_after_a_transfer(
        self, engine: Engine, clock: FixedClock
    ) -> None:
        issued = engine.issue("informasi")
        clock.advance(20 * 60)
        first = engine.call_next(1)
        engine.transfer(issued.ticket_id, "dukcapil", counter_number=1)
        clock.advance(20 * 60)
        second = engine.call_next(4)
        assert first is not None
        assert first.compensation is not None
        assert second is not None
        assert second.compensation is None


def test_replaying_the_log_rebuilds_the_same_state(real_office: Office, clock: FixedClock) -> None:
    ids = SequentialIds()
    engine = Engine(real_office, clock, ids)
    log = []
    log.append(engine.issue("informasi"))
    log.append(engine.issue("perizinan", category="disabilitas"))
    clock.advance(1000)
    log.append(engine.call_next(3))
    log.append(engine.serve(log[-1].ticket_id, 3))
    log.append(engine.issue("dukcapil"))
    log.append(engine.call_next(4))
    log.append(engine.transfer(log[-1].ticket_id, "bpjs", counter_number=4))
    log.append(engine.pause(8, "rapat"))
    rebuilt = Engine(real_office, clock, ids)
    rebuilt.replay([event for event in log if event is not None])
    assert {k: dataclasses.asdict(v) for k, v in rebuilt.tickets.items()} == {
        k: dataclasses.asdict(v) for k, v in engine.tickets.items()
    }
    assert rebuilt.counters == engine.counters
    assert rebuilt.issued_today("informasi") == 1


def test_time_never_runs_backwards(engine: Engine, clock: FixedClock) -> None:
    first = engine.issue("informasi")
    clock.advance(-30)  # NTP stepping the clock back
    second = engine.issue("informasi")
    assert second.at >= first.at
