"""A simulated day's tickets are the kiosk's tickets: the same lines on the same paper, the
booth that serves the citizen and the priority category included."""

from __future__ import annotations

from pathlib import Path

import pytest

from antrian.simulate import simulate
from hub.config import Office
from hub_client import HubClient
from printer.escpos_parse import LineFeed, Text, parse
from tests.hubproc import HubProcess
from tests.kiosk.harness import start_kiosk, stop, tap
from tests.printer.conftest import PAPER_QUERY

pytestmark = pytest.mark.slow

SAMSAT = 4  # the fifth tile


@pytest.fixture
def running_hub(hub_process: HubProcess) -> HubProcess:
    hub_process.kiosk_token = hub_process.token("kiosk", "kiosk-lobby")  # type: ignore[attr-defined]
    hub_process.admin_token = hub_process.token("admin", "admin")  # type: ignore[attr-defined]
    return hub_process.start()


def paper_lines(job: Path) -> list[str]:
    """The lines of text on the paper, top to bottom."""
    lines, text = [], ""
    for command in parse(job.read_bytes().replace(PAPER_QUERY, b"")):
        if isinstance(command, Text):
            text += command.data.decode("cp437")
        elif isinstance(command, LineFeed):
            lines.append(text)
            text = ""
    return lines


def command_kinds(job: Path) -> list[str]:
    return [type(c).__name__ for c in parse(job.read_bytes().replace(PAPER_QUERY, b""))]


def test_simulated_tickets_look_like_the_kiosks(  # type: ignore[no-untyped-def]
    qtbot, running_hub: HubProcess, demo_office: Office, tmp_path: Path
) -> None:
    kiosk_paper, simulated_paper = tmp_path / "kiosk", tmp_path / "simulated"
    kiosk = start_kiosk(qtbot, running_hub, f"preview://{kiosk_paper}")
    try:
        tap(qtbot, kiosk, SAMSAT)
        qtbot.waitUntil(lambda: any(kiosk_paper.glob("*.bin")), timeout=10000)
    finally:
        stop(kiosk)
    with HubClient(running_hub.url, running_hub.admin_token) as client:  # type: ignore[attr-defined]
        simulate(client, demo_office, seed=5, speed=0, hours=1, say=lambda _line: None,
                 printer_url=f"preview://{simulated_paper}")  # fmt: skip

    (from_kiosk,) = kiosk_paper.glob("*.bin")
    jobs = sorted(simulated_paper.glob("*.bin"))
    assert len(jobs) == 220
    kiosk_lines = paper_lines(from_kiosk)
    top = kiosk_lines[: kiosk_lines.index("NOMOR ANTREAN")]
    assert top[-4:] == ["Samsat (Pajak", "Kendaraan)", "Loket 8, Loket 9", ""]

    booths = {s.prefix: ", ".join(c.label for c in demo_office.counters if s.code in c.services)
              for s in demo_office.services}  # fmt: skip
    categories = [c.name for c in demo_office.priority.categories]
    samsat = priority = 0
    for job in jobs:
        lines = paper_lines(job)
        number = lines[lines.index("NOMOR ANTREAN") + 1]
        assert booths[number[0]] in lines, f"{job.name}: no booth line"
        if "PRIORITAS" in "".join(lines):
            priority += 1
            assert any(name in lines for name in categories), f"{job.name}: no category"
        elif number.startswith("E-"):
            samsat += 1
            # Line for line the kiosk's ticket: only number, time, queue and QR differ.
            assert lines[: len(top)] == top
            assert command_kinds(job) == command_kinds(from_kiosk)
    assert samsat > 10
    assert priority > 0
