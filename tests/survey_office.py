"""An office in process for the survey's tests: the API and the public listener over
one hub (in-memory store, fixed clock), an officer signed in at counter 4."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from hub.api import create_app
from hub.config import Office, Public
from hub.engine import FixedClock
from hub.officers import add_officer
from hub.public.app import create_public_app
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import SequentialIds

NIP = "198001012005011001"
NAME = "Siti Rahmawati"
ALL_GOOD = {f"U{n}": 4 for n in range(1, 10)}


@dataclass
class SurveyOffice:
    api: TestClient
    public: TestClient
    hub: Hub
    clock: FixedClock
    tokens: dict[str, dict[str, str]]

    def issue(self, service: str = "dukcapil") -> str:
        reply = self.api.post("/api/v1/tickets", json={"service": service},
                              headers=self.tokens["kiosk"])  # fmt: skip
        assert reply.status_code == 201, reply.text
        return str(reply.json()["id"])

    def act(self, path: str, role: str = "counter") -> dict[str, Any]:
        reply = self.api.post(f"/api/v1{path}", headers=self.tokens[role])
        assert reply.status_code == 200, reply.text
        return dict(reply.json())

    def closed(self, service: str = "dukcapil", counter: int = 4, role: str = "counter") -> str:
        """A ticket issued, called at `counter` and closed (those ahead of it too); the
        officer signed in at counter 4, an admin token elsewhere."""
        ticket_id = self.issue(service)
        while True:
            called = self.act(f"/counters/{counter}/call-next", role)["id"]
            self.act(f"/tickets/{called}/close", role)
            if called == ticket_id:
                return ticket_id


def survey_office(
    office: Office, clock: FixedClock, store: Store | None = None
) -> Iterator[SurveyOffice]:
    public = Public(requests_per_minute=10_000)
    hub = Hub(office.model_copy(update={"public": public}), store or Store(), clock,
              SequentialIds())  # fmt: skip
    add_officer(hub.store, NIP, NAME, "246810")
    tokens = {
        role: {"Authorization": f"Bearer {create_token(hub.store, role, f'{role}-1')}"}
        for role in ("kiosk", "display", "fo", "admin")
    }
    with TestClient(create_app(hub)) as api, TestClient(create_public_app(hub)) as public_:
        session = api.post("/api/v1/sessions", json={"nip": NIP, "pin": "246810", "counter": 4})
        tokens["counter"] = {"Authorization": f"Bearer {session.json()['token']}"}
        yield SurveyOffice(api, public_, hub, clock, tokens)
    hub.close()
