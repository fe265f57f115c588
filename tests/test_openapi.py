"""/openapi.json from the real app documents the contract: real reply schemas, the bearer
scheme, and the refusals each route can give, in the error model."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hub.api import create_app, openapi
from hub.config import Office
from hub.engine import FixedClock
from hub.service import Hub
from hub.store import Store
from protocol.views import ErrorView
from tests.conftest import SequentialIds

# The recap's reply and refusals are typed with the recap itself (protocol/recap.py):
# empty this set once they are.
NOT_YET_TYPED = {("get", "/api/v1/recap")}
OPEN_TO_ANYONE = {("get", "/api/v1/health"), ("post", "/api/v1/sessions")}


@pytest.fixture
def document(real_office: Office, clock: FixedClock) -> Iterator[dict[str, Any]]:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    try:
        with TestClient(create_app(hub)) as client:
            response = client.get("/openapi.json")
            assert response.status_code == 200
            yield response.json()
    finally:
        hub.close()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def test_the_document_names_the_bearer_scheme(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"


def test_every_route_with_a_token_requires_the_bearer_scheme(document: dict[str, Any]) -> None:
    seen = 0
    for method, path, operation in operations(document):
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "authorization" not in headers, (method, path)
        if (method, path) in OPEN_TO_ANYONE:
            assert "security" not in operation, (method, path)
            continue
        assert operation.get("security") == [{"bearer": []}], (method, path)
        if (method, path) in NOT_YET_TYPED:
            continue
        assert "401" in operation["responses"], (method, path)
        assert "403" in operation["responses"], (method, path)
        seen += 1
    assert seen >= 14


def test_every_success_reply_has_a_real_schema(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        if (method, path) in NOT_YET_TYPED:
            continue
        successes = {code: r for code, r in operation["responses"].items() if code < "300"}
        assert successes, (method, path)
        for code, reply in successes.items():
            if code == "204":
                assert "content" not in reply, (method, path)
                continue
            (content,) = reply["content"].values()
            schema = resolve(document, content["schema"])
            assert schema != {}, (method, path, code)
            if schema.get("type") == "array":
                schema = resolve(document, schema["items"])
            if schema.get("type") != "string":  # the config is TOML text
                assert schema["properties"], (method, path, code)


def test_the_ticket_reply_documents_the_contract_fields(document: dict[str, Any]) -> None:
    reply = document["paths"]["/api/v1/tickets"]["post"]["responses"]["201"]
    ticket = resolve(document, reply["content"]["application/json"]["schema"])
    contract = {"id", "number", "service", "issued_at", "ahead", "estimated_wait_min"}
    assert contract | {"eta_minutes"} <= set(ticket["properties"])
    states = resolve(document, ticket["properties"]["state"])
    assert {"waiting", "called", "serving", "closed", "no_show"} <= set(states["enum"])


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("post", "/api/v1/tickets", {"400", "401", "403", "404", "409", "413", "422"}),
        ("get", "/api/v1/tickets/{ticket_id}", {"401", "403", "404", "422"}),
        ("post", "/api/v1/tickets/{ticket_id}/{action}", {"401", "403", "404", "409", "422"}),
        ("post", "/api/v1/counters/{counter}/call-next", {"401", "403", "404", "409"}),
        ("post", "/api/v1/sessions", {"401", "404", "413", "422", "429"}),
        ("post", "/api/v1/incidents", {"401", "403", "413", "422", "429"}),
        ("post", "/api/v1/compensations", {"401", "403", "404", "409", "422"}),
        ("delete", "/api/v1/sessions/current", {"401", "403", "409"}),
    ],
)
def test_each_route_documents_its_refusals_with_the_error_model(
    document: dict[str, Any], method: str, path: str, codes: set[str]
) -> None:
    responses = document["paths"][path][method]["responses"]
    assert codes <= set(responses)
    for code in codes:
        schema = responses[code]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorView"}, code
    error = resolve(document, {"$ref": "#/components/schemas/ErrorDetail"})
    assert {"code", "message", "message_en"} <= set(error["required"])


def test_no_route_documents_fastapis_own_validation_error(document: dict[str, Any]) -> None:
    """The hub answers a bad request with its own error JSON, not FastAPI's `detail`."""
    for method, path, operation in operations(document):
        if (method, path) in NOT_YET_TYPED:
            continue
        for code, reply in operation["responses"].items():
            for content in reply.get("content", {}).values():
                assert "HTTPValidationError" not in str(content["schema"]), (method, path, code)


def test_a_real_refusal_reads_as_the_documented_error_model(
    real_office: Office, clock: FixedClock
) -> None:
    hub = Hub(real_office, Store(), clock, SequentialIds())
    try:
        with TestClient(create_app(hub)) as client:
            refused = client.get("/api/v1/state")
            assert refused.status_code == 401
            error = ErrorView.model_validate(refused.json()).error
            assert error.code == "unauthorized"
            assert error.message
            assert error.message_en
    finally:
        hub.close()


def test_the_document_is_built_before_anyone_asks(
    real_office: Office, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building it takes ~70 ms: on the first fetch, a burst of fetches behind it would
    pile up unanswered and get the connection dropped (tests/test_hub_dos.py)."""
    monkeypatch.setattr(openapi, "WARM_UP_AFTER_S", 0.0)
    hub = Hub(real_office, Store(), clock, SequentialIds())
    try:
        app = create_app(hub)
        with TestClient(app) as client:
            deadline = time.monotonic() + 10
            while app.openapi_schema is None and time.monotonic() < deadline:
                time.sleep(0.01)
            assert app.openapi_schema is not None  # nobody fetched it yet
            first = client.get("/api/v1/openapi.json")
            assert first.headers["content-type"] == "application/json"
            assert client.get("/openapi.json").content == first.content
            assert "swagger" in client.get("/api/v1/docs").text.lower()
    finally:
        hub.close()
