"""Text to a WAV file: the `Synthesizer` seam, espeak-ng through pyttsx3, and a fake.

Every call writes a FRESH file and hands it to the caller, who plays it and deletes it.
pyttsx3's `save_to_file` remembers its path for later calls, so reusing one path or
mixing in `say()` would overwrite (or play) the wrong thing; and `say()` would also
shell out to `aplay` itself, with no timeout. Never QTextToSpeech: with no sound card its
speechd engine hangs forever.
"""

from __future__ import annotations

import array
import contextlib
import io
import logging
import math
import shutil
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any, Protocol

from display.caller.audio import SPEECH_RATE, Clip, write_wav
from display.caller.errors import SpeechError

logger = logging.getLogger(__name__)

DEFAULT_VOICE = "poz/id"  # espeak-ng's Indonesian voice (checked: `engine.getProperty('voices')`)
DEFAULT_RATE = 150  # words per minute; espeak's 175 is hurried for a noisy hall

# espeak-ng keeps one global state per process (pyttsx3 hands out one shared engine), so
# every use goes through this lock, from whichever thread.
_ENGINE_LOCK = threading.Lock()


class Synthesizer(Protocol):
    def synthesize(self, text: str) -> Path:
        """Write `text` spoken to a new WAV file and return its path (the caller owns it)."""
        ...


class WorkDir:
    """A folder for fresh output files: the given one, or a private temporary one."""

    def __init__(self, work_dir: Path | None, prefix: str) -> None:
        self._owned = work_dir is None
        self.path = Path(tempfile.mkdtemp(prefix=prefix)) if work_dir is None else work_dir
        self.path.mkdir(parents=True, exist_ok=True)

    def fresh(self, suffix: str = ".wav") -> Path:
        return self.path / f"{uuid.uuid4().hex}{suffix}"

    def close(self) -> None:
        if self._owned:
            shutil.rmtree(self.path, ignore_errors=True)


class EspeakSynthesizer:
    """espeak-ng (libespeak-ng1) through pyttsx3, ~10 ms for a call on a small PC."""

    def __init__(
        self,
        *,
        voice: str = DEFAULT_VOICE,
        rate: int = DEFAULT_RATE,
        volume: float = 1.0,
        work_dir: Path | None = None,
    ) -> None:
        if not 0.0 <= volume <= 1.0:
            raise SpeechError(f"volume must be between 0 and 1, not {volume}")
        self.voice = voice
        self.rate = rate
        self.volume = volume
        self._engine = _espeak_engine()
        with _ENGINE_LOCK:
            known = {v.id for v in self._engine.getProperty("voices")}
        if voice not in known:
            near = sorted(v for v in known if v.endswith("/" + voice.rsplit("/", 1)[-1]))
            raise SpeechError(f"espeak-ng has no voice {voice!r}; try one of {near or ['poz/id']}")
        self._work = WorkDir(work_dir, "antrian-speech-")

    def synthesize(self, text: str) -> Path:
        if not text.strip():
            raise SpeechError("nothing to say")
        out = self._work.fresh()
        with _ENGINE_LOCK:
            # Set every time: another instance may share the process-wide engine.
            self._engine.setProperty("voice", self.voice)
            self._engine.setProperty("rate", self.rate)
            self._engine.setProperty("volume", self.volume)
            self._engine.save_to_file(text, str(out))
            # pyttsx3 prints "Audio saved to ..." on stdout; keep the appliance log clean.
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.runAndWait()
        if not out.is_file() or out.stat().st_size <= 44:  # 44 bytes: a header, no sound
            raise SpeechError(f"espeak-ng wrote no audio for {text!r}")
        return out

    def close(self) -> None:
        self._work.close()


def _espeak_engine() -> Any:
    try:
        import pyttsx3  # imported here: the fake and segment paths work without it
    except ImportError as exc:
        raise SpeechError("pyttsx3 is not installed (pip install 'pyttsx3>=2.90,<3')") from exc
    with _ENGINE_LOCK:
        try:
            return pyttsx3.init("espeak")
        except (OSError, RuntimeError) as exc:
            raise SpeechError(
                f"espeak-ng is not usable ({exc}); install libespeak-ng1 and espeak-ng-data"
            ) from exc


class FakeSynthesizer:
    """An honest fake: writes a real WAV (a quiet tone, 40 ms per character) and logs texts.

    Real files mean the announcer's joining, saving and playing are exercised for real.
    """

    def __init__(self, work_dir: Path | None = None, *, ms_per_char: float = 40.0) -> None:
        self.texts: list[str] = []
        self.ms_per_char = ms_per_char
        self.fail_on: set[str] = set()  # texts that raise SpeechError, to test failures
        self._work = WorkDir(work_dir, "antrian-fake-speech-")
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> Path:
        with self._lock:
            self.texts.append(text)
        if text in self.fail_on or not text.strip():
            raise SpeechError(f"fake synthesizer told to fail on {text!r}")
        count = round(len(text) * self.ms_per_char / 1000 * SPEECH_RATE)
        tone = [round(8000 * math.sin(2 * math.pi * 220 * i / SPEECH_RATE)) for i in range(count)]
        return write_wav(self._work.fresh(), Clip(array.array("h", tone), SPEECH_RATE))

    def close(self) -> None:
        self._work.close()
