"""The paper sensor status query, DLE EOT 4, shared by the connections that can read back."""

from __future__ import annotations

import enum

# DLE EOT n is a real-time command: the printer answers it even while offline or out of
# paper, ahead of anything still in its buffer.
PAPER_STATUS_QUERY = b"\x10\x04\x04"

# The answer byte (Epson ESC/POS reference, DLE EOT 4): bits 1 and 4 are always set,
# bits 0 and 7 always clear; bits 2-3 report the near-end sensor, bits 5-6 the end sensor.
_FIXED_MASK = 0b1001_0011
_FIXED_VALUE = 0b0001_0010
_NEAR_END_BITS = 0b0000_1100
_PAPER_END_BITS = 0b0110_0000


class PaperStatus(enum.Enum):
    """What the paper sensors say; UNKNOWN when the printer cannot or did not answer."""

    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


def parse_paper_status(answer: bytes) -> PaperStatus:
    """Read the DLE EOT 4 answer; silence or a byte that is no status byte is UNKNOWN."""
    if not answer:
        return PaperStatus.UNKNOWN
    status = answer[-1]  # the newest byte: older ones may be stale automatic status
    if status & _FIXED_MASK != _FIXED_VALUE:
        return PaperStatus.UNKNOWN
    if status & _PAPER_END_BITS:
        return PaperStatus.OUT
    if status & _NEAR_END_BITS:
        return PaperStatus.NEAR_END
    return PaperStatus.OK
