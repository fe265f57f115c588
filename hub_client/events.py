"""The hub's events as an appliance receives them: typed, numbered, never fatal.

The events stream carries each event's wire form with the `seq` the store gave it (and,
from the resume protocol, `replayed`). `parse_message` turns that into a `HubEvent`:
the protocol's event (`protocol.events`, upcast to its current version) with its `seq`.

A newer hub may send a type this version does not know, or a shape it cannot read; that
must never stop a TV or a kiosk. Such an event comes as an `UnknownEvent`, which keeps
its type and `seq` (the board still moves its resume point past it) and nothing else.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import Any

from protocol.events import EVENT_TYPES, ON_FEEDS, Event, UnknownEventType, event_from_dict

log = logging.getLogger(__name__)
# Kiosks and TVs get every event with these left out (who the officers are is for staff
# only: hub/views.py OFFICER_KEYS); to them an event without them is whole.
WITHHELD = ("officer", "officer_name")


@dataclasses.dataclass(frozen=True)
class UnknownEvent:
    """An event this version cannot read: a newer hub's type, or a shape it does not fit."""

    type: str


@dataclasses.dataclass(frozen=True)
class HubEvent:
    seq: int
    replayed: bool  # the snapshot taken before it already held it
    event: Event | UnknownEvent
    # As the hub sent it (with `seq` and `replayed`), for the caller, which reads the
    # wire form (voice.Announcer.submit) the same from the hub or from a recorded log.
    wire: Mapping[str, Any]

    @property
    def type(self) -> str:
        return self.event.type


def parse_message(message: Mapping[str, Any]) -> HubEvent:
    """A message of the events stream (an event with its `seq`) as a `HubEvent`."""
    kind = str(message.get("type", ""))
    event: Event | UnknownEvent
    try:
        event = event_from_dict(_with_withheld(kind, message))
    except UnknownEventType:
        log.info("event %s of a type this version does not know: %s", message.get("seq"), kind)
        event = UnknownEvent(kind)
    except (KeyError, TypeError, ValueError) as exc:
        # A complaint's or a survey's event comes cut down on the feeds (ON_FEEDS): it
        # says that something happened; its details are the API's.
        say = log.debug if kind in ON_FEEDS else log.warning
        say("event %s (%s) not readable: %s", message.get("seq"), kind, exc)
        event = UnknownEvent(kind)
    return HubEvent(
        seq=int(message.get("seq") or 0),
        replayed=bool(message.get("replayed", False)),
        event=event,
        wire=message,
    )


def _with_withheld(kind: str, message: Mapping[str, Any]) -> dict[str, Any]:
    """The message with each officer field the hub withheld read as None (or "" where
    the event's type says the field is always there)."""
    data = dict(message)
    cls = EVENT_TYPES.get(kind)
    for field in dataclasses.fields(cls) if cls else ():
        if field.name in WITHHELD and field.name not in data:
            data[field.name] = None if "None" in str(field.type) else ""
    return data
