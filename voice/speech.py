"""Text to a WAV file: the `Synthesizer` seam, espeak-ng, and a fake.

Every call writes a FRESH file and hands it to the caller, who plays it and deletes it.
Never QTextToSpeech: with no sound card its speechd engine hangs forever.

espeak-ng runs as its command-line program, not through pyttsx3. Measured here with
pyttsx3 2.99: its espeak driver starts libespeak-ng in AUDIO_OUTPUT_RETRIEVAL mode, which
synthesises on espeak's own thread, while `runAndWait()` returns after one fixed 10 ms
sleep. A 4-second call takes about that long to synthesise, so some calls returned before
the WAV existed, and a rate set for the next call landed on the previous one (1 run in 6
failed "no audio"; a rate test failed every time in a fresh process). The CLI finishes
before it exits, takes ~9 ms a call (less than pyttsx3's sleep), never touches the sound
card with `-w`, can be killed by a timeout, and keeps espeak's global state out of the
display's process.
"""

from __future__ import annotations

import array
import logging
import math
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Protocol

from voice.audio import SPEECH_RATE, Clip, write_wav
from voice.errors import SpeechError

logger = logging.getLogger(__name__)

DEFAULT_VOICE = "poz/id"  # espeak-ng's Indonesian voice (`espeak-ng --voices=id`); "id" works too
_VARIANT_FILE = re.compile(r"!v/(\S+)")  # a line of `espeak-ng --voices=variant`
DEFAULT_RATE = 150  # words per minute; espeak's 175 is hurried for a noisy hall
_TIMEOUT_S = 10.0  # a call takes ~10 ms; anything near this is a wedged process
_WAV_HEADER_BYTES = 44


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
    """espeak-ng's `-w` output, one process per call; checked with a probe word at start.

    `variant` ("f3", or `voice="id+f3"`) changes the speaker over the same language rules;
    f1-f5 are female. espeak-ng quietly ignores a variant it does not have, so that is
    checked at start against `espeak-ng --voices=variant`.
    """

    def __init__(
        self,
        *,
        voice: str = DEFAULT_VOICE,
        variant: str = "",
        rate: int = DEFAULT_RATE,
        volume: float = 1.0,
        pitch: int = 50,
        program: str = "espeak-ng",
        work_dir: Path | None = None,
    ) -> None:
        if not 0.0 <= volume <= 2.0:
            raise SpeechError(f"volume must be between 0 and 2 (1 = normal), not {volume}")
        if not 80 <= rate <= 450:
            raise SpeechError(f"rate must be 80-450 words per minute, not {rate}")
        language, _plus, voice_variant = voice.partition("+")
        self.variant = variant or voice_variant
        self.voice = f"{language}+{self.variant}" if self.variant else language
        self.rate = rate
        self.volume = volume
        self.pitch = pitch
        self.program = program
        self._work = WorkDir(work_dir, "antrian-speech-")
        # Fail at start-up, not at the first call, when espeak-ng or the voice is missing.
        try:
            self.synthesize("satu").unlink()
            if self.variant and self.variant not in self.installed_variants():
                raise SpeechError(
                    f"{program} has no voice variant {self.variant!r}; installed: "
                    f"{', '.join(sorted(self.installed_variants()))}"
                )
        except SpeechError:
            self._work.close()
            raise

    def installed_variants(self) -> set[str]:
        """The variant names this espeak-ng has ("f3", "m1", "klatt", ...)."""
        try:
            listing = subprocess.run(  # noqa: S603 - fixed program and argument
                [self.program, "--voices=variant"],
                capture_output=True,
                timeout=_TIMEOUT_S,
                check=True,
                text=True,
            ).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechError(f"cannot list {self.program}'s voice variants: {exc}") from exc
        return set(_VARIANT_FILE.findall(listing))

    def synthesize(self, text: str) -> Path:
        if not text.strip():
            raise SpeechError("nothing to say")
        out = self._work.fresh()
        command = [
            self.program,
            *("-v", self.voice, "-s", str(self.rate), "-a", str(round(self.volume * 100))),
            *("-p", str(self.pitch), "-b", "1", "-w", str(out), "--stdin"),
        ]
        try:
            # The text goes in on stdin: a phrase starting with "-" is never an option.
            result = subprocess.run(  # noqa: S603 - fixed program, text never on the command line
                command,
                input=text.encode(),
                capture_output=True,
                timeout=_TIMEOUT_S,
                check=False,
            )
        except FileNotFoundError:
            raise SpeechError(
                f"{self.program} is not installed (apt-get install espeak-ng)"
            ) from None
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechError(f"{self.program} failed: {exc}") from exc
        if result.returncode != 0:
            message = result.stderr.decode(errors="replace").strip() or f"exit {result.returncode}"
            raise SpeechError(f"{self.program} -v {self.voice}: {message}")
        if not out.is_file() or out.stat().st_size <= _WAV_HEADER_BYTES:
            raise SpeechError(f"{self.program} wrote no audio for {text!r}")
        return out

    def close(self) -> None:
        self._work.close()


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
