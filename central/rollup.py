"""What a forwarded batch adds to the rollups the dashboard reads (pure: no I/O).

The board never scans raw events: each batch is folded here, once, into
- per office per business day: issued, calls, served, no-shows, transfers, late calls,
  the longest wait, and the survey's answers as counts per unsur per score (so the IKM
  is worked out by reports.ikm from the same tallies the recap's survey uses);
- per office: who waits now (the hub's queue, see `Queue`), the compensation cases still
  owed (opened by a late call, by hand or by a late complaint, less those settled: the
  hub settles a case once, SK 108/2024), and each complaint's due date and first answer
  (overdue = unanswered after its due date, as the hub's `Complaint.overdue_on`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from common.office import OpeningHours
from protocol.survey import UNSUR_CODES
from reports import ikm

SCORES = 4  # answers 1..4
SURVEY_CELLS = len(UNSUR_CODES) * SCORES


def carries_waiting(hours: OpeningHours, day: dt.date) -> bool:
    """Whether the citizens still waiting at the end of `day` wait on into the next: the
    hub's rule (hub.engine.queue.DayQueue.roll) is that an office open until midnight
    carries them, one that closed in the evening sent them home."""
    span = hours.span(day.weekday())
    return span is not None and span[1] is None


def carries_through(hours: OpeningHours, first: dt.date, last: dt.date) -> bool:
    """Whether a line waiting at the end of `first` still waits on `last`: the hub rolls
    day by day (its displays keep it awake), so every day between must carry it. The
    hours repeat each week: seven days tell."""
    days = min((last - first).days, 7)
    return all(carries_waiting(hours, first + dt.timedelta(days=n)) for n in range(days))


@functools.lru_cache(maxsize=1024)
def hours_in(text: str | None) -> OpeningHours:
    """The opening hours from their JSON text (the board reads them for every office on
    every refresh: each distinct text is parsed once)."""
    return OpeningHours.model_validate_json(text) if text else OpeningHours()


def hours_of(settings: Mapping[str, Any] | None) -> OpeningHours:
    """The office's opening hours as its hub sent them (the hub's defaults if none)."""
    return OpeningHours.model_validate((settings or {}).get("hours") or {})


def waiting_on(queue_day: dt.date | None, waiting: int, today: dt.date, hours: OpeningHours) -> int:
    """Who waits on `today`, from the queue as central last saw it on `queue_day`."""
    if queue_day is None or queue_day > today:
        return 0
    return waiting if carries_through(hours, queue_day, today) else 0


@dataclasses.dataclass
class Day:
    """One business day's sums in a batch (added to its office_days row)."""

    issued: int = 0
    calls: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    late: int = 0
    max_wait_s: int = 0
    survey: ikm.Tally = dataclasses.field(default_factory=ikm.Tally)
    ratings: list[int] = dataclasses.field(default_factory=lambda: [0] * SCORES)
    last_seq: int = 0


@dataclasses.dataclass
class Batch:
    """A batch folded: its days, and what it changes of the office's standing."""

    queue_day: str | None  # the business day the queue is on after the batch
    waiting: int  # who waits in that queue after the batch
    days: dict[str, Day] = dataclasses.field(default_factory=dict)
    cases_opened: int = 0
    cases_settled: int = 0
    complaints: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    answered: dict[str, str] = dataclasses.field(default_factory=dict)  # id -> day

    @property
    def cases_owed(self) -> int:
        return self.cases_opened - self.cases_settled


class Queue:
    """Who waits, as the hub's queue counts them: a number taken waits; a call takes it
    out of the line; a transfer puts a called or served citizen back in (one moved
    while still waiting, `from_counter` None, stays); at the office's midnight the line
    carries on or lapses (`carries_through`)."""

    def __init__(self, day: str | None, waiting: int, hours: OpeningHours) -> None:
        self.day, self.waiting, self.hours = day, waiting, hours

    def on(self, day: str) -> None:
        if day != self.day:
            if self.day is not None and not carries_through(
                self.hours, dt.date.fromisoformat(self.day), dt.date.fromisoformat(day)
            ):
                self.waiting = 0
            self.day = day


def fold(
    events: list[tuple[int, str, dict[str, Any]]],
    queue_day: str | None,
    waiting: int,
    hours: OpeningHours,
) -> Batch:
    """Fold a batch: (seq, business_date, event) in seq order, after the office's queue
    stood at `waiting` on `queue_day`."""
    queue = Queue(queue_day, waiting, hours)
    batch = Batch(queue_day, waiting)
    days = batch.days
    day_name, day = "", Day()
    for seq, business_date, event in events:
        if business_date != day_name:
            day_name = business_date
            day = days.setdefault(business_date, Day())
            queue.on(business_date)
        day.last_seq = seq
        kind = event.get("type")
        if kind == "ticket.called":
            day.calls += 1
            queue.waiting -= 1
            waited = int(event.get("waited_s") or 0)
            if waited > day.max_wait_s:
                day.max_wait_s = waited
            if event.get("compensation"):
                day.late += 1
                batch.cases_opened += 1
        elif kind == "ticket.issued":
            day.issued += 1
            queue.waiting += 1
        elif kind == "ticket.closed":
            day.served += 1
        elif kind == "ticket.no_show":
            day.no_show += 1
        elif kind == "ticket.transferred":
            day.transferred += 1
            if event.get("from_counter") is not None:
                queue.waiting += 1
        elif kind in ("compensation.recorded", "complaint.late"):
            batch.cases_opened += 1
        elif kind == "compensation.settled":
            batch.cases_settled += 1
        elif kind == "complaint.received":
            batch.complaints[str(event["complaint_id"])] = (business_date, str(event["due_date"]))
        elif kind == "complaint.answered":
            batch.answered.setdefault(str(event["complaint_id"]), business_date)
        elif kind == "survey.answered":
            day.survey.add(event["answers"])
        elif kind == "survey.rated":
            score = event.get("score")
            if isinstance(score, int) and 1 <= score <= SCORES:
                day.ratings[score - 1] += 1
    batch.queue_day, batch.waiting = queue.day, queue.waiting
    return batch


def survey_cells(tally: ikm.Tally) -> list[int]:
    """A tally's counts, unsur by unsur, as a day row keeps them."""
    return [count for code in UNSUR_CODES for count in tally.counts[code]]


def survey_tally(respondents: int, cells: list[int]) -> ikm.Tally:
    """The survey's tally (reports.ikm) from a day row's counts."""
    tally = ikm.Tally(respondents=respondents)
    for index, code in enumerate(UNSUR_CODES):
        tally.counts[code] = list(cells[index * SCORES : (index + 1) * SCORES])
    return tally


def rating_scores(counts: list[int]) -> list[int]:
    """The booth's ratings, one score each, from their counts per score."""
    return [score for score, count in enumerate(counts, start=1) for _ in range(count)]
