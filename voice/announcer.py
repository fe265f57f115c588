"""The announcer: hub call events in, chime + spoken call out, strictly one at a time.

Events arrive from the hub's WebSocket on any thread; `submit` only checks and queues
them. One worker thread synthesises, joins chime and speech and plays it to the end
before taking the next, so two calls never talk over each other.

The morning peak: nine counters calling within a few seconds used to queue ~95 s of
audio (chime + the phrase twice, ~11 s a call), so the last citizen heard their number
a minute and a half late, or never once a call outlived `max_age_s`. So a call is said
in full only while nobody else waits. The chime, the phrase and its repeat are each a
sound of their own, and before each the announcer looks at the queue: a call that
arrived during the chime turns the phrase into the backlog form, said once (by the
backlog voice, brisker), and one that arrived during the first saying skips the repeat.
Waiting calls then follow each other after a short pause, the short chime opening their
run only when no chime did (`scripts/bench/display.py --peak`).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import enum
import logging
import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from common.clock import Clock, SystemClock
from protocol.kinds import EventType
from voice.audio import Clip, concat, cut, read_wav, scale, trim_end, write_wav
from voice.config import SHORT_CHIME_S, CallerConfig, paused
from voice.errors import CallerError, PhraseError
from voice.phrase import Phrasebook
from voice.player import Player
from voice.speech import Synthesizer, WorkDir

logger = logging.getLogger(__name__)

ANNOUNCED_TYPES = (EventType.TICKET_CALLED, EventType.TICKET_RECALLED, EventType.TICKET_TRANSFERRED)
_REMEMBERED_SEQS = 4096  # enough for a busy day's calls; bounded so a week-long run stays small


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
    backlog_text: str  # said instead, once, when other calls wait behind this one


@dataclasses.dataclass(frozen=True)
class Outcome:
    seq: int | None
    status: Status
    number: str | None = None
    text: str | None = None  # what was (or would have been) said
    heard: bool = False  # the player reported the sound played to the end
    saved: Path | None = None
    reason: str = ""
    said: int = 0  # how many times the phrase was said
    backlog: bool = False  # other calls were waiting: the backlog phrase, once


def parse_call(event: Mapping[str, Any], phrasebook: Phrasebook, *, transfers: bool) -> Call | None:
    """The call an event announces, or None for events that are not spoken."""
    kind = event.get("type")
    if kind not in ANNOUNCED_TYPES or (kind == EventType.TICKET_TRANSFERRED and not transfers):
        return None
    try:
        seq = int(event["seq"])
        at = dt.datetime.fromisoformat(str(event["at"]))
        number = str(event["number"])
        counter = event["to_counter"] if kind == EventType.TICKET_TRANSFERRED else event["counter"]
    except (KeyError, TypeError, ValueError) as exc:
        raise PhraseError(f"malformed {kind} event: {exc!r}") from exc
    if counter is None:
        return None  # transferred to a service, not a counter: nowhere to send anyone yet
    if at.tzinfo is None:
        raise PhraseError(f"event time {event['at']!r} has no time zone")
    counter = int(counter)
    say: Callable[..., str]
    if kind == EventType.TICKET_RECALLED:
        say = phrasebook.recall
    elif kind == EventType.TICKET_TRANSFERRED:
        say = phrasebook.transfer
    else:
        say = phrasebook.call
    text, backlog_text = say(number, counter), say(number, counter, backlog=True)
    return Call(seq, kind, at, number, counter, text, backlog_text)


class Announcer:
    """Queues call events and speaks them one after another on its own thread.

    `backlog_synthesizer` says the backlog form (the same voice at a brisker rate);
    None: `synthesizer` says both.
    """

    def __init__(
        self,
        synthesizer: Synthesizer,
        player: Player,
        *,
        backlog_synthesizer: Synthesizer | None = None,
        config: CallerConfig | None = None,
        phrasebook: Phrasebook | None = None,
        clock: Clock | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> None:
        self.config = config or CallerConfig()
        self.phrasebook = phrasebook or Phrasebook()
        self.synthesizer = synthesizer
        self.backlog_synthesizer = backlog_synthesizer or synthesizer
        self.player = player
        self.clock = clock or SystemClock()
        self.on_outcome = on_outcome
        self.outcomes: collections.deque[Outcome] = collections.deque(maxlen=200)
        self._chime: Clip | None = read_wav(self.config.chime) if self.config.chime else None
        self._short_chime = self._read_short_chime()
        if self.config.save_dir is not None:
            self.config.save_dir.mkdir(parents=True, exist_ok=True)
        self._work = WorkDir(None, "antrian-announce-")
        self._queue: collections.deque[Call] = collections.deque()  # guarded by _cond
        self._seen: collections.deque[int] = collections.deque(maxlen=_REMEMBERED_SEQS)
        self._seen_set: set[int] = set()
        self._pending = 0
        self._follows_backlog = False  # worker only: the last call said was a waiting one
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="antrian-announcer", daemon=True)

    # -- lifecycle ---------------------------------------------------------------------
    def _read_short_chime(self) -> Clip | None:
        if self._chime is None:
            return None  # "no chime" means none at the peak either
        if self.config.short_chime is not None:
            return read_wav(self.config.short_chime)
        return cut(self._chime, SHORT_CHIME_S)

    def start(self) -> Announcer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> bool:
        """Finish the sound playing now, drop the rest; False if the worker hangs."""
        with self._cond:
            self._stopping.set()
            self._cond.notify_all()
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
        if call is None:
            return False
        with self._cond:
            if self._stopping.is_set():
                return False
            duplicate = call.seq in self._seen_set
            if not duplicate:
                self._remember(call.seq)
                self._pending += 1
                self._queue.append(call)
                self._cond.notify_all()
        if duplicate:
            logger.debug("seq %s (%s) already announced", call.seq, call.number)
            self._report(Outcome(call.seq, Status.DUPLICATE, call.number, call.text))
            return False
        return True

    def _remember(self, seq: int) -> None:
        if len(self._seen) == self._seen.maxlen:
            self._seen_set.discard(self._seen[0])
        self._seen.append(seq)
        self._seen_set.add(seq)

    # -- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._queue:
                    self._follows_backlog = False  # the hall falls quiet: the next has a chime
                self._cond.wait_for(lambda: bool(self._queue) or self._stopping.is_set())
                if not self._queue:
                    break  # stopping, and every queued call was reported dropped
                call = self._queue.popleft()
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

    def _age_s(self, call: Call) -> float:
        return (self.clock.now() - call.at).total_seconds()

    def _others_waiting(self) -> bool:
        """A call still worth saying waits behind the one being said (or we are stopping)."""
        with self._cond:
            queued = list(self._queue)
        if self._stopping.is_set():
            return True
        return any(self._age_s(call) <= self.config.max_age_s for call in queued)

    def _announce(self, call: Call) -> Outcome:
        age_s = self._age_s(call)
        if age_s > self.config.max_age_s:
            logger.info(
                "%s (seq %s) is %.0f s old: shown but not spoken", call.number, call.seq, age_s
            )
            reason = f"{age_s:.0f} s old"
            return Outcome(call.seq, Status.STALE, call.number, call.text, reason=reason)
        follows_backlog, self._follows_backlog = self._follows_backlog, False
        played: list[Clip] = []
        heard = True

        def play(clip: Clip) -> None:
            nonlocal heard
            played.append(clip)
            heard = self._play(clip) and heard

        speech, backlog = self._say_once(call, follows_backlog, play)
        said = 1
        # The repeat is its own sound, so a call arriving during the first saying is not
        # kept waiting for the second.
        while not backlog and said < self.config.repeat and not self._others_waiting():
            play(paused(speech, self.config.pause_s))
            said += 1
        self._follows_backlog = backlog
        text = call.backlog_text if backlog else call.text
        saved = None
        if self.config.save_dir is not None:
            path = self.config.save_dir / _file_name(call)
            saved = write_wav(path, concat(played, speech.rate))
        logger.info("announced %s (seq %s) x%d: %s", call.number, call.seq, said, text)
        return Outcome(call.seq, Status.SPOKEN, call.number, text, heard=heard, saved=saved,
                       said=said, backlog=backlog)  # fmt: skip

    def _say_once(
        self, call: Call, follows_backlog: bool, play: Callable[[Clip], None]
    ) -> tuple[Clip, bool]:
        """Play the opening and the first saying; the phrase, and whether it was the
        backlog form (other calls waiting)."""
        config = self.config
        if self._others_waiting():
            speech = self._speech(call.backlog_text, self.backlog_synthesizer)
            if follows_backlog:  # the run goes on: a pause tells one call from the next
                play(paused(speech, config.backlog_pause_s))
            elif self._short_chime is None:
                play(speech)
            else:  # a run opens
                short_chime = scale(self._short_chime, config.chime_gain)
                play(concat([short_chime, paused(speech, config.short_chime_gap_s)], speech.rate))
            return speech, True
        # Synthesised before the chime plays, so no wait opens between chime and phrase.
        speech = self._speech(call.text, self.synthesizer)
        if self._chime is None:
            play(paused(speech, config.backlog_pause_s) if follows_backlog else speech)
            return speech, False
        play(scale(self._chime, config.chime_gain))
        if self._others_waiting():  # calls came in during the chime: they wait no longer
            speech = self._speech(call.backlog_text, self.backlog_synthesizer)
            play(paused(speech, config.short_chime_gap_s))
            return speech, True
        play(paused(speech, config.chime_gap_s))
        return speech, False

    def _speech(self, text: str, synthesizer: Synthesizer) -> Clip:
        """The phrase spoken, the silence the voice leaves after it dropped (espeak-ng starts
        at once, and recorded words are trimmed as they are loaded)."""
        path = synthesizer.synthesize(text)
        try:
            return trim_end(read_wav(path))
        finally:
            path.unlink(missing_ok=True)

    def _play(self, clip: Clip) -> bool:
        path = write_wav(self._work.fresh(), clip)
        try:
            return self.player.play(path)
        finally:
            path.unlink(missing_ok=True)

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
