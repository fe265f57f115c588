"""An announcer wired to fakes, and hub events as the WebSocket delivers them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from voice.announcer import Announcer, Outcome, Status
from voice.config import CallerConfig
from voice.phrase import Phrasebook
from voice.player import FakePlayer, Played
from voice.speech import FakeSynthesizer

WAIT_S = 10  # bound on every wait for the worker; the tests themselves take milliseconds


def wire_time(instant: dt.datetime) -> str:
    """The hub's wire form: UTC, milliseconds, "Z"."""
    return instant.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def event(
    seq: int,
    number: str,
    counter: int,
    at: dt.datetime,
    kind: str = "ticket.called",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "type": kind,
        "at": wire_time(at),
        "ticket_id": f"t{seq}",
        "number": number,
        "service": "informasi",
        "counter": counter,
        **extra,
    }


class Rig:
    """An announcer wired to fakes, with its outcomes collected.

    `backlog_ms_per_char` gives the backlog form a brisker fake voice of its own (the
    texts of both are logged in `synthesizer.texts`, in the order they were said).
    """

    def __init__(self, tmp_path: Path, clock: Any, **config: Any) -> None:
        ms_per_char = config.pop("ms_per_char", 5)
        backlog_ms_per_char = config.pop("backlog_ms_per_char", None)
        self.synthesizer = FakeSynthesizer(tmp_path / "speech", ms_per_char=ms_per_char)
        self.backlog_synthesizer = self.synthesizer
        if backlog_ms_per_char is not None:
            self.backlog_synthesizer = FakeSynthesizer(
                tmp_path / "backlog-speech", ms_per_char=backlog_ms_per_char
            )
            self.backlog_synthesizer.texts = self.synthesizer.texts  # one log, one worker
        self.player = FakePlayer(**config.pop("player", {}))
        self.outcomes: list[Outcome] = []
        self.sounds_by_then: list[int] = []  # how many sounds were played when each was reported
        self.announcer = Announcer(
            self.synthesizer,
            self.player,
            backlog_synthesizer=self.backlog_synthesizer,
            config=CallerConfig(**config),
            phrasebook=Phrasebook(counter_names={5: "Loket 5 (Pengaduan)"}),
            clock=clock,
            on_outcome=self._outcome,
        )

    def _outcome(self, outcome: Outcome) -> None:
        self.sounds_by_then.append(len(self.player.played))
        self.outcomes.append(outcome)

    def sounds(self) -> list[list[Played]]:
        """The sounds each outcome's call was made of, in the order of `outcomes`."""
        bounds = [0, *self.sounds_by_then]
        return [self.player.played[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]

    def statuses(self) -> list[tuple[int | None, Status]]:
        return [(o.seq, o.status) for o in self.outcomes]

    def idle(self) -> None:
        assert self.announcer.wait_idle(WAIT_S), "announcer did not finish in time"
