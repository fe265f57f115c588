"""The announcer: hub call events in, chime + spoken call out, strictly one at a time.

Events arrive from the hub's WebSocket on any thread; `submit` only checks and queues
them. One worker thread synthesises, joins chime and speech into one WAV and plays it
to the end before taking the next, so two calls never talk over each other.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import enum
import logging
import queue
import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from display.caller.audio import Clip, read_wav, write_wav
from display.caller.config import CallerConfig, compose
from display.caller.errors import CallerError, PhraseError
from display.caller.phrase import Phrasebook
from display.caller.player import Player
from display.caller.speech import Synthesizer, WorkDir

logger = logging.getLogger(__name__)

ANNOUNCED_TYPES = ("ticket.called", "ticket.recalled", "ticket.transferred")
_REMEMBERED_SEQS = 4096  # enough for a busy day's calls; bounded so a week-long run stays small


class Clock(Protocol):
    """The hub's clock shape (`hub.engine.clock`): timezone-aware UTC `now()`."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class Status(enum.StrEnum):
    SPOKEN = "spoken"  # played (or attempted: see `heard`)
    STALE = "stale"  # older than max_age_s: shown on the TV but not spoken
    DUPLICATE = "duplicate"  # this seq was already handled (a replay after reconnect)
    INVALID = "invalid"  # the event cannot be turned into a phrase
    FAILED = "failed"  # synthesis or audio failed; logged
    DROPPED = "dropped"  # still queued when the announcer stopped


@dataclasses.dataclass(frozen=True)
class Call:
    seq: int
    kind: str  # the event type: ticket.called, ticket.recalled, ticket.transferred
    at: dt.datetime
    number: str
    counter: int
    text: str


@dataclasses.dataclass(frozen=True)
class Outcome:
    seq: int | None
    status: Status
    number: str | None = None
    text: str | None = None
    heard: bool = False  # the player reported the sound played to the end
    saved: Path | None = None
    reason: str = ""


def parse_call(event: Mapping[str, Any], phrasebook: Phrasebook, *, transfers: bool) -> Call | None:
    """The call an event announces, or None for events that are not spoken."""
    kind = event.get("type")
    if kind not in ANNOUNCED_TYPES or (kind == "ticket.transferred" and not transfers):
        return None
    try:
        seq = int(event["seq"])
        at = dt.datetime.fromisoformat(str(event["at"]))
        number = str(event["number"])
        counter = event["to_counter"] if kind == "ticket.transferred" else event["counter"]
    except (KeyError, TypeError, ValueError) as exc:
        raise PhraseError(f"malformed {kind} event: {exc!r}") from exc
    if counter is None:
        return None  # transferred to a service, not a counter: nowhere to send anyone yet
    if at.tzinfo is None:
        raise PhraseError(f"event time {event['at']!r} has no time zone")
    counter = int(counter)
    if kind == "ticket.recalled":
        text = phrasebook.recall(number, counter)
    elif kind == "ticket.transferred":
        text = phrasebook.transfer(number, counter)
    else:
        text = phrasebook.call(number, counter)
    return Call(seq, kind, at, number, counter, text)


class Announcer:
    """Queues call events and speaks them one after another on its own thread."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        player: Player,
        *,
        config: CallerConfig | None = None,
        phrasebook: Phrasebook | None = None,
        clock: Clock | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> None:
        self.config = config or CallerConfig()
        self.phrasebook = phrasebook or Phrasebook()
        self.synthesizer = synthesizer
        self.player = player
        self.clock = clock or SystemClock()
        self.on_outcome = on_outcome
        self.outcomes: collections.deque[Outcome] = collections.deque(maxlen=200)
        self._chime: Clip | None = read_wav(self.config.chime) if self.config.chime else None
        if self.config.save_dir is not None:
            self.config.save_dir.mkdir(parents=True, exist_ok=True)
        self._work = WorkDir(None, "antrian-announce-")
        self._queue: queue.Queue[Call | None] = queue.Queue()
        self._seen: collections.deque[int] = collections.deque(maxlen=_REMEMBERED_SEQS)
        self._seen_set: set[int] = set()
        self._pending = 0
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="antrian-announcer", daemon=True)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> Announcer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> bool:
        """Finish the announcement playing now, drop the rest; False if the worker hangs."""
        self._stopping.set()
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._work.close()
        if self._thread.is_alive():
            logger.error("announcer thread did not stop within %.0f s", timeout)
            return False
        return True

    def __enter__(self) -> Announcer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def wait_idle(self, timeout: float) -> bool:
        """Block until every submitted call is handled; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout)

    # -- input -------------------------------------------------------------------------
    def submit(self, event: Mapping[str, Any]) -> bool:
        """Take any hub event; True when it was queued to be spoken. Thread-safe."""
        seq = event.get("seq")
        try:
            call = parse_call(event, self.phrasebook, transfers=self.config.announce_transfers)
        except PhraseError as exc:
            logger.warning("not announcing event %s: %s", seq, exc)
            known_seq = seq if isinstance(seq, int) else None
            self._report(Outcome(known_seq, Status.INVALID, reason=str(exc)))
            return False
        if call is None or self._stopping.is_set():
            return False
        with self._cond:
            if call.seq in self._seen_set:
                duplicate = True
            else:
                duplicate = False
                self._remember(call.seq)
                self._pending += 1
        if duplicate:
            logger.debug("seq %s (%s) already announced", call.seq, call.number)
            self._report(Outcome(call.seq, Status.DUPLICATE, call.number, call.text))
            return False
        self._queue.put(call)
        return True

    def _remember(self, seq: int) -> None:
        if len(self._seen) == self._seen.maxlen:
            self._seen_set.discard(self._seen[0])
        self._seen.append(seq)
        self._seen_set.add(seq)

    # -- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            call = self._queue.get()
            if call is None:
                break
            if self._stopping.is_set():
                outcome = Outcome(call.seq, Status.DROPPED, call.number, call.text)
            else:
                try:
                    outcome = self._announce(call)
                except CallerError as exc:
                    logger.error("announcing %s (seq %s) failed: %s", call.number, call.seq, exc)
                    outcome = Outcome(
                        call.seq, Status.FAILED, call.number, call.text, reason=str(exc)
                    )
                except Exception as exc:
                    # A bug must not silence the hall for the rest of the day: log it whole
                    # and go on with the next call.
                    logger.exception("unexpected error announcing seq %s", call.seq)
                    outcome = Outcome(
                        call.seq, Status.FAILED, call.number, call.text, reason=repr(exc)
                    )
            self._report(outcome)  # before counting it done, so wait_idle() sees it
            with self._cond:
                self._pending -= 1
                self._cond.notify_all()
        with self._cond:  # stopped: whatever was still queued is dropped
            while not self._queue.empty():
                if self._queue.get_nowait() is not None:
                    self._pending -= 1
            self._cond.notify_all()

    def _announce(self, call: Call) -> Outcome:
        age_s = (self.clock.now() - call.at).total_seconds()
        if age_s > self.config.max_age_s:
            logger.info(
                "%s (seq %s) is %.0f s old: shown but not spoken", call.number, call.seq, age_s
            )
            reason = f"{age_s:.0f} s old"
            return Outcome(call.seq, Status.STALE, call.number, call.text, reason=reason)
        speech_path = self.synthesizer.synthesize(call.text)
        try:
            speech = read_wav(speech_path)
        finally:
            speech_path.unlink(missing_ok=True)
        announcement = compose(speech, self._chime, self.config)
        if self.config.save_dir is not None:
            path = self.config.save_dir / _file_name(call)
        else:
            path = self._work.fresh()
        write_wav(path, announcement)
        try:
            heard = self.player.play(path)
        finally:
            if self.config.save_dir is None:
                path.unlink(missing_ok=True)
        saved = path if self.config.save_dir is not None else None
        logger.info("announced %s (seq %s): %s", call.number, call.seq, call.text)
        return Outcome(call.seq, Status.SPOKEN, call.number, call.text, heard=heard, saved=saved)

    def _report(self, outcome: Outcome) -> None:
        with self._cond:
            self.outcomes.append(outcome)
        if self.on_outcome is not None:
            try:
                self.on_outcome(outcome)
            except Exception:
                # The listener (the TV window) is not ours to crash; the speaker goes on.
                logger.exception("on_outcome listener failed for seq %s", outcome.seq)


def _file_name(call: Call) -> str:
    """Name a saved announcement "00000042-A-012-called.wav": sorts in call order."""
    number = re.sub(r"[^A-Za-z0-9-]", "_", call.number)
    return f"{call.seq:08d}-{number}-{call.kind.rsplit('.', 1)[-1]}.wav"
