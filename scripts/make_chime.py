"""Write sounds/chime.wav, a soft two-tone "ding-dong" (E5 then C5), and
sounds/chime-short.wav, the "ding" alone, stdlib only.

    python scripts/make_chime.py [OUT_DIR]

Deterministic, so the committed files can be rebuilt and compared byte for byte.
Each tone is a bell-like sum of a fundamental and two quieter partials with a 15 ms
attack (no click) and an exponential decay; the "dong" starts while the "ding" rings.
The short chime opens each call while others wait (the morning peak): 0.4 s instead of
1.2 s, at the same loudness as the ding of the full chime.
"""

from __future__ import annotations

import array
import math
import sys
import wave
from pathlib import Path

RATE = 22050  # the caller's speech rate, so chime and speech join without resampling
LENGTH_S = 1.2
SHORT_LENGTH_S = 0.4  # ends before the "dong" starts at 0.42 s
PEAK = 0.55  # of full scale: a chime should not startle a waiting room
ATTACK_S = 0.015
FADE_OUT_S = 0.05
SHORT_FADE_OUT_S = 0.08
# (start s, frequency Hz, decay time constant s)
TONES = ((0.0, 659.25, 0.28), (0.42, 523.25, 0.32))
PARTIALS = ((1.0, 1.0), (2.0, 0.25), (3.0, 0.08))  # (frequency multiple, amplitude)


def tone_sample(t: float, frequency: float, decay_s: float) -> float:
    if t < 0:
        return 0.0
    envelope = min(1.0, t / ATTACK_S) * math.exp(-t / decay_s)
    return envelope * sum(
        amplitude * math.sin(2 * math.pi * frequency * multiple * t)
        for multiple, amplitude in PARTIALS
    )


def chime_samples(length_s: float = LENGTH_S, fade_out_s: float = FADE_OUT_S) -> list[float]:
    count = round(length_s * RATE)
    samples = []
    for i in range(count):
        t = i / RATE
        value = sum(tone_sample(t - start, freq, decay) for start, freq, decay in TONES)
        remaining = length_s - t
        if remaining < fade_out_s:
            value *= remaining / fade_out_s  # end exactly at silence: no click at the cut
        samples.append(value)
    return samples


def write_chime(path: Path) -> Path:
    return _write(path, chime_samples())


def write_short_chime(path: Path) -> Path:
    return _write(path, chime_samples(SHORT_LENGTH_S, SHORT_FADE_OUT_S))


def _write(path: Path, raw: list[float]) -> Path:
    loudest = max(abs(v) for v in chime_samples())  # the full chime's: both sound as loud
    pcm = array.array("h", (round(v / loudest * PEAK * 32767) for v in raw))
    if sys.byteorder == "big":
        pcm.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return path


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parent.parent / "sounds"
    out = Path(argv[1]) if len(argv) > 1 else default
    out.mkdir(parents=True, exist_ok=True)
    print(write_chime(out / "chime.wav"))
    print(write_short_chime(out / "chime-short.wav"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
