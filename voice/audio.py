"""Just enough WAV handling for the caller, stdlib only: read, resample, join, write.

Everything becomes 16-bit mono before it is joined, so a chime recorded at 44.1 kHz
stereo and espeak's 22.05 kHz mono speech can share one announcement file.
"""

from __future__ import annotations

import array
import dataclasses
import sys
import wave
from collections.abc import Iterable
from pathlib import Path

from voice.errors import AudioError

SPEECH_RATE = 22050  # espeak-ng's native rate: speech never needs resampling
_INT16_MAX = 32767


@dataclasses.dataclass(frozen=True)
class Clip:
    """16-bit mono samples at a sample rate."""

    samples: array.array[int]
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate

    @property
    def peak(self) -> int:
        return max((abs(sample) for sample in self.samples), default=0)


def silence(seconds: float, rate: int = SPEECH_RATE) -> Clip:
    return Clip(array.array("h", bytes(2 * round(seconds * rate))), rate)


def _to_int16(frames: bytes, sample_width: int) -> array.array[int]:
    if sample_width == 2:
        samples = array.array("h", frames)
        if sys.byteorder == "big":
            samples.byteswap()  # WAV is little-endian
        return samples
    if sample_width == 1:  # 8-bit WAV is unsigned
        return array.array("h", ((byte - 128) << 8 for byte in frames))
    if sample_width in (3, 4):
        shift = 8 * (sample_width - 2)
        return array.array(
            "h",
            (
                int.from_bytes(frames[i : i + sample_width], "little", signed=True) >> shift
                for i in range(0, len(frames), sample_width)
            ),
        )
    raise AudioError(f"unsupported sample width {sample_width} bytes")


def read_wav(path: Path) -> Clip:
    """Read a PCM WAV as 16-bit mono (channels averaged)."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels = wav.getnchannels()
            sample_width = wav.getsampwidth()
            rate = wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioError(f"cannot read WAV {path}: {exc}") from exc
    samples = _to_int16(frames, sample_width)
    if channels > 1:
        samples = array.array(
            "h",
            (
                sum(samples[i : i + channels]) // channels
                for i in range(0, len(samples) - channels + 1, channels)
            ),
        )
    return Clip(samples, rate)


def write_wav(path: Path, clip: Clip) -> Path:
    samples = clip.samples
    if sys.byteorder == "big":
        samples = array.array("h", samples)
        samples.byteswap()
    try:
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(clip.rate)
            wav.writeframes(samples.tobytes())
    except OSError as exc:
        raise AudioError(f"cannot write WAV {path}: {exc}") from exc
    return path


def resample(clip: Clip, rate: int) -> Clip:
    """Linear interpolation: plenty for a chime or a voice on a waiting-room speaker."""
    if clip.rate == rate or not clip.samples:
        return Clip(clip.samples, rate)
    source = clip.samples
    last = len(source) - 1
    step = clip.rate / rate
    count = int(len(source) / step)
    out = array.array("h", bytes(2 * count))
    for i in range(count):
        position = i * step
        left = int(position)
        right = min(left + 1, last)
        fraction = position - left
        out[i] = round(source[left] + (source[right] - source[left]) * fraction)
    return Clip(out, rate)


def concat(clips: Iterable[Clip], rate: int = SPEECH_RATE) -> Clip:
    joined = array.array("h")
    for clip in clips:
        joined.extend(resample(clip, rate).samples)
    return Clip(joined, rate)


def scale(clip: Clip, gain: float) -> Clip:
    """Multiply every sample, clipped to 16 bits (the chime volume relative to speech)."""
    if gain == 1.0:
        return clip
    return Clip(
        array.array(
            "h",
            (max(-_INT16_MAX, min(_INT16_MAX, round(s * gain))) for s in clip.samples),
        ),
        clip.rate,
    )


def trim_end(clip: Clip, *, threshold: int = 300, keep_s: float = 0.05) -> Clip:
    """Drop the near-silence a voice leaves after its last word, keeping `keep_s` of it.

    espeak-ng ends every phrase with ~0.3 s of silence; the caller sets its own pauses,
    and at the morning peak each part of a second counts.
    """
    end = len(clip.samples)
    while end and abs(clip.samples[end - 1]) <= threshold:
        end -= 1
    end = min(len(clip.samples), end + round(keep_s * clip.rate))
    return Clip(clip.samples[:end], clip.rate)


def trim(clip: Clip, *, threshold: int = 300, keep_s: float = 0.05) -> Clip:
    """Drop the near-silence before the first sound and after the last, `keep_s` kept.

    A recorded word usually has a breath of room noise on either side; joined as they
    are, a sentence of nine words would carry seconds of it.
    """
    start = 0
    while start < len(clip.samples) and abs(clip.samples[start]) <= threshold:
        start += 1
    if start == len(clip.samples):
        return trim_end(clip, threshold=threshold, keep_s=keep_s)  # nothing but silence
    start = max(0, start - round(keep_s * clip.rate))
    return trim_end(Clip(clip.samples[start:], clip.rate), threshold=threshold, keep_s=keep_s)


def cut(clip: Clip, seconds: float, *, fade_s: float = 0.06) -> Clip:
    """The first `seconds` of a clip, faded out so the cut makes no click."""
    count = min(len(clip.samples), round(seconds * clip.rate))
    fade = min(count, round(fade_s * clip.rate))
    samples = clip.samples[:count]
    for offset in range(fade):
        index = count - fade + offset
        samples[index] = round(samples[index] * (fade - offset) / fade)
    return Clip(samples, clip.rate)
