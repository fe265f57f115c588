"""A small synchronous client of the hub API, for the CLI, tools and tests.

Replies come back as the protocol's models (`protocol.views`); one the model does not
fit raises UnexpectedReply."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import httpx
import pydantic

from hub_client.discovery import normalise_url
from hub_client.errors import HubRefused, HubUnreachable, UnexpectedReply
from protocol.views import HealthView, StateView, TicketView, View

AnyView = TypeVar("AnyView", bound=View)


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

    def health(self) -> HealthView:
        return _reply(HealthView, self.request("GET", "/health"))

    def state(self) -> StateView:
        return _reply(StateView, self.request("GET", "/state"))

    def ticket(self, ticket_id: str) -> TicketView:
        return _reply(TicketView, self.request("GET", f"/tickets/{ticket_id}"))

    def issue(
        self,
        service: str,
        priority: bool = False,
        category: str | None = None,
        idempotency_key: str | None = None,
    ) -> TicketView:
        key = idempotency_key or uuid.uuid4().hex
        body = {"service": service, "priority": priority, "category": category}
        response = self.request("POST", "/tickets", json=body, headers={"Idempotency-Key": key})
        return _reply(TicketView, response)

    def call_next(self, counter: int) -> TicketView | None:
        """The ticket called to `counter`, or None when nobody waits for it."""
        response = self.request("POST", f"/counters/{counter}/call-next")
        if response.status_code == 204:
            return None
        return _reply(TicketView, response)

    def act(self, ticket_id: str, action: str, **body: Any) -> TicketView:
        response = self.request("POST", f"/tickets/{ticket_id}/{action}", json=body or None)
        return _reply(TicketView, response)


def _reply(model: type[AnyView], response: httpx.Response) -> AnyView:
    try:
        return model.model_validate_json(response.content)
    except pydantic.ValidationError as exc:
        where = f"{response.request.method} {response.request.url.path}"
        raise UnexpectedReply(f"{where}: the hub's reply is not a {model.__name__}: {exc}") from exc


def wire(view: View) -> dict[str, Any]:
    """A reply model as the hub sent it (its JSON as a dict), for code that reads dicts."""
    return view.model_dump(mode="json", exclude_unset=True)
