"""The complaint receipt (issue #14): printed by the real hub process on a TCP listener
standing in for the desk's port-9100 printer when a complaint is filed, again on
`POST /complaints/{id}/receipt`; 409 without a printer, 503 when it is off, and the
complaint kept either way. The bytes are read back with printer.escpos_parse.

`ANTRIAN_RECEIPT_SHOTS=docs` renders docs/complaint-receipt-{80,58}mm.png."""

from __future__ import annotations

import datetime as dt
import os
import queue
import socket
import threading
from pathlib import Path

import httpx
import pytest

from common import indonesian
from common.errors import ConfigError
from common.paths import CONFIG_DIR
from hub.config_file import load_office
from printer import PAPER_58MM, PAPER_80MM, OfficeHeader, ReceiptPrint, render_receipt
from printer import escpos_parse as cmd
from printer.preview import save_preview
from tests.hubproc import HubProcess, free_port

PAPER_QUERY = b"\x10\x04\x04"  # DLE EOT 4: the printer's paper status
WAIT_S = 10.0


class Port9100:
    """A raw TCP printer on 127.0.0.1: each connection's bytes are one job."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.jobs: queue.Queue[bytes] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="port-9100")
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(WAIT_S)
                job, answered = bytearray(), 0
                while chunk := connection.recv(65536):
                    job += chunk
                    queries = job.count(PAPER_QUERY)
                    connection.sendall(b"\x12" * (queries - answered))  # paper present
                    answered = queries
                self.jobs.put(bytes(job))

    def next_job(self) -> bytes:
        return self.jobs.get(timeout=WAIT_S)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(WAIT_S)
        self.server.close()


def printed(job: bytes) -> tuple[str, list[bytes]]:
    """The job's text, lines joined, and the QR payloads it stores."""
    commands = cmd.parse(job.replace(PAPER_QUERY, b""))
    text = b"".join(
        c.data if isinstance(c, cmd.Text) else b"\n" for c in commands
        if isinstance(c, cmd.Text | cmd.LineFeed)
    )  # fmt: skip
    qr = [c.data for c in commands if isinstance(c, cmd.QrStore)]
    return text.decode("cp437"), qr


def config_with(tmp_path: Path, complaints: str) -> Path:
    path = tmp_path / "office.toml"
    path.write_text((CONFIG_DIR / "demo.toml").read_text() + f"\n[complaints]\n{complaints}\n")
    return path


@pytest.fixture
def desk_printer() -> Port9100:  # type: ignore[misc]
    port = Port9100()
    yield port
    port.stop()


def test_the_hub_prints_the_receipt_when_filed_and_again_on_demand(
    data_dir: Path, tmp_path: Path, desk_printer: Port9100
) -> None:
    config = config_with(tmp_path, f'printer = "tcp://127.0.0.1:{desk_printer.port}"')
    hub = HubProcess(data_dir, config)
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    kiosk = {"Authorization": f"Bearer {hub.token('kiosk', 'kiosk-1')}"}
    hub.start()
    try:
        body = {"channel": "loket", "summary": "KTP belum jadi", "name": "Rina"}
        complaint = httpx.post(f"{hub.url}/complaints", json=body, headers=fo).json()
        code = complaint["tracking_code"]
        text, qr = printed(desk_printer.next_job())
        assert code in text
        assert "TANDA TERIMA PENGADUAN" in text
        due = indonesian.long_date(dt.date.fromisoformat(complaint["due_date"]))
        assert due in text
        words = " ".join(text.split())  # what happens next: the office's stages
        assert "diteruskan ke Tim pengaduan / Kepala Seksi, lalu Kepala Bidang" in words
        assert "Rina" not in text
        assert "KTP belum jadi" not in text
        assert qr == [f"{hub.public_url}/c/{code}".encode()]

        again = httpx.post(f"{hub.url}/complaints/{complaint['id']}/receipt", headers=fo)
        assert again.status_code == 200, again.text
        assert again.json() == {"tracking_code": code, "printer": desk_printer_url(desk_printer)}
        assert printed(desk_printer.next_job())[1] == qr

        refused = httpx.post(f"{hub.url}/complaints/{complaint['id']}/receipt", headers=kiosk)
        assert refused.status_code == 403
        unknown = httpx.post(f"{hub.url}/complaints/nope/receipt", headers=fo)
        assert unknown.status_code == 404
        assert desk_printer.jobs.empty()
    finally:
        hub.stop()


def desk_printer_url(port: Port9100) -> str:
    return f"tcp://127.0.0.1:{port.port}"


def test_no_printer_is_409_and_an_unreachable_one_503_the_complaint_kept(
    data_dir: Path, tmp_path: Path
) -> None:
    silent = free_port()  # nothing listens there: the printer is off
    hub = HubProcess(data_dir, config_with(tmp_path, f'printer = "tcp://127.0.0.1:{silent}"'))
    fo = {"Authorization": f"Bearer {hub.token('fo', 'fo-1')}"}
    hub.start()
    try:
        filed = httpx.post(f"{hub.url}/complaints", json={"channel": "sms", "summary": "x"},
                           headers=fo)  # fmt: skip
        assert filed.status_code == 201, filed.text  # the printer being off changes nothing
        reply = httpx.post(f"{hub.url}/complaints/{filed.json()['id']}/receipt", headers=fo)
        assert reply.status_code == 503
        assert reply.json()["error"]["code"] == "printer_offline"
        assert "tetap tersimpan" in reply.json()["error"]["message"]
        assert (
            httpx.get(f"{hub.url}/complaints/{filed.json()['id']}", headers=fo).status_code == 200
        )
    finally:
        hub.stop()

    plain = HubProcess(data_dir)  # the demo office: no [complaints] printer
    plain.start()
    try:
        reply = httpx.post(f"{plain.url}/complaints/{filed.json()['id']}/receipt", headers=fo)
        assert reply.status_code == 409
        assert reply.json()["error"]["code"] == "no_receipt_printer"
        assert "[complaints] printer" in reply.json()["error"]["message"]
    finally:
        plain.stop()


@pytest.mark.parametrize(
    ("value", "problem"),
    [("lpt1", "no kind of printer given"), ("tcp://desk:9100/x", "has no path"),
     ("http://desk", "unknown kind 'http'")],
)  # fmt: skip
def test_a_wrong_printer_names_the_file_the_key_and_what_is_allowed(
    tmp_path: Path, value: str, problem: str
) -> None:
    config = config_with(tmp_path, f'printer = "{value}"')
    with pytest.raises(ConfigError) as raised:
        load_office(config)
    message = str(raised.value)
    assert message.startswith(f"{config}: complaints.printer: ")
    assert problem in message
    assert "tcp://HOST:PORT" in message


def receipt() -> tuple[ReceiptPrint, OfficeHeader]:
    return (
        ReceiptPrint(
            tracking_code="V6FCYVHT29",
            received_at=dt.datetime(2026, 12, 2, 2, 15, tzinfo=dt.UTC),  # 10.15 WITA
            due_date=dt.date(2026, 12, 14),
            tracking_url="http://192.168.1.10:8471/c/V6FCYVHT29",
            next_steps=(
                "Petugas pengaduan memeriksa pengaduan Anda dan menjawab langsung bila bisa.",
                "Bila perlu, pengaduan diteruskan ke Tim pengaduan / Kepala Seksi, lalu "
                "Kepala Bidang, lalu Kepala Dinas.",
                "Jawaban disampaikan paling lambat pada batas waktu di atas.",
                "Setelah dijawab, nyatakan puas atau tidak puas di meja pengaduan.",
            ),
        ),
        OfficeHeader("Mal Pelayanan Publik Kota Samarinda", "Jl. Kesuma Bangsa No. 1",
                     "Asia/Makassar"),
    )  # fmt: skip


@pytest.mark.parametrize("paper", [PAPER_80MM, PAPER_58MM], ids=["80mm", "58mm"])
def test_the_receipt_fits_each_paper(paper, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    slip, office = receipt()
    data = render_receipt(slip, office, paper)
    text, qr = printed(data)
    assert "Senin, 14 Desember 2026" in text
    assert "Rabu, 2 Desember 2026" in text
    assert "10.15 WITA" in text
    # The contract's receipt: the office, the tracking code, what happens next.
    flowing = " ".join(text.split())
    assert "Mal Pelayanan Publik Kota Samarinda" in flowing
    assert "TANDA TERIMA PENGADUAN" in flowing
    assert slip.tracking_code in text.split("\n")  # whole, on a line of its own
    assert "Langkah selanjutnya:" in flowing
    assert (
        "diteruskan ke Tim pengaduan / Kepala Seksi, lalu Kepala Bidang, lalu Kepala Dinas"
        in flowing
    )
    lines = text.split("\n")
    assert all(len(line) <= paper.columns for line in lines)
    sizes = [c for c in cmd.parse(data) if isinstance(c, cmd.CharSize)]
    assert max(size.width for size in sizes) * 12 * 10 <= paper.dots  # the code on one line
    if paper.qr_native:
        assert qr == [slip.tracking_url.encode()]
    else:  # 58 mm printers draw no QR themselves: it goes as a raster
        assert any(isinstance(c, cmd.Raster) for c in cmd.parse(data))
    shots = Path(os.environ.get("ANTRIAN_RECEIPT_SHOTS") or tmp_path)
    save_preview(data, paper.dots, shots / f"complaint-receipt-{paper.name}.png")
