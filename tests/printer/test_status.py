"""Reading the DLE EOT 4 paper sensor answer."""

from __future__ import annotations

import pytest

from printer.status import PaperStatus, parse_paper_status


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (b"\x12", PaperStatus.OK),  # fixed bits only
        (b"\x1e", PaperStatus.NEAR_END),  # bits 2-3: near-end sensor
        (b"\x72", PaperStatus.OUT),  # bits 5-6: paper end sensor
        (b"\x7e", PaperStatus.OUT),  # both: out wins
        (b"", PaperStatus.UNKNOWN),  # no answer is not a fault
        (b"\x00", PaperStatus.UNKNOWN),  # not a status byte
        (b"\xff", PaperStatus.UNKNOWN),
        (b"\x72\x12", PaperStatus.OK),  # the newest byte counts
    ],
)
def test_parse_paper_status(answer: bytes, status: PaperStatus) -> None:
    assert parse_paper_status(answer) is status
