"""The hub's one writer thread, which commits commands in groups.

The store runs with synchronous=FULL: every commit waits for the disk (an fsync), and
that wait, not the engine's work, is most of a command's time on the writer. So the
writer takes every command waiting when it comes free, runs them in turn inside one
transaction (each in a savepoint of its own, so a refused command leaves the others
alone), commits once, and only then hands the group's events to the listeners and
answers each command. As before, nobody hears of a change before it is on the disk; a
burst of commands shares one fsync instead of queueing for one each.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from hub.errors import StoreError
from hub.store import Store, StoredEvent

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_GROUP = 64  # commands sharing one commit at most: each waits for the whole group


@dataclasses.dataclass
class _Command:
    work: Callable[[], Any]
    future: concurrent.futures.Future[Any]
    outcome: tuple[Any, BaseException | None] = (None, None)


class GroupWriter:
    def __init__(
        self,
        store: Store,
        on_commit: Callable[[list[StoredEvent]], None],
        on_failure: Callable[[sqlite3.Error], None],
    ) -> None:
        """`on_commit` gets each group's events after its commit; `on_failure` runs (on
        the writer thread) after a group was rolled back because the store refused it."""
        self.store = store
        self.on_commit = on_commit
        self.on_failure = on_failure
        self.stored: list[StoredEvent] = []  # the open group's events, handed on at commit
        self._group_open = False
        self._stopped = False
        self._queue: queue.SimpleQueue[_Command | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="hub-writer", daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], T]) -> concurrent.futures.Future[T]:
        if self._stopped:
            raise RuntimeError("the hub's writer has been shut down")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put(_Command(work, future))
        return future

    def in_group(self) -> bool:
        """True on the writer thread while a group's transaction is open."""
        return self._group_open and threading.current_thread() is self._thread

    def shutdown(self) -> None:
        """Finish every command submitted so far, then stop the thread."""
        self._stopped = True
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            stopping = False
            while len(group) < MAX_GROUP:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                group.append(more)
            try:
                self._commit([c for c in group if c.future.set_running_or_notify_cancel()])
            except Exception:  # the thread must outlive any one group (answered by now)
                log.exception("the writer failed on a group of %d commands", len(group))
            if stopping:
                return

    def _commit(self, group: list[_Command]) -> None:
        conn = self.store.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._group_open = True
            for command in group:
                conn.execute("SAVEPOINT command")
                try:
                    command.outcome = (command.work(), None)
                except sqlite3.Error:
                    raise  # the store itself: the whole group is lost
                except Exception as refusal:  # refused: this command's rows go, not the rest
                    conn.execute("ROLLBACK TO command")
                    command.outcome = (None, refusal)
                conn.execute("RELEASE command")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._group_open = False
            self._roll_back(group, exc)
            return
        self._group_open = False
        stored, self.stored = self.stored, []
        if stored:
            try:
                self.on_commit(stored)
            except Exception:  # committed all the same: the commands' answers stand
                log.exception("a listener failed on events %d-%d", stored[0].seq, stored[-1].seq)
        for command in group:
            value, error = command.outcome
            if error is None:
                command.future.set_result(value)
            else:
                command.future.set_exception(error)

    def _roll_back(self, group: list[_Command], exc: sqlite3.Error) -> None:
        self.stored = []
        try:
            if self.store.conn.in_transaction:
                self.store.conn.execute("ROLLBACK")
            self.on_failure(exc)
        finally:  # whatever happens, every command of the group gets its answer
            for command in group:
                command.future.set_exception(StoreError(f"the store refused a write: {exc}"))
