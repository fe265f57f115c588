"""How the caller behaves (repeats, max age, chimes, saving) and how an announcement is built."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from common.paths import SOUNDS_DIR
from voice.audio import Clip, concat, scale, silence
from voice.errors import CallerError

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
    # While other calls wait, each is said once in the backlog form, one after another:
    # a run of them opens with this shorter chime (None: the chime's first
    # SHORT_CHIME_S) and the next follows after `backlog_pause_s`, so the last of a
    # burst is not heard a minute late.
    short_chime: Path | None = DEFAULT_SHORT_CHIME
    short_chime_gap_s: float = 0.1  # also after the full chime when calls came in during it
    backlog_pause_s: float = 0.3
    save_dir: Path | None = None  # `antrian caller --save-dir`: keep each announcement
    announce_transfers: bool = False  # a transfer is followed by a call at the new counter

    def __post_init__(self) -> None:
        if self.repeat < 1:
            raise CallerError(f"repeat must be at least 1, not {self.repeat}")
        if self.max_age_s <= 0:
            raise CallerError(f"max_age_s must be positive, not {self.max_age_s}")
        gaps = {
            "pause_s": self.pause_s,
            "chime_gap_s": self.chime_gap_s,
            "chime_gain": self.chime_gain,
            "short_chime_gap_s": self.short_chime_gap_s,
            "backlog_pause_s": self.backlog_pause_s,
        }
        negative = [name for name, value in gaps.items() if value < 0]
        if negative:
            raise CallerError(f"{', '.join(negative)} cannot be negative")

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


def paused(speech: Clip, pause_s: float) -> Clip:
    """A breath, then the phrase: after the chime, for a repeat, between waiting calls."""
    return concat([silence(pause_s, speech.rate), speech], speech.rate)


def compose(speech: Clip, chime: Clip | None, config: CallerConfig) -> Clip:
    """The whole announcement when nobody else waits: chime, phrase `repeat` times.

    The announcer plays it as separate sounds (the chime, each saying), so that it can
    change course when calls come in meanwhile; end to end they are this.
    """
    parts = [] if chime is None else [scale(chime, config.chime_gain)]
    parts.append(paused(speech, config.chime_gap_s) if chime is not None else speech)
    parts += [paused(speech, config.pause_s)] * (config.repeat - 1)
    return concat(parts, speech.rate)
