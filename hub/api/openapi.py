"""The OpenAPI document: the routes' models, and the bearer token as a security scheme.

The routes read the token from the `Authorization` header themselves (hub/api/access.py),
so FastAPI lists it as a plain header parameter; here each such route instead names the
`bearer` scheme, which is what an integrator's tooling understands. And FastAPI documents
its own 422 body (`detail`), where the hub answers with its error model (errors.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

BEARER = {"type": "http", "scheme": "bearer", "description": "A device or officer token."}


def install(app: FastAPI) -> None:
    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
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
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


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
