"""The one model of serial settings: what the config's `counters[].led_sign` and
`counters[].keypad` say, and what the counter panel opens its ports with.

One set of rules for both, so a setting the config takes is one the port opens with,
and one the port refuses is refused when the config is read.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from common.section import Section

# pyserial's own letters: none, even, odd, mark, space.
PARITIES = ("N", "E", "O", "M", "S")
BYTESIZES = (5, 6, 7, 8)
STOPBITS = (1, 1.5, 2)
BAUD_MIN, BAUD_MAX = 300, 921600


class SerialSettings(Section):
    """How to reach one serial device."""

    device: str
    # strict: `baud = true` in TOML must not become 1 baud, nor 9600.5 a baud rate.
    baud: int = Field(default=9600, strict=True)
    parity: str = "N"
    bytesize: int = Field(default=8, strict=True)
    stopbits: float = Field(default=1, strict=True)

    @field_validator("device")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty: give a path such as /dev/ttyUSB0")
        return value

    @field_validator("baud")
    @classmethod
    def _baud(cls, value: int) -> int:
        if not BAUD_MIN <= value <= BAUD_MAX:
            raise ValueError(f"must be a baud rate from {BAUD_MIN} to {BAUD_MAX}, such as 9600")
        return value

    @field_validator("parity", mode="before")
    @classmethod
    def _parity(cls, value: Any) -> Any:
        parity = value.upper() if isinstance(value, str) else value
        if parity not in PARITIES:
            raise ValueError(f"must be one of {', '.join(PARITIES)} (none, even, odd, mark, space)")
        return parity

    @field_validator("bytesize")
    @classmethod
    def _bytesize(cls, value: int) -> int:
        if value not in BYTESIZES:
            raise ValueError(f"must be one of {', '.join(map(str, BYTESIZES))}")
        return value

    @field_validator("stopbits")
    @classmethod
    def _stopbits(cls, value: float) -> float:
        if value not in STOPBITS:
            raise ValueError(f"must be one of {', '.join(map(str, STOPBITS))}")
        return value
