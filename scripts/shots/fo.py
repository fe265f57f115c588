"""The FO desk the morning after a simulated day: complaint reminders, the recap's tabs,
the compensation ledger."""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
from PySide6.QtCore import Qt

from hub_client.qt import HubConnection
from shots.common import on_screen, place, settle, snap
from tests.hubproc import HubProcess

COMPLAINTS = (
    "Akta kelahiran belum terbit setelah tiga minggu",
    "Petugas loket 3 tidak ramah kepada pemohon lansia",
)


def fo_shots(out: Path, width: int, height: int) -> None:
    """The FO desk the morning after a simulated day: it opens on that day by itself."""
    import datetime as dt

    from antrian.config import load_office_config
    from antrian.simulate import simulate
    from common.paths import CONFIG_DIR
    from fo.app import FoApp
    from fo.window import FoWindow
    from hub.officers import add_officer
    from hub.store import Store
    from hub_client import HubClient

    suffix = "-xvfb" if on_screen() else ""
    office = load_office_config(CONFIG_DIR / "demo.toml")
    officers = [("198001012005011001", "Siti Rahmawati", 1), ("198502022010012002",
                "Budi Santoso", 4), ("199003032015031003", "Rina Marlina", 7),
                ("198707072012071004", "Ahmad Fauzi", 8)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        hub = HubProcess(Path(tmp))
        store = Store.in_data_dir(Path(tmp))
        for nip, name, _counter in officers:
            add_officer(store, nip, name, "246810")
        store.close()
        admin_token, fo_token = hub.token("admin", "admin"), hub.token("fo", "fo-desk")
        kiosk_token = hub.token("kiosk", "kiosk-lobby")
        hub.start()
        try:
            with HubClient(hub.url, admin_token) as client:
                # 07.55 on the next day, so the officers sign in before the day opens.
                client.request("POST", "/test/clock", json={"freeze": True})
                # Two complaints for the reminders: on the morning shot the first is
                # late (due 7 days on) and the second due that day.
                fo_headers = {"Authorization": f"Bearer {fo_token}"}
                for summary, days_after in (COMPLAINTS[0], 1), (COMPLAINTS[1], 5):
                    httpx.post(f"{hub.url}/complaints", headers=fo_headers,
                               json={"channel": "loket", "summary": summary})  # fmt: skip
                    client.request("POST", "/test/clock", json={"advance_s": days_after * 86400})
                now = client.request("GET", "/state").json()["now"]
                local = dt.datetime.fromisoformat(now).astimezone(office.office.tz)
                start = (local + dt.timedelta(days=1)).replace(hour=7, minute=55, second=0)
                client.request("POST", "/test/clock",
                               json={"advance_s": (start - local).total_seconds()})  # fmt: skip
                for nip, _name, counter in officers:
                    httpx.post(f"{hub.url}/sessions",
                               json={"nip": nip, "pin": "246810", "counter": counter})  # fmt: skip
                simulate(client, office, seed=3, speed=0, hours=8, say=lambda _text: None)
                cases = [("fee_differs", "ditarik biaya fotokopi berkas"),
                         ("procedure_nonstandard", "berkas ditolak tanpa alasan")]  # fmt: skip
                for kind, note in cases:
                    client.request("POST", "/compensations", json={"kind": kind, "note": note})
            kiosk = {"Authorization": f"Bearer {kiosk_token}"}
            paper_out = {"kind": "paper_out", "message": "Kertas habis, diganti petugas FO"}
            httpx.post(f"{hub.url}/incidents", headers=kiosk, json=paper_out)
            # The next morning, before the first ticket: the desk opens on the day before.
            with HubClient(hub.url, admin_token) as client:
                client.request("POST", "/test/clock", json={"advance_s": 15 * 3600})
            window = FoWindow()
            reason = "pemohon menolak, sudah dilayani ulang"
            connection = HubConnection(hub.url, fo_token)
            desk = FoApp(connection, window, office, ask_path=lambda kinds, name: None,
                         ask_reason=lambda prompt: reason)  # fmt: skip
            place(window, width, height)
            desk.start()
            settle(lambda: desk.recap is not None, 30000)
            shot = lambda name: snap(window, out / f"fo-{name}{suffix}.png")  # noqa: E731
            settle(lambda: len(desk.reminders.shown) == 2, 10000)
            shot("complaint-reminders")
            for index, name in enumerate(("services", "counters", "officers")):
                window.tabs.setCurrentIndex(index)
                shot(name)
            window.tabs.setCurrentIndex(4)
            shot("incidents")
            window.tabs.setCurrentIndex(3)
            owed = [c.id for c in desk.recap.compensation.cases if c.state == "owed"]
            desk.settle(owed[0], "waive")
            settle(lambda: window.tabs.tabText(3) == "Buku Kompensasi (1 belum diberikan)")
            shot("ledger")
            window.tabs.setCurrentIndex(1)
            window.counters.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # the busiest first
            shot("counters-sorted")
            desk.stop()
        finally:
            hub.stop()
