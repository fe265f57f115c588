"""The base of every section model of the office config (`common.office`, `hub.config`,
`kiosk.settings`, ...). Apart from `common.config`, which reads the file: a model of
the office, such as the one the queue engine is given, needs no file parsing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """One table of the office config: unknown keys are refused, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
