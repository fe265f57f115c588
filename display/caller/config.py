"""How the caller behaves (repeats, max age, chimes, saving) and how an announcement is built."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from antrian.paths import SOUNDS_DIR
from display.caller.audio import Clip, concat, scale, silence
from display.caller.errors import CallerError

DEFAULT_CHIME = SOUNDS_DIR / "chime.wav"
DEFAULT_SHORT_CHIME = SOUNDS_DIR / "chime-short.wav"  # the "ding" alone, for a backlog
DEFAULT_VOICE_DIR = SOUNDS_DIR / "voice"
SHORT_CHIME_S = 0.4  # a custom chime is cut to this when calls wait


@dataclasses.dataclass(frozen=True)
class CallerConfig:
    repeat: int = 2  # how many times the phrase is said: a citizen often misses the first
    max_age_s: float = 60.0  # older calls (a replay after reconnect) are shown, not spoken
    pause_s: float = 0.8  # silence between the repeats
    chime: Path | None = DEFAULT_CHIME  # None: no chime
    chime_gap_s: float = 0.3  # silence between chime and speech
    chime_gain: float = 1.0
    # While other calls wait, each is said once after this shorter chime (None: the
    # chime's first SHORT_CHIME_S), so the last of a burst is not heard a minute late.
    short_chime: Path | None = DEFAULT_SHORT_CHIME
    short_chime_gap_s: float = 0.1
    save_dir: Path | None = None  # `antrian caller --save-dir`: keep each announcement
    announce_transfers: bool = False  # a transfer is followed by a call at the new counter

    def __post_init__(self) -> None:
        if self.repeat < 1:
            raise CallerError(f"repeat must be at least 1, not {self.repeat}")
        if self.max_age_s <= 0:
            raise CallerError(f"max_age_s must be positive, not {self.max_age_s}")
        gaps = (self.pause_s, self.chime_gap_s, self.chime_gain, self.short_chime_gap_s)
        if min(gaps) < 0:
            raise CallerError(
                "pause_s, chime_gap_s, chime_gain and short_chime_gap_s cannot be negative"
            )

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> CallerConfig:
        """From a config table such as `[caller]` in the office TOML; unknown keys fail."""
        names = {field.name for field in dataclasses.fields(cls)}
        unknown = set(table) - names
        if unknown:
            raise CallerError(
                f"unknown caller setting(s) {sorted(unknown)}; known: {sorted(names)}"
            )
        values = dict(table)
        for key in ("chime", "short_chime", "save_dir"):
            if values.get(key) is not None:
                values[key] = Path(values[key]) if values[key] != "" else None
        return cls(**values)


def opening(speech: Clip, chime: Clip | None, gap_s: float, gain: float = 1.0) -> Clip:
    """What an announcement starts with: the chime, a breath, the phrase once."""
    if chime is None:
        return speech
    return concat([scale(chime, gain), silence(gap_s, speech.rate), speech], speech.rate)


def repetition(speech: Clip, pause_s: float) -> Clip:
    """One more time: a pause, then the phrase."""
    return concat([silence(pause_s, speech.rate), speech], speech.rate)


def compose(speech: Clip, chime: Clip | None, config: CallerConfig) -> Clip:
    """The whole announcement when nobody else waits: chime, phrase `repeat` times."""
    parts = [opening(speech, chime, config.chime_gap_s, config.chime_gain)]
    parts += [repetition(speech, config.pause_s)] * (config.repeat - 1)
    return concat(parts, speech.rate)
