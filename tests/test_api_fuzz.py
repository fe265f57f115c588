"""Whatever arrives on the office Wi-Fi, the hub answers 2xx or a JSON 4xx, never a 5xx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.api import create_app
from hub.config import Office
from hub.engine import FixedClock
from hub.service import Hub
from hub.store import Store
from hub.tokens import create_token
from tests.conftest import WITA, SequentialIds

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)
bodies = json_values | st.fixed_dictionaries(
    {"service": st.sampled_from(["informasi", "dukcapil", "", "x" * 40]) | json_values},
    optional={"priority": json_values, "category": json_values, "counter": json_values},
)
paths = st.sampled_from(
    ["/tickets", "/counters/1/call-next", "/counters/4/pause", "/counters/4/resume",
     "/tickets/{id}/recall", "/tickets/{id}/serve", "/tickets/{id}/close",
     "/tickets/{id}/no-show", "/tickets/{id}/transfer", "/counters/-1/call-next",
     "/counters/99999999999999999999/call-next", "/tickets/%00/close"]
)  # fmt: skip


@pytest.fixture(scope="module")
def client(real_office: Office) -> Iterator[tuple[TestClient, str, Hub]]:
    opening = dt.datetime(2026, 11, 23, 9, 0, tzinfo=WITA)
    hub = Hub(real_office, Store(), FixedClock(opening), SequentialIds())
    token = create_token(hub.store, "admin", "admin")
    with TestClient(create_app(hub)) as test_client:
        yield test_client, token, hub
    hub.close()


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> None:
    """The module-scoped hub's writer thread outlives each example by design."""


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=paths, body=bodies, raw=st.booleans(), key=st.text(max_size=250) | st.none())
def test_never_a_5xx(client, path: str, body: object, raw: bool, key: str | None) -> None:  # type: ignore[no-untyped-def]
    test_client, token, hub = client
    ticket_id = next(iter(hub.engine.tickets), "none")
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None and key.isascii() and key.isprintable():
        headers["Idempotency-Key"] = key
    url = "/api/v1" + path.replace("{id}", ticket_id)
    if raw:
        response = test_client.post(url, headers={**headers, "Content-Type": "application/json"},
                                    content=repr(body).encode())  # fmt: skip
    else:
        response = test_client.post(url, headers=headers, json=body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()["error"]) >= {"code", "message", "message_en"}
