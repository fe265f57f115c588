"""A small synchronous client of the hub API, for the CLI, tools and tests."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from hub_client.discovery import normalise_url
from hub_client.errors import HubRefused, HubUnreachable


class HubClient:
    def __init__(self, url: str, token: str | None, timeout: float = 5.0) -> None:
        self.url = normalise_url(url)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise HubUnreachable(f"hub at {self.url} does not answer: {exc}") from exc
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
            except (ValueError, KeyError, TypeError):
                error = {"code": "http_error", "message": response.text}
            raise HubRefused(
                response.status_code,
                error.get("code", ""),
                error.get("message", ""),
                error.get("message_en", ""),
            )
        return response

    def health(self) -> dict[str, Any]:
        return dict(self.request("GET", "/health").json())

    def state(self) -> dict[str, Any]:
        return dict(self.request("GET", "/state").json())

    def ticket(self, ticket_id: str) -> dict[str, Any]:
        return dict(self.request("GET", f"/tickets/{ticket_id}").json())

    def issue(
        self,
        service: str,
        priority: bool = False,
        category: str | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        key = idempotency_key or uuid.uuid4().hex
        body = {"service": service, "priority": priority, "category": category}
        response = self.request("POST", "/tickets", json=body, headers={"Idempotency-Key": key})
        return dict(response.json())

    def call_next(self, counter: int) -> dict[str, Any] | None:
        response = self.request("POST", f"/counters/{counter}/call-next")
        return None if response.status_code == 204 else dict(response.json())

    def act(self, ticket_id: str, action: str, **body: Any) -> dict[str, Any]:
        response = self.request("POST", f"/tickets/{ticket_id}/{action}", json=body or None)
        return dict(response.json())
