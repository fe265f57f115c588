"""file:// and preview:// write real files; the preview PNG is one pixel per printer dot."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from printer import (
    PAPER_58MM,
    PAPER_80MM,
    OfficeHeader,
    PaperProfile,
    PrinterConnectionLost,
    PrinterOffline,
    TicketPrint,
    open_printer,
    render_ticket,
)


def test_file_printer_appends_each_job(
    tmp_path: Path, ticket: TicketPrint, office: OfficeHeader
) -> None:
    target = tmp_path / "printer.bin"
    data = render_ticket(ticket, office, PAPER_80MM)
    connection = open_printer(f"file://{target}")
    connection.send(data)
    connection.send(data)
    assert target.read_bytes() == data + data


def test_file_printer_in_missing_folder_is_offline(tmp_path: Path) -> None:
    with pytest.raises(PrinterOffline, match="no-such-folder"):
        open_printer(f"file://{tmp_path}/no-such-folder/lp0").send(b"x")


def test_device_nobody_reads_is_offline(tmp_path: Path) -> None:
    # A FIFO without a reader stands in for a device node whose printer is unplugged.
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    with pytest.raises(PrinterOffline, match="lp0"):
        open_printer(f"file://{fifo}").send(b"x")


def test_stalled_device_times_out_instead_of_hanging(tmp_path: Path) -> None:
    # A reader that opens the FIFO but never reads: the pipe fills and writing stalls.
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    opened = threading.Event()
    reader_fd: list[int] = []

    def open_reader() -> None:
        reader_fd.append(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        opened.set()

    opener = threading.Thread(target=open_reader)
    opener.start()
    opener.join(5)
    assert opened.is_set()
    try:
        with pytest.raises(PrinterConnectionLost, match="not written"):
            open_printer(f"file://{fifo}?timeout=0.3").send(b"\x00" * 1_000_000)
    finally:
        os.close(reader_fd[0])


@pytest.mark.parametrize("paper", [PAPER_80MM, PAPER_58MM], ids=lambda paper: paper.name)
def test_preview_writes_bytes_and_png(
    tmp_path: Path, ticket: TicketPrint, office: OfficeHeader, paper: PaperProfile
) -> None:
    folder = tmp_path / "preview"  # created on first use
    data = render_ticket(ticket, office, paper)
    open_printer(f"preview://{folder}", paper).send(data, label=ticket.number)

    binaries = sorted(folder.glob("ticket-A-012-*.bin"))
    pictures = sorted(folder.glob("ticket-A-012-*.png"))
    assert len(binaries) == 1
    assert len(pictures) == 1
    assert binaries[0].read_bytes() == data
    assert pictures[0].stem == binaries[0].stem
    with Image.open(pictures[0]) as picture:
        assert picture.width == paper.dots
        assert picture.height > 600  # a whole ticket, not an empty strip


def test_preview_never_overwrites_an_earlier_ticket(
    tmp_path: Path, ticket: TicketPrint, office: OfficeHeader
) -> None:
    connection = open_printer(f"preview://{tmp_path}")
    data = render_ticket(ticket, office, PAPER_80MM)
    for _ in range(3):
        connection.send(data, label="A-012")
    assert len(list(tmp_path.glob("ticket-*.bin"))) == 3
    assert len(list(tmp_path.glob("ticket-*.png"))) == 3


def test_preview_label_cannot_escape_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    open_printer(f"preview://{folder}").send(b"\x1b@", label="../../etc/passwd")
    written = list(tmp_path.rglob("*.bin"))
    assert [path.parent for path in written] == [folder]
    assert written[0].name.startswith("ticket-etc_passwd-")
