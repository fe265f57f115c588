"""The typed wire of Antrian: what the hub, `hub_client` and every appliance agree on.

- `protocol.kinds`: the kinds as enums (event types, ticket states, compensation and
  incident kinds, token roles, complaint channels);
- `protocol.events`: the events of the log, each with its version `v`, and how an
  older version is read (upcast) or an unknown type skipped;
- `protocol.requests`, `protocol.views`: the JSON bodies the API accepts and answers;
- `protocol.recap`: the recap, one model rendered by text, CSV, thermal and PDF.

Pydantic and the standard library only: no Qt, no hub, no I/O, so every layer above
may import it.
"""
