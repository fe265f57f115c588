"""How the caller behaves (repeats, max age, chime, saving) and how an announcement is built."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from antrian.paths import SOUNDS_DIR
from display.caller.audio import Clip, concat, scale, silence
from display.caller.errors import CallerError

DEFAULT_CHIME = SOUNDS_DIR / "chime.wav"
DEFAULT_VOICE_DIR = SOUNDS_DIR / "voice"


@dataclasses.dataclass(frozen=True)
class CallerConfig:
    repeat: int = 2  # how many times the phrase is said: a citizen often misses the first
    max_age_s: float = 60.0  # older calls (a replay after reconnect) are shown, not spoken
    pause_s: float = 0.8  # silence between the repeats
    chime: Path | None = DEFAULT_CHIME  # None: no chime
    chime_gap_s: float = 0.3  # silence between chime and speech
    chime_gain: float = 1.0
    save_dir: Path | None = None  # `antrian caller --save-dir`: keep each announcement
    announce_transfers: bool = False  # a transfer is followed by a call at the new counter

    def __post_init__(self) -> None:
        if self.repeat < 1:
            raise CallerError(f"repeat must be at least 1, not {self.repeat}")
        if self.max_age_s <= 0:
            raise CallerError(f"max_age_s must be positive, not {self.max_age_s}")
        if min(self.pause_s, self.chime_gap_s, self.chime_gain) < 0:
            raise CallerError("pause_s, chime_gap_s and chime_gain cannot be negative")

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
        for key in ("chime", "save_dir"):
            if values.get(key) is not None:
                values[key] = Path(values[key]) if values[key] != "" else None
        return cls(**values)


def compose(speech: Clip, chime: Clip | None, config: CallerConfig) -> Clip:
    """Chime, a breath, then the phrase `repeat` times with pauses: one file, one play."""
    parts: list[Clip] = []
    if chime is not None:
        parts += [scale(chime, config.chime_gain), silence(config.chime_gap_s, speech.rate)]
    for index in range(config.repeat):
        if index:
            parts.append(silence(config.pause_s, speech.rate))
        parts.append(speech)
    return concat(parts, speech.rate)
