"""A reply of the hub as an appliance's callback gets it: the status, the model, the refusal.

`HubConnection.fetch` answers with a `Reply`: `view` is the reply's model when the hub
said yes (2xx) with a body the model fits, `error` the hub's refusal (4xx, 503) as
`protocol.views.ErrorDetail`; a status 0 means the hub was not reached.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Generic, TypeVar

import pydantic

from protocol.views import ErrorDetail, ErrorView

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Reply(Generic[T]):
    status: int  # 0: the hub was not reached (timeout, refused, not found on the LAN)
    view: T | None = None
    error: ErrorDetail | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def message(self) -> str:
        """The hub's reason in Bahasa Indonesia, or "" (not reached, no reason given)."""
        return self.error.message if self.error else ""


_ADAPTERS: dict[object, pydantic.TypeAdapter[Any]] = {}


def _adapter(shape: type[T]) -> pydantic.TypeAdapter[T]:
    adapter = _ADAPTERS.get(shape)
    if adapter is None:
        adapter = _ADAPTERS[shape] = pydantic.TypeAdapter(shape)
    return adapter


def read_reply(shape: type[T], status: int, body: Any) -> Reply[T]:
    """`body` (the parsed JSON, or None) read as `shape` (a model, or e.g.
    `list[ServiceView]`) on a 2xx, as the refusal otherwise. A 2xx body the shape does
    not fit is logged and kept as a 2xx without a view."""
    if status == 0:
        return Reply(0)
    if 200 <= status < 300:
        if body is None:
            return Reply(status)  # 204: nothing to say (nobody waiting, signed out)
        try:
            return Reply(status, view=_adapter(shape).validate_python(body))
        except pydantic.ValidationError as exc:
            log.warning("the hub's reply is not a %s: %s", getattr(shape, "__name__", shape), exc)
            return Reply(status)
    try:
        return Reply(status, error=ErrorView.model_validate(body).error)
    except pydantic.ValidationError:
        return Reply(status)
