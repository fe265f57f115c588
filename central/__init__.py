"""The central service: many offices' hubs forward their event logs to one PostgreSQL,
and the province reads them in one place (issue #16)."""
