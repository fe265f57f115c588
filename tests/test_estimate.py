"""The wait estimate, folded from the office's events (`hub.engine.estimate`).

Driven through the engine on a clock the test moves, in the demo office: Dukcapil
(standard 10 minutes) at counters 4 and 6, Informasi at 1, 3 (with Perizinan) and 5
(with Pengaduan).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.config import Office
from hub.engine import Engine, Event, FixedClock
from hub.engine.estimate import MOST_MINUTES, Estimator, naive_minutes
from tests.conftest import WITA, SequentialIds

DUKCAPIL = "dukcapil"


@pytest.fixture
def office(demo_office: Office) -> Office:
    return demo_office


@pytest.fixture
def engine(office: Office, clock: FixedClock) -> Engine:
    return Engine(office, clock, SequentialIds())


def sign_in(engine: Engine, *counters: int) -> None:
    for counter in counters:
        engine.sign_in(counter, f"19800101200501{counter:04d}", f"Petugas {counter}")


def serve_one(engine: Engine, clock: FixedClock, counter: int, minutes: float) -> None:
    """The counter calls the next citizen and takes `minutes` with them."""
    called = engine.call_next(counter)
    assert called is not None
    engine.serve(called.ticket_id, counter)
    clock.advance(minutes * 60)
    engine.close(called.ticket_id, counter)


def new_wait(engine: Engine, service: str = DUKCAPIL) -> int:
    minutes = engine.estimate_for_new(service)
    assert minutes is not None
    return minutes


def test_a_counter_going_on_break_lengthens_the_wait(engine: Engine) -> None:
    sign_in(engine, 4, 6)
    for _ in range(6):
        engine.issue(DUKCAPIL)
    both = new_wait(engine)
    engine.pause(6, "istirahat")
    on_break = new_wait(engine)
    assert on_break > both
    engine.resume(6)
    assert new_wait(engine) == both


def test_a_second_counter_signing_in_shortens_the_wait(engine: Engine) -> None:
    sign_in(engine, 4)
    for _ in range(6):
        engine.issue(DUKCAPIL)
    alone = new_wait(engine)
    sign_in(engine, 6)
    together = new_wait(engine)
    assert together < alone * 0.6  # two counters: about half
    # The old estimate counted counter 6 as serving all along.
    assert naive_minutes(engine.office, engine.counters.values(), DUKCAPIL, 6) == 30


def test_nobody_signed_in_for_the_service_gives_no_estimate(engine: Engine) -> None:
    sign_in(engine, 1)  # the office uses sign-in; nobody sits at 4 or 6
    engine.issue(DUKCAPIL)
    assert engine.estimate_for_new(DUKCAPIL) is None
    assert engine.issue(DUKCAPIL).eta_minutes is None


def test_priority_tickets_ahead_count_and_a_priority_ticket_jumps_them(engine: Engine) -> None:
    sign_in(engine, 4, 6)
    fourth = [engine.issue(DUKCAPIL) for _ in range(4)][-1]
    waiting = engine.ticket(fourth.ticket_id)
    before = engine.estimated_wait_minutes(waiting)
    assert before is not None
    for _ in range(3):
        engine.issue(DUKCAPIL, priority=True)
    after = engine.estimated_wait_minutes(waiting)
    assert after is not None
    assert after > before  # three priority citizens are called before this one
    priority = engine.estimate_for_new(DUKCAPIL, priority=True)
    assert priority is not None
    assert priority < new_wait(engine)  # only the three priority ones ahead of it


def test_a_slow_officer_moves_the_mean(engine: Engine, clock: FixedClock) -> None:
    sign_in(engine, 4)
    for _ in range(12):
        engine.issue(DUKCAPIL)
    first = new_wait(engine)
    for _ in range(6):
        serve_one(engine, clock, 4, minutes=25)
    slow = new_wait(engine)
    assert slow > first  # six fewer ahead, and still longer: 25 minutes each, not 11
    cycle = engine.estimator.cycle_s(DUKCAPIL, "198001012005010004") / 60
    assert 18 < cycle < 26


def test_a_citizen_at_the_counter_holds_it_until_about_their_business_is_done(
    engine: Engine, clock: FixedClock
) -> None:
    sign_in(engine, 4)
    engine.issue(DUKCAPIL)
    engine.call_next(4)
    assert new_wait(engine) == 11  # the standard 10 minutes, and a minute to walk there
    clock.advance(6 * 60)
    assert new_wait(engine) == 5
    clock.advance(30 * 60)  # running long: still some while, never a negative
    assert 0 < new_wait(engine) < 5


def test_a_shared_counter_splits_its_time_between_its_services(
    engine: Engine,
) -> None:
    # Counter 3 takes Perizinan and Informasi; with Perizinan's line long, a new
    # Informasi ticket waits less there than if counter 3 gave it all its time.
    sign_in(engine, 3)
    engine.issue("informasi")
    alone = new_wait(engine, "informasi")
    for _ in range(8):
        engine.issue("perizinan")
    shared = new_wait(engine, "informasi")
    assert shared > alone


def test_the_issue_event_keeps_the_estimate_given(engine: Engine) -> None:
    sign_in(engine, 4)
    issued = [engine.issue(DUKCAPIL) for _ in range(3)]
    assert [event.eta_minutes for event in issued] == [0, 11, 22]
    third = engine.ticket(issued[2].ticket_id)
    assert engine.estimated_wait_minutes(third) == 22


def test_a_replay_rebuilds_the_same_estimate(
    engine: Engine, clock: FixedClock, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    log: list[Event] = []
    applying = engine.apply
    monkeypatch.setattr(engine, "apply", lambda event: (log.append(event), applying(event)))
    sign_in(engine, 4, 6)
    for _ in range(8):
        engine.issue(DUKCAPIL)
    serve_one(engine, clock, 4, minutes=17)
    serve_one(engine, clock, 6, minutes=23)
    engine.pause(6, "istirahat")
    clock.advance(120)
    again = Engine(office, clock, SequentialIds())
    again.replay(log)  # how the hub restarts: the same paces, breaks and staff
    assert again.estimate_for_new(DUKCAPIL) == engine.estimate_for_new(DUKCAPIL) != 0


# ---- never negative, never absurd ------------------------------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["issue", "priority", "call", "close", "pause", "resume", "sign_in", "sign_out", "wait"]
        ),  # fmt: skip
        st.sampled_from([1, 3, 4, 5, 6, 7, 9]),
        st.sampled_from(["informasi", "perizinan", DUKCAPIL, "bpjs", "pengaduan"]),
        st.integers(min_value=0, max_value=7200),
    ),
    max_size=60,
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_the_estimate_is_never_negative_or_absurd(
    office: Office, actions: list[tuple[str, int, str, int]]
) -> None:
    clock = FixedClock(dt.datetime(2026, 11, 23, 8, 0, tzinfo=WITA))
    engine = Engine(office, clock, SequentialIds())
    for action, counter, service, seconds in actions:
        state = engine.counters[counter]
        if action in ("issue", "priority"):
            engine.issue(service, priority=action == "priority")
        elif action == "call" and not state.paused and state.current is None:
            engine.call_next(counter)
        elif action == "close" and state.current is not None:
            engine.close(state.current, counter)
        elif action == "pause" and not state.paused and state.current is None:
            engine.pause(counter)
        elif action == "resume" and state.paused:
            engine.resume(counter)
        elif action == "sign_in":
            sign_in(engine, counter)
        elif action == "sign_out":
            engine.sign_out(counter, f"19800101200501{counter:04d}")
        elif action == "wait":
            clock.advance(seconds)
        for code in ("informasi", "perizinan", DUKCAPIL, "bpjs", "pengaduan"):
            for priority in (False, True):
                minutes = engine.estimate_for_new(code, priority)
                assert minutes is None or 0 <= minutes <= MOST_MINUTES
        for waiting in engine.waiting(service):
            minutes = engine.estimated_wait_minutes(waiting)
            assert minutes is None or 0 <= minutes <= MOST_MINUTES


def test_an_estimator_alone_is_fed_by_events(office: Office) -> None:
    estimator = Estimator(office)
    assert estimator.cycle_s(DUKCAPIL) == 11 * 60  # the standard, and the walk
