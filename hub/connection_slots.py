"""Who holds a connection to the hub: a slot per connection, counted per client address
and in all, so that no one on the LAN can take every file the hub has (see hub.listener).
"""

from __future__ import annotations

import asyncio
import enum
import logging
import socket
import struct
import time
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

# Files the hub needs besides connections: the store and its WAL, backups being written,
# logs, the mDNS sockets, the config watcher. Generous: running out is what we prevent.
RESERVED_FILES = 256
REPORT_EVERY_S = 30.0  # refusals are counted and logged at most this often, not one by one
SWEEP_EVERY_S = 1.0


@dataclass(frozen=True)
class Limits:
    connections: int = 1024
    per_address: int = 64  # a PC with several appliances holds a handful
    head_bytes: int = 16 * 1024  # an appliance's request head is well under 1 KiB
    pipelined: int = 8  # requests sent ahead of their answers (appliances send none)
    receive_timeout_s: float = 5.0
    write_stall_timeout_s: float = 10.0

    @classmethod
    def for_open_files(cls, open_files: int) -> Limits:
        """Half of what the reserve leaves goes to held connections, half to the listen
        backlog: the event loop accepts a whole backlog before it refuses any of it."""
        room = max(32, (open_files - RESERVED_FILES) // 2)
        default = cls()
        return cls(
            connections=min(default.connections, room),
            per_address=min(default.per_address, room),
        )


class Refusal(enum.Enum):
    ADDRESS_FULL = "too many connections from this address"
    ALL_BUSY = "every connection busy"


class Holder(Protocol):
    """The HTTP protocol of a connection (it stays the holder after a WebSocket upgrade)."""

    def waiting_for_client(self) -> bool: ...

    def sent_no_request(self) -> bool: ...


def reset(transport: asyncio.Transport) -> None:
    """Close at once with a TCP reset: the kernel then keeps no unsent answers for a
    client that reads none, and the client learns of it straight away."""
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class Slots:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        # Oldest first: the order in which connections give way when all slots are taken.
        self.held: dict[asyncio.Transport, tuple[str, Holder]] = {}
        self.per_address: Counter[str] = Counter()
        # Connections whose answers wait unread: (bytes waiting, since when not fewer).
        self.unread: dict[asyncio.Transport, tuple[int, float]] = {}
        self.sweep_due: asyncio.TimerHandle | None = None
        self.refused: Counter[str] = Counter()  # since the last report, by reason
        self.reported_at = -REPORT_EVERY_S
        self.report_due: asyncio.TimerHandle | None = None

    def take(self, transport: asyncio.Transport, holder: Holder, address: str) -> Refusal | None:
        """A slot for a new connection, or why there is none."""
        if self.per_address[address] >= self.limits.per_address:
            self.note("refused: too many from one address")
            return Refusal.ADDRESS_FULL
        if len(self.held) >= self.limits.connections:
            victim = self._waiting_longest()
            if victim is None:
                self.note("refused: all slots busy")
                return Refusal.ALL_BUSY
            self.note("dropped for a newcomer: sent no request")
            reset(victim)
            self.give_back(victim)
        self.held[transport] = (address, holder)
        self.per_address[address] += 1
        if self.sweep_due is None:
            self.sweep_due = asyncio.get_running_loop().call_later(SWEEP_EVERY_S, self.sweep)
        return None

    def give_back(self, transport: asyncio.Transport) -> None:
        held = self.held.pop(transport, None)
        self.unread.pop(transport, None)
        if held is not None:
            address = held[0]
            self.per_address[address] -= 1
            if not self.per_address[address]:
                del self.per_address[address]

    def _waiting_longest(self) -> asyncio.Transport | None:
        """The oldest connection that never sent a request, else the oldest that is only
        waiting for its client (an idle keep-alive, say); never a busy one or a WebSocket."""
        fallback = None
        for transport, (_, holder) in self.held.items():
            if holder.waiting_for_client():
                if holder.sent_no_request():
                    return transport
                fallback = fallback or transport
        return fallback

    def sweep(self) -> None:
        """Drop connections (WebSockets too) whose answers have waited unread, and not
        fewer of them, for write_stall_timeout_s: closing them gracefully would wait for
        those answers to be read, that is forever."""
        now = time.monotonic()
        for transport in list(self.held):
            waiting = transport.get_write_buffer_size()
            if not waiting:
                self.unread.pop(transport, None)
                continue
            before, since = self.unread.get(transport, (waiting + 1, now))
            if waiting < before:
                self.unread[transport] = (waiting, now)  # the client is reading
            elif now - since >= self.limits.write_stall_timeout_s:
                self.note("dropped: stopped reading")
                reset(transport)
                self.give_back(transport)
        self.sweep_due = None
        if self.held:
            self.sweep_due = asyncio.get_running_loop().call_later(SWEEP_EVERY_S, self.sweep)

    def note(self, reason: str) -> None:
        """Count a refusal; the counts are logged at most every REPORT_EVERY_S, so that
        a flood does not become a flood of log lines too."""
        self.refused[reason] += 1
        if self.report_due is None:
            wait = max(0.0, self.reported_at + REPORT_EVERY_S - time.monotonic())
            self.report_due = asyncio.get_running_loop().call_later(wait, self.report)

    def report(self) -> None:
        counts = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.refused.items()))
        log.warning(
            "connection limits (%d per address, %d in all) at work: %s",
            self.limits.per_address,
            self.limits.connections,
            counts,
        )
        self.refused.clear()
        self.reported_at = time.monotonic()
        self.report_due = None
