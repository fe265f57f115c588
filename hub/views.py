"""Views of the engine's state as the protocol's reply models, shared by the API and
the CLI."""

from __future__ import annotations

import collections.abc
import datetime as dt
import functools
import types
import typing
from typing import Any

import orjson
from pydantic import BaseModel

from hub.config import Office
from hub.engine import Engine, Ticket
from hub.engine.desk import CASE_TITLES, remedy_for
from hub.engine.events import TicketCalled, TicketIssued, to_wire_time
from hub.engine.model import CompensationCase
from protocol.events import ON_FEEDS
from protocol.kinds import TicketState
from protocol.views import (
    CompensationCaseView,
    CounterView,
    OfficerRef,
    OfficeView,
    PriorityCategoryView,
    RecentCall,
    ServiceView,
    StateView,
    TicketView,
)

# States a ticket of an earlier day can be left in at midnight: it expired.
_OPEN_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING})


def ticket_view(engine: Engine, ticket: Ticket, issued: TicketIssued | None = None) -> TicketView:
    """The ticket's view; `issued`, the event that just issued it, already holds its line
    position and estimate (worked out once, on the writer, for the kiosk's reply)."""
    service = engine.office.service(ticket.service)
    case = engine.cases.get(ticket.compensation_case or "")
    return TicketView(
        id=ticket.id,
        number=ticket.number,
        service=ticket.service,
        service_name=service.name if service else ticket.service,
        priority=ticket.priority,
        category=ticket.category,
        state=ticket.state,
        counter=ticket.counter,
        target_counter=ticket.target_counter,
        business_date=ticket.business_date.isoformat(),
        issued_at=to_wire_time(ticket.issued_at),
        called_at=_time(ticket.called_at),
        serving_at=_time(ticket.serving_at),
        closed_at=_time(ticket.closed_at),
        ahead=issued.ahead if issued else engine.ahead_of(ticket),
        estimated_wait_min=issued.eta_minutes if issued else engine.estimated_wait_minutes(ticket),
        eta_minutes=ticket.eta_minutes,
        status_path=f"/t/{ticket.id}",
        recall_count=ticket.recall_count,
        transfer_count=ticket.transfer_count,
        compensation_case=ticket.compensation_case,
        compensation=case_view(case, engine.office) if case else None,
    )


def stored_ticket_view(row: dict[str, Any], today: str) -> TicketView:
    """A ticket no longer in the engine's memory (an earlier day), from its projection."""
    state = TicketState(row["state"])
    if row["business_date"] < today and state in _OPEN_STATES:
        state = TicketState.EXPIRED
    return TicketView(
        id=row["id"],
        number=row["number"],
        service=row["service"],
        service_name=row["service"],
        priority=bool(row["priority"]),
        category=row["category"],
        state=state,
        counter=row["counter"],
        target_counter=None,
        business_date=row["business_date"],
        issued_at=row["issued_at"],
        called_at=row["called_at"],
        serving_at=row["serving_at"],
        closed_at=row["closed_at"],
        ahead=0,
        estimated_wait_min=None,
        eta_minutes=None,
        status_path=f"/t/{row['id']}",
        recall_count=row["recall_count"],
        transfer_count=row["transfer_count"],
        compensation_case=None,
        compensation=None,
    )


def services_view(engine: Engine) -> list[ServiceView]:
    engine.refresh()
    now = engine.now()
    local = engine.local(now)
    views = []
    for service in engine.office.services:
        line = engine.queue.line(service.code)  # O(1)/O(log n): the line may be thousands
        since = line.longest_since()
        longest = now - since if since else None
        views.append(
            ServiceView(
                code=service.code,
                prefix=service.prefix,
                name=service.name,
                name_en=service.name_en,
                description=service.description,
                open=engine.rules.is_open(service, local)
                and not (service.quota and engine.issued_today(service.code) >= service.quota),
                quota=service.quota,
                issued_today=engine.issued_today(service.code),
                waiting=len(line),
                priority_waiting=line.priority_count,
                longest_wait_s=int(longest.total_seconds()) if longest else 0,
                standard_minutes=service.standard_minutes,
                eta_minutes=engine.estimate_for_new(service.code),
            )
        )
    return views


def counters_view(engine: Engine) -> list[CounterView]:
    engine.refresh()
    views = []
    for config in engine.office.counters:
        state = engine.counters[config.number]
        current = engine.tickets.get(state.current) if state.current else None
        on_duty = engine.officer_at(config.number)
        views.append(
            CounterView(
                number=config.number,
                name=config.label,
                services=list(config.services),
                paused=state.paused,
                pause_reason=state.pause_reason,
                officer=OfficerRef(nip=on_duty[0], name=on_duty[1]) if on_duty else None,
                current=ticket_view(engine, current) if current else None,
            )
        )
    return views


def state_view(engine: Engine, last_seq: int, public_url: str = "") -> StateView:
    engine.refresh()
    office = engine.office
    return StateView(
        seq=last_seq,
        now=to_wire_time(engine.now()),
        business_date=engine.business_date.isoformat() if engine.business_date else None,
        office=OfficeView(
            name=office.office.name,
            short_name=office.office.short_name,
            timezone=office.office.timezone,
            address=office.office.address,
            public_url=public_url,
            priority_categories=[
                PriorityCategoryView(code=c.code, name=c.name, name_en=c.name_en)
                for c in office.priority.categories
            ],
        ),
        services=services_view(engine),
        counters=counters_view(engine),
        recent_calls=[
            RecentCall.model_validate(
                {**call.to_dict(), "recall": not isinstance(call, TicketCalled)}
            )
            for call in reversed(engine.recent_calls)
        ],
    )


def _time(instant: dt.datetime | None) -> str | None:
    return to_wire_time(instant) if instant else None


def case_view(case: CompensationCase, office: Office) -> CompensationCaseView:
    return CompensationCaseView(
        id=case.id,
        kind=case.kind,
        title=CASE_TITLES.get(case.kind, case.kind),
        remedy=remedy_for(case.kind, office),
        state=case.state,
        ticket_id=case.ticket_id,
        number=case.number,
        service=case.service,
        counter=case.counter,
        officer=case.officer,
        waited_s=case.waited_s,
        note=case.note,
        opened_at=to_wire_time(case.opened_at),
        settled_at=_time(case.settled_at),
        **({"complaint_id": case.complaint_id} if case.complaint_id else {}),
    )


def cases_view(engine: Engine, state: str | None = None) -> list[CompensationCaseView]:
    cases = sorted(engine.cases.values(), key=lambda c: c.opened_at)
    return [case_view(c, engine.office) for c in cases if state is None or c.state == state]


# Who the officers are (NIP, name): for staff only. Kiosks and TVs stand in the public
# part of the office, on a LAN shared with the guest Wi-Fi.
OFFICER_KEYS = frozenset({"officer", "officer_name", "officers"})


def without_officers(view: Any) -> Any:
    """`view` with every officer field left out, however deep (a ticket's compensation
    case, a counter's current ticket, a recent call). A reply model becomes its dict of
    the fields set: the API sends only those (`response_model_exclude_unset`)."""
    if isinstance(view, BaseModel):
        exclude = _officer_fields(type(view))
        if exclude is not None:  # the model says where officers can be: pydantic drops them
            return view.model_dump(mode="json", exclude_unset=True, exclude=exclude or None)
        view = view.model_dump(mode="json", exclude_unset=True)
    if isinstance(view, dict):  # (scalars kept as they are: most values are)
        return {
            k: without_officers(v) if isinstance(v, _NESTED) else v
            for k, v in view.items()
            if k not in OFFICER_KEYS
        }
    if isinstance(view, list | tuple):
        return type(view)(without_officers(item) for item in view)
    return view


_NESTED = (dict, list, tuple, BaseModel)


@functools.cache
def _officer_fields(model: type[BaseModel]) -> dict[str, Any] | None:
    """model_dump's `exclude` that leaves out every officer field of `model` and of the
    models in it, worked out once from the field types; None if a field may hold data of
    no declared shape (a dict, Any): such a model is walked instead."""
    exclude: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        inner = True if name in OFFICER_KEYS else _officers_in(field.annotation)
        if inner is None:
            return None
        if inner:
            exclude[name] = inner
    return exclude


def _officers_in(annotation: Any) -> Any:
    """The `exclude` for a value of this type: {} for none to leave out, None if unknown."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _officer_fields(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _officers_in(args[0])
    if origin in (typing.Union, types.UnionType):
        found = [_officers_in(arg) for arg in args if arg is not type(None)]
        if any(inner is None for inner in found) or len([f for f in found if f]) > 1:
            return None
        return next((inner for inner in found if inner), {})
    if origin in (list, tuple, collections.abc.Sequence):
        inner = _officers_in(args[0]) if args else None
        return {"__all__": inner} if inner else inner
    if origin is typing.Literal or (
        isinstance(annotation, type) and issubclass(annotation, str | int | float | dt.date)
    ):
        return {}  # (enums are str or int; a datetime is a date)
    return None


def wire_without_officers(wire: str) -> str:
    """An event's wire JSON with the officer fields left out (most carry none)."""
    if '"officer' not in wire:
        return wire
    return orjson.dumps(without_officers(orjson.loads(wire))).decode()


# What a feed says of an event that carries a citizen's words or data. A citizen's survey
# answers, profile and suggestion are read in the survey report (FO, admin); a complaint's
# text, the complainant's name and contact, its answer and tracking code, and who took
# each step are read through GET /api/v1/complaints (complaint duty). The feeds reach
# every appliance, so there they only say that something happened, and to which.
_MARKERS = ('"survey.answered"', '"complaint.')


def wire_for_feeds(wire: str) -> str:
    """An event's wire JSON as every feed carries it: private fields left out."""
    if not any(marker in wire for marker in _MARKERS):
        return wire
    data = orjson.loads(wire)
    kept = ON_FEEDS.get(str(data.get("type")))
    if kept is None:
        return wire
    return orjson.dumps({k: data[k] for k in kept if k in data}).decode()
