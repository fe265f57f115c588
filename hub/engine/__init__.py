"""The queue engine: plain Python over dataclasses; no I/O, no web, no Qt."""

from hub.engine.clock import Clock, FixedClock, OffsetClock, SystemClock
from hub.engine.engine import Engine
from hub.engine.errors import EngineError
from hub.engine.events import Event, event_from_dict
from hub.engine.model import CounterState, Ticket, TicketState

__all__ = [
    "Clock",
    "CounterState",
    "Engine",
    "EngineError",
    "Event",
    "FixedClock",
    "OffsetClock",
    "SystemClock",
    "Ticket",
    "TicketState",
    "event_from_dict",
]
