"""The OpenAPI document: the routes' models, and the bearer token as a security scheme.

The routes read the token from the `Authorization` header themselves (hub/api/access.py),
so FastAPI lists it as a plain header parameter; here each such route instead names the
`bearer` scheme, which is what an integrator's tooling understands. And FastAPI documents
its own 422 body (`detail`), where the hub answers with its error model (errors.py).

The document (~40 KB, ~70 ms to build) is built once, on a thread a moment after the hub
starts, and served as the same bytes every time: anyone on the LAN may fetch it, so a
burst of fetches must cost the event loop no more than a copy.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi import FastAPI, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from starlette.responses import HTMLResponse

BEARER = {"type": "http", "scheme": "bearer", "description": "A device or officer token."}
WARM_UP_AFTER_S = 1.0  # past the start, when the first appliances connect


class Document:
    """The app's OpenAPI document, built on first use (or by `warm_up`) and kept."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._bytes: bytes | None = None

    def schema(self) -> dict[str, Any]:
        with self._lock:
            if self.app.openapi_schema is None:
                self.app.openapi_schema = _build(self.app)
            return self.app.openapi_schema

    def json_bytes(self) -> bytes:
        if self._bytes is None:
            self._bytes = json.dumps(self.schema(), ensure_ascii=False).encode()
        return self._bytes

    def warm_up(self, stop: threading.Event) -> threading.Thread:
        """Build the document on a thread after WARM_UP_AFTER_S, unless `stop` is set
        first; the caller joins the thread when the app stops."""

        def build() -> None:
            if not stop.wait(WARM_UP_AFTER_S):
                self.json_bytes()

        thread = threading.Thread(target=build, name="openapi-warm-up", daemon=True)
        thread.start()
        return thread


def install(app: FastAPI, json_paths: tuple[str, ...], docs_path: str) -> Document:
    """Serve the document at each of `json_paths`, and Swagger UI at `docs_path`."""
    document = Document(app)
    app.openapi = document.schema  # type: ignore[method-assign]

    async def openapi_json() -> Response:
        return Response(document.json_bytes(), media_type="application/json")

    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=json_paths[0], title=f"{app.title} - API")

    for path in json_paths:
        app.add_api_route(path, openapi_json, methods=["GET"], include_in_schema=False)
    app.add_api_route(docs_path, docs, methods=["GET"], include_in_schema=False)
    return document


def _build(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title, version=app.version, routes=app.routes, description=app.description
    )
    schema.setdefault("components", {})["securitySchemes"] = {"bearer": BEARER}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            _bearer_instead_of_header(operation)
            _hub_validation_error(operation)
    if "HTTPValidationError" not in str(schema["paths"]):  # no route uses it now
        for name in ("HTTPValidationError", "ValidationError"):
            schema["components"].get("schemas", {}).pop(name, None)
    return schema


def _bearer_instead_of_header(operation: dict[str, Any]) -> None:
    parameters = operation.get("parameters", [])
    kept = [p for p in parameters if not (p.get("in") == "header" and p["name"] == "authorization")]
    if len(kept) == len(parameters):
        return  # a route anyone may call (health, sign-in)
    operation["security"] = [{"bearer": []}]
    if kept:
        operation["parameters"] = kept
    else:
        del operation["parameters"]


def _hub_validation_error(operation: dict[str, Any]) -> None:
    invalid = operation["responses"].get("422")
    if invalid is None or "HTTPValidationError" not in str(invalid):
        return  # the route's own (the error model) or none
    if "parameters" not in operation and "requestBody" not in operation:
        del operation["responses"]["422"]  # only the token header was there to check
        return
    operation["responses"]["422"] = {
        "description": "The request's body, path or query is not valid.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorView"}}},
    }
