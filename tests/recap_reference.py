"""The recap's fold as it was before days were folded from their rows (hub.recap): kept
word for word as the oracle the fast fold is compared with (tests/test_recap_fold.py).

The daily and monthly recap, computed from the events log alone (pure: no I/O).

The log is the service-time record of the office, so the recap never disagrees with it:
- wait = called - waiting since (issue, or the last transfer): each call's `waited_s`.
  A transferred citizen's second wait starts at the transfer, so no wait is counted
  twice; a recall is not a new call.
- service time = closed - serving start (the call, when the officer closed without
  pressing Mulai Layani): each close's `service_s`.
- served = closed; no-show and transfers are counted apart; a ticket still waiting at
  the end of the period is "unserved".
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from hub.config import Office
from hub.engine.desk import CASE_TITLES
from protocol.recap import within_estimate_band


@dataclasses.dataclass
class Tally:
    """Counts and time sums for one service, counter or officer."""

    issued: int = 0
    calls: int = 0
    served: int = 0
    no_show: int = 0
    transferred_out: int = 0
    transferred_in: int = 0
    wait_total_s: int = 0
    wait_max_s: int = 0
    within_threshold: int = 0
    service_total_s: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "issued": self.issued,
            "calls": self.calls,
            "served": self.served,
            "no_show": self.no_show,
            "transferred": self.transferred_out,
            "transferred_in": self.transferred_in,
            "avg_wait_s": round(self.wait_total_s / self.calls) if self.calls else None,
            "max_wait_s": self.wait_max_s if self.calls else None,
            "avg_service_s": round(self.service_total_s / self.served) if self.served else None,
            "called_within_threshold": (
                round(self.within_threshold / self.calls, 4) if self.calls else None
            ),
            "called_within_threshold_count": self.within_threshold,
        }


class RecapBuilder:
    """Folds events, in log order, into the figures of one period."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self.threshold_s = office.compensation.threshold_minutes * 60
        self.tz = office.office.tz
        self.services: dict[str, Tally] = collections.defaultdict(Tally)
        self.counters: dict[int, Tally] = collections.defaultdict(Tally)
        self.officers: dict[str, Tally] = collections.defaultdict(Tally)
        self.officer_names: dict[str, str] = {}
        self.counter_officers: dict[int, set[str]] = collections.defaultdict(set)
        self.at_counter: dict[int, str] = {}
        self.waiting: dict[str, str] = {}  # ticket -> service, while it waits
        self.arrivals_by_hour: collections.Counter[int] = collections.Counter()
        self.wait_sum_by_hour: collections.Counter[int] = collections.Counter()
        self.waits_by_hour: collections.Counter[int] = collections.Counter()
        self.issued_hour: dict[str, int] = {}
        self.cases: dict[str, dict[str, Any]] = {}
        # Settlements of cases opened on an earlier day, applied when days are merged.
        self.late_settlements: list[dict[str, Any]] = []
        self.incidents: list[dict[str, Any]] = []
        # The wait estimates: ticket -> its issue's, until its first call or a transfer;
        # and those judged at first calls: how many, error seconds, how many held.
        self.estimated: dict[str, int] = {}
        self.estimates = {"tickets": 0, "error_s": 0, "within": 0}

    def add_all(self, events: Iterable[dict[str, Any]]) -> RecapBuilder:
        handlers = {
            "ticket.issued": self._issued,
            "ticket.called": self._called,
            "ticket.closed": self._closed,
            "ticket.no_show": self._no_show,
            "ticket.transferred": self._transferred,
            "counter.signed_in": self._signed_in,
            "counter.signed_out": self._signed_out,
            "compensation.recorded": self._recorded,
            "compensation.settled": self._settled,
            "device.incident": self._incident,
        }
        for event in events:
            handler = handlers.get(event["type"])
            if handler is not None:
                handler(event)
        return self

    # The log's wire form is folded as it is: building event objects for a month of
    # events would cost several times the arithmetic.

    def _issued(self, event: dict[str, Any]) -> None:
        self.services[event["service"]].issued += 1
        self.waiting[event["ticket_id"]] = event["service"]
        hour = dt.datetime.fromisoformat(event["at"]).astimezone(self.tz).hour
        self.arrivals_by_hour[hour] += 1
        self.issued_hour[event["ticket_id"]] = hour
        if event.get("eta_minutes") is not None:
            self.estimated[event["ticket_id"]] = event["eta_minutes"]

    def _called(self, event: dict[str, Any]) -> None:
        ticket_id, counter, waited = event["ticket_id"], event["counter"], event["waited_s"]
        self.waiting.pop(ticket_id, None)
        eta = self.estimated.pop(ticket_id, None)
        if eta is not None:
            self.estimates["tickets"] += 1
            self.estimates["error_s"] += abs(eta * 60 - waited)
            self.estimates["within"] += within_estimate_band(eta, waited)
        officer = event.get("officer") or self.at_counter.get(counter)
        for tally in self._tallies(event["service"], counter, officer):
            tally.calls += 1
            tally.wait_total_s += waited
            tally.wait_max_s = max(tally.wait_max_s, waited)
            tally.within_threshold += waited < self.threshold_s
        arrived = self.issued_hour.get(ticket_id)
        if arrived is not None:
            self.wait_sum_by_hour[arrived] += waited
            self.waits_by_hour[arrived] += 1
        compensation = event.get("compensation")
        if compensation:
            case_id = compensation["case_id"]
            self.cases[case_id] = self._case(
                case_id, "late_service", event["number"], counter, officer, event["at"],
                waited_s=waited,
            )  # fmt: skip

    def _closed(self, event: dict[str, Any]) -> None:
        officer = self.at_counter.get(event["counter"])
        for tally in self._tallies(event["service"], event["counter"], officer):
            tally.served += 1
            tally.service_total_s += event["service_s"]

    def _no_show(self, event: dict[str, Any]) -> None:
        officer = self.at_counter.get(event["counter"])
        for tally in self._tallies(event["service"], event["counter"], officer):
            tally.no_show += 1

    def _transferred(self, event: dict[str, Any]) -> None:
        self.services[event["from_service"]].transferred_out += 1
        self.services[event["service"]].transferred_in += 1
        if event.get("from_counter") is not None:
            self.counters[event["from_counter"]].transferred_out += 1
        self.waiting[event["ticket_id"]] = event["service"]
        self.estimated.pop(event["ticket_id"], None)

    def _signed_in(self, event: dict[str, Any]) -> None:
        self.at_counter[event["counter"]] = event["officer"]
        self.officer_names[event["officer"]] = event["officer_name"]
        self.counter_officers[event["counter"]].add(event["officer"])

    def _signed_out(self, event: dict[str, Any]) -> None:
        if self.at_counter.get(event["counter"]) == event["officer"]:
            del self.at_counter[event["counter"]]

    def _recorded(self, event: dict[str, Any]) -> None:
        self.cases[event["case_id"]] = self._case(
            event["case_id"], event["kind"], event.get("number"), event.get("counter"),
            event.get("officer"), event["at"], note=event.get("note", ""),
        )  # fmt: skip

    def _settled(self, event: dict[str, Any]) -> None:
        case = self.cases.get(event["case_id"])
        if case is None:
            self.late_settlements.append(
                {
                    "case_id": event["case_id"],
                    "state": event["state"],
                    "at": event["at"],
                    "note": event.get("note", ""),
                }  # fmt: skip
            )
            return
        case["state"] = event["state"]
        case["settled_at"] = event["at"]
        case["note"] = event.get("note") or case["note"]

    def _incident(self, event: dict[str, Any]) -> None:
        self.incidents.append(
            {
                "at": event["at"],
                "device": event["device"],
                "kind": event["kind"],
                "message": event["message"],
                "ticket_id": event.get("ticket_id"),
            }  # fmt: skip
        )

    def _tallies(self, service: str, counter: int, officer: str | None) -> list[Tally]:
        tallies = [self.services[service], self.counters[counter]]
        if officer:
            tallies.append(self.officers[officer])
        return tallies

    def _case(
        self, case_id: str, kind: str, number: str | None, counter: int | None,
        officer: str | None, at: str, waited_s: int | None = None, note: str = "",
    ) -> dict[str, Any]:  # fmt: skip
        return {
            "id": case_id, "kind": kind, "title": CASE_TITLES.get(kind, kind), "state": "owed",
            "number": number, "counter": counter, "officer": officer,
            "officer_name": self.officer_names.get(officer or "", ""),
            "opened_at": at, "settled_at": None, "waited_s": waited_s,
            "note": note,
        }  # fmt: skip

    # ---- the result -------------------------------------------------------------------

    def result(self, period: str) -> dict[str, Any]:
        unserved: collections.Counter[str] = collections.Counter(self.waiting.values())
        services = []
        for service in self.office.services:
            tally = self.services.get(service.code, Tally())
            services.append({"code": service.code, "name": service.name, **tally.as_dict(),
                             "unserved": unserved.get(service.code, 0)})  # fmt: skip
        counters = []
        for counter in self.office.counters:
            tally = self.counters.get(counter.number, Tally())
            names = sorted(self.officer_names[o] for o in self.counter_officers[counter.number])
            counters.append({"number": counter.number, "name": counter.label,
                             "officers": names, **tally.as_dict()})  # fmt: skip
        officers = [
            {"nip": nip, "name": self.officer_names.get(nip, nip), **tally.as_dict()}
            for nip, tally in sorted(self.officers.items())
        ]
        total = Tally()
        for tally in self.services.values():
            _add(total, tally)
        return {
            "period": period,
            "office": self.office.office.name,
            "timezone": self.office.office.timezone,
            "threshold_minutes": self.office.compensation.threshold_minutes,
            "totals": {**total.as_dict(), "unserved": sum(unserved.values())},
            "services": services,
            "counters": counters,
            "officers": officers,
            "compensation": self._compensation(),
            "incidents": self.incidents,
            "hours": [
                {
                    "hour": hour,
                    "arrivals": self.arrivals_by_hour[hour],
                    "avg_wait_s": round(self.wait_sum_by_hour[hour] / self.waits_by_hour[hour])
                    if self.waits_by_hour[hour]
                    else None,
                }  # fmt: skip
                for hour in sorted(set(self.arrivals_by_hour) | set(self.waits_by_hour))
            ],
            "estimate_accuracy": self._estimate_accuracy(),
            "survey": None,  # the survey's summary joins the recap apart (hub.survey_report)
        }

    def _estimate_accuracy(self) -> dict[str, Any]:
        tickets = self.estimates["tickets"]
        return {
            "tickets": tickets,
            "mae_minutes": round(self.estimates["error_s"] / (60 * tickets), 1)
            if tickets
            else None,
            "within_band": round(self.estimates["within"] / tickets, 4) if tickets else None,
        }

    # ---- a day's figures, kept and merged (past business days never change) ----------

    def state(self) -> dict[str, Any]:
        """Everything `result` needs, as plain JSON: sums, not averages, so days add up."""
        return {
            "services": {k: dataclasses.asdict(v) for k, v in self.services.items()},
            "counters": {str(k): dataclasses.asdict(v) for k, v in self.counters.items()},
            "officers": {k: dataclasses.asdict(v) for k, v in self.officers.items()},
            "officer_names": self.officer_names,
            "counter_officers": {str(k): sorted(v) for k, v in self.counter_officers.items()},
            "unserved": list(self.waiting.values()),
            "arrivals_by_hour": {str(k): v for k, v in self.arrivals_by_hour.items()},
            "wait_sum_by_hour": {str(k): v for k, v in self.wait_sum_by_hour.items()},
            "waits_by_hour": {str(k): v for k, v in self.waits_by_hour.items()},
            "cases": list(self.cases.values()),
            "late_settlements": self.late_settlements,
            "incidents": self.incidents,
            "estimates": dict(self.estimates),
        }

    def merge(self, state: dict[str, Any]) -> None:
        """Add a later day's state to this builder's figures."""
        for target, key, cast in ((self.services, "services", str),
                                  (self.counters, "counters", int),
                                  (self.officers, "officers", str)):  # fmt: skip
            for name, fields in state[key].items():
                _add(target[cast(name)], Tally(**fields))  # type: ignore[index]
        self.officer_names.update(state["officer_names"])
        for counter, names in state["counter_officers"].items():
            self.counter_officers[int(counter)].update(names)
        for index, service in enumerate(state["unserved"]):
            self.waiting[f"{len(self.waiting)}-{index}"] = service
        hourly: tuple[tuple[str, collections.Counter[int]], ...] = (
            ("arrivals_by_hour", self.arrivals_by_hour),
            ("wait_sum_by_hour", self.wait_sum_by_hour),
            ("waits_by_hour", self.waits_by_hour),
        )
        for source, counts in hourly:
            counts.update({int(hour): count for hour, count in state[source].items()})
        for case in state["cases"]:
            self.cases[case["id"]] = dict(case)
        for settlement in state["late_settlements"]:
            case = self.cases.get(settlement["case_id"])
            if case is not None:
                case["state"], case["settled_at"] = settlement["state"], settlement["at"]
                case["note"] = settlement["note"] or case["note"]
        self.incidents.extend(state["incidents"])
        for name, count in state["estimates"].items():
            self.estimates[name] += count

    def _compensation(self) -> dict[str, Any]:
        by_kind: dict[str, dict[str, Any]] = {
            kind: {"title": title, "owed": 0, "given": 0, "waived": 0}
            for kind, title in CASE_TITLES.items()
        }
        for case in self.cases.values():
            by_kind.setdefault(case["kind"], {"title": case["title"], "owed": 0, "given": 0,
                                              "waived": 0})[case["state"]] += 1  # fmt: skip
        cases = sorted(self.cases.values(), key=lambda c: str(c["opened_at"]))
        return {
            "total": len(cases),
            "owed": sum(c["state"] == "owed" for c in cases),
            "given": sum(c["state"] == "given" for c in cases),
            "waived": sum(c["state"] == "waived" for c in cases),
            "by_kind": by_kind,
            "cases": cases,
        }


def _add(total: Tally, more: Tally) -> None:
    for field in dataclasses.fields(Tally):
        name = field.name
        combine = max if name == "wait_max_s" else int.__add__
        setattr(total, name, combine(getattr(total, name), getattr(more, name)))


def day_state(events: Iterable[dict[str, Any]], office: Office) -> dict[str, Any]:
    """One business day's figures in mergeable form."""
    return RecapBuilder(office).add_all(events).state()


def recap_of_days(states: Iterable[dict[str, Any]], office: Office, period: str) -> dict[str, Any]:
    """The recap of consecutive days, merged in order."""
    builder = RecapBuilder(office)
    for state in states:
        builder.merge(state)
    return builder.result(period)


def build_recap(events: Iterable[dict[str, Any]], office: Office, period: str) -> dict[str, Any]:
    """The recap of `events`: the log's entries in wire form (`Event.to_dict()`), in order."""
    return RecapBuilder(office).add_all(events).result(period)
