"""A day in the demo office as the hub's /state would show it, for driving the TV window."""

from __future__ import annotations

from typing import Any

from protocol.views import StateView
from tests.views import state

SERVICES = [
    ("informasi", "Informasi & Customer Service", 4),
    ("perizinan", "Perizinan & Non Perizinan (DPMPTSP)", 6),
    ("dukcapil", "Kependudukan (Dukcapil)", 14),
    ("bpjs", "BPJS Kesehatan", 5),
    ("samsat", "Samsat (Pajak Kendaraan)", 9),
    ("pengaduan", "Pengaduan", 1),
    ("bpjstk", "BPJS Ketenagakerjaan", 0),
]


def call(seq: int, number: str, counter: int, service: str = "informasi", *,
         kind: str = "ticket.called", ticket_id: str | None = None,
         priority: bool = False) -> dict[str, Any]:  # fmt: skip
    event: dict[str, Any] = {
        "seq": seq, "type": kind, "at": "2026-11-23T01:05:00.000Z",
        "ticket_id": ticket_id or f"t-{number}", "number": number, "service": service,
        "counter": counter,
    }  # fmt: skip
    if kind == "ticket.called":
        event["priority"] = priority
        event["waited_s"] = 60
    else:
        event["recall_count"] = 1
    return event


def snapshot(
    holding: dict[int, str] | None = None,
    paused: tuple[int, ...] = (),
    recent: list[dict[str, Any]] | None = None,
    counters: int = 9,
    seq: int = 100,
) -> StateView:
    """`holding`: counter -> the number it holds; `recent`: the hub's recent_calls,
    newest first and, as the hub sends them, without `seq`."""
    holding = holding or {}
    return state(
        {
            "seq": seq,
            "now": "2026-11-23T01:06:00.000Z",
            "office": {"name": "Mal Pelayanan Publik Kota Samarinda", "timezone": "Asia/Makassar"},
            "services": [
                {"code": code, "name": name, "waiting": waiting, "open": True}
                for code, name, waiting in SERVICES
            ],
            "counters": [
                {
                    "number": number,
                    "name": "Loket 5 (Pengaduan)" if number == 5 else f"Loket {number}",
                    "paused": number in paused,
                    "current": {"id": f"t-{holding[number]}", "number": holding[number]}
                    if number in holding
                    else None,
                }
                for number in range(1, counters + 1)
            ],
            "recent_calls": [
                {k: v for k, v in entry.items() if k != "seq"}
                | {"recall": entry["type"] != "ticket.called"}
                for entry in (recent or [])
            ],
        }
    )
