"""Live pages: every open ticket page wakes after each committed batch of events.

A page's message is the whole public view of its ticket, never a delta: a page that
reconnects (`Last-Event-ID`: the hub's `seq` it last saw) gets the current view at once
if anything was committed since, so no call is missed and no backlog is replayed. Each
waiting page holds a coroutine and nothing else: no queue of events per phone.
"""

from __future__ import annotations

import asyncio


class Changes:
    def __init__(self, seq: int) -> None:
        self.seq = seq  # the last committed event the pages may show
        self.closed = False
        self._changed = asyncio.Event()

    def committed(self, seq: int) -> None:
        """Called on the event loop after each committed batch (hub.service listeners)."""
        self.seq = max(self.seq, seq)
        self._wake()

    def close(self) -> None:
        """The hub stops: every stream ends, so the listener's shutdown need not wait."""
        self.closed = True
        self._wake()

    async def wait_past(self, seq: int, timeout_s: float) -> None:
        """Until an event after `seq` is committed, the hub stops, or `timeout_s` passes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while self.seq <= seq and not self.closed:
            left = deadline - loop.time()
            if left <= 0:
                return
            changed = self._changed  # replaced on each wake: waiting on it sees the next
            try:
                await asyncio.wait_for(changed.wait(), left)
            except TimeoutError:
                return

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
