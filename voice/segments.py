"""Pre-recorded words joined into a call, for offices that recorded a human voice.

`sounds/voice/` (or `[caller] voice_dir`) holds one WAV per word: `nomor.wav`,
`antrean.wav`, `satu.wav` ... `belas.wav`, `puluh.wav`, `ratus.wav`, `silakan.wav`,
`menuju.wav`, `ke.wav`, `loket.wav` and the letter names `a.wav`, `be.wav`, `ce.wav` ...
(`antrian voice check` lists what an office needs). A phrase with any word not recorded
is spoken whole by the fallback synthesizer: a sentence half in a human voice and half in
espeak sounds worse than either.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from voice.audio import SPEECH_RATE, Clip, concat, read_wav, silence, trim, write_wav
from voice.errors import AudioError, SpeechError
from voice.phrase import speech_words
from voice.speech import Synthesizer, WorkDir

logger = logging.getLogger(__name__)

# A recorded word is cut to its sound plus this much, measured against its own loudest
# sample: room noise and breaths left at either end would pile up over a sentence.
_WORD_SILENCE_OF_PEAK = 1 / 50  # about -34 dB
_WORD_KEEP_S = 0.02  # a soft "s" or "h" starts below the threshold


class SegmentSynthesizer:
    """Concatenates recorded words; falls back to another synthesizer for unknown words."""

    def __init__(
        self,
        voice_dir: Path,
        fallback: Synthesizer | None,
        *,
        work_dir: Path | None = None,
        word_gap_s: float = 0.04,
        pause_s: float = 0.35,
    ) -> None:
        self.voice_dir = voice_dir
        self.fallback = fallback
        self.word_gap_s = word_gap_s
        self.pause_s = pause_s
        self._files = (
            {path.stem.lower(): path for path in voice_dir.glob("*.wav")}
            if voice_dir.is_dir()
            else {}
        )
        self._clips: dict[str, Clip] = {}
        self._reported_missing: set[str] = set()
        self._lock = threading.Lock()
        self._work = WorkDir(work_dir, "antrian-segments-")

    @property
    def words(self) -> frozenset[str]:
        """The words recorded in the voice folder."""
        return frozenset(self._files)

    def missing(self, text: str) -> list[str]:
        """The words of `text` with no recording (punctuation needs none: it is a pause)."""
        return [w for w in speech_words(text) if w.isalnum() and w not in self._files]

    def synthesize(self, text: str) -> Path:
        missing = self.missing(text)
        if not missing:
            try:
                return self._join(text)
            except AudioError as exc:
                missing = []
                logger.warning("voice recordings unusable, using the fallback voice: %s", exc)
        else:
            self._report_missing(missing)
        if self.fallback is None:
            raise SpeechError(f"cannot speak {text!r} from recordings and there is no fallback")
        return self.fallback.synthesize(text)

    def _join(self, text: str) -> Path:
        parts: list[Clip] = []
        after_word = False
        for word in speech_words(text):
            if not word.isalnum():
                parts.append(silence(self.pause_s))  # a comma or full stop: a breath
                after_word = False
                continue
            if after_word:
                parts.append(silence(self.word_gap_s))
            parts.append(self._clip(word))
            after_word = True
        if not parts:
            raise SpeechError("nothing to say")
        return write_wav(self._work.fresh(), concat(parts, SPEECH_RATE))

    def _clip(self, word: str) -> Clip:
        with self._lock:
            clip = self._clips.get(word)
            if clip is None:
                recorded = read_wav(self._files[word])
                threshold = round(recorded.peak * _WORD_SILENCE_OF_PEAK)
                clip = trim(recorded, threshold=threshold, keep_s=_WORD_KEEP_S)
                self._clips[word] = clip
            return clip

    def _report_missing(self, missing: list[str]) -> None:
        """Say once per word which recordings are missing, not at every call."""
        with self._lock:
            new = sorted(set(missing) - self._reported_missing)
            self._reported_missing.update(new)
        if new:
            logger.info("no recording in %s for %s; using the fallback voice", self.voice_dir, new)

    def close(self) -> None:
        self._work.close()
