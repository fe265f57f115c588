"""Playing a WAV on the speaker: the `Player` seam, `aplay`/`paplay`, and a recording fake.

A child process rather than simpleaudio/sounddevice: a wedged sound driver can then be
killed by a timeout instead of blocking the caller's thread for good, and alsa-utils is
already on every Debian appliance, with no compiled Python package to build.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil
import subprocess
import threading
import time
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from voice.audio import Clip, read_wav

logger = logging.getLogger(__name__)


class Player(Protocol):
    def play(self, path: Path) -> bool:
        """Play the WAV to the end; False when it could not be heard (no device, error)."""
        ...


def default_command() -> list[str]:
    """`aplay` (ALSA) where installed, else `paplay` (PulseAudio/PipeWire)."""
    if shutil.which("aplay") or not shutil.which("paplay"):
        return ["aplay", "-q"]
    return ["paplay"]


def wav_duration_s(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


class CommandPlayer:
    """Runs `command + [path]` and waits, at most the sound's length plus a margin.

    With no sound card `aplay` fails at once; that is logged once per outage and the
    announcement still counts as made (the TV shows the call anyway).
    """

    def __init__(self, command: Sequence[str] | None = None, *, margin_s: float = 5.0) -> None:
        self.command = list(command) if command else default_command()
        self.margin_s = margin_s
        self._failing = False
        self._lock = threading.Lock()

    def play(self, path: Path) -> bool:
        try:
            timeout = wav_duration_s(path) + self.margin_s
        except (OSError, EOFError, wave.Error) as exc:
            return self._failed(f"cannot read {path}: {exc}")
        try:
            result = subprocess.run(  # noqa: S603 - the command is the office's own config
                [*self.command, str(path)],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return self._failed(f"{self.command[0]} did not finish within {timeout:.1f} s")
        except OSError as exc:
            return self._failed(f"cannot run {self.command[0]}: {exc}")
        if result.returncode != 0:
            lines = result.stderr.decode(errors="replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {result.returncode}"
            return self._failed(f"{self.command[0]} failed: {reason}")
        with self._lock:
            recovered, self._failing = self._failing, False
        if recovered:
            logger.info("sound output works again")
        return True

    def _failed(self, reason: str) -> bool:
        with self._lock:
            first, self._failing = not self._failing, True
        if first:
            logger.warning("cannot play announcements (%s); calls are shown but not heard", reason)
        else:
            logger.debug("still cannot play: %s", reason)
        return False


@dataclasses.dataclass(frozen=True)
class Played:
    """One play as the fake heard it: the sound itself, and when it started and ended."""

    name: str
    clip: Clip
    started: float
    ended: float


class FakePlayer:
    """Records what was played, and when, instead of making a sound.

    `gate`, when given, holds every play until it is set: a test can keep the worker busy
    while it queues more calls. `overlaps` counts plays that began before another ended.
    `heard=False` stands for a PC with no sound card.
    """

    def __init__(
        self, *, heard: bool = True, gate: threading.Event | None = None, play_s: float = 0.0
    ) -> None:
        self.heard = heard
        self.gate = gate
        self.play_s = play_s  # how long each "play" takes, so overlaps would show
        self.played: list[Played] = []
        self.overlaps = 0
        self.playing = threading.Event()  # set while a play is in progress
        self._active = 0
        self._lock = threading.Lock()

    def play(self, path: Path) -> bool:
        clip = read_wav(path)  # read now: the announcer may delete the file afterwards
        with self._lock:
            self._active += 1
            if self._active > 1:
                self.overlaps += 1
            self.playing.set()
        started = time.monotonic()
        try:
            if self.gate is not None and not self.gate.wait(timeout=10):
                raise TimeoutError("FakePlayer gate was never opened")
            if self.play_s:
                time.sleep(self.play_s)  # stands for the sound's length, not a wait for a result
        finally:
            ended = time.monotonic()
            with self._lock:
                self._active -= 1
                if not self._active:
                    self.playing.clear()
                self.played.append(Played(path.name, clip, started, ended))
        return self.heard
