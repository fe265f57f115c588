"""The rater's section of the office config, `[rater]`, and the file as the rater reads it."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from common.config import load_config
from common.office import SECTIONS, Office
from common.section import Section


class Rater(Section):
    # How long the question waits for a press after a close before the screen goes back
    # to its greeting (the next citizen is usually at the desk within a minute).
    question_seconds: int = Field(default=60, ge=10, le=600)
    # How long the thanks stay up after a press.
    thanks_seconds: int = Field(default=5, ge=2, le=60)


class RaterOffice(Office):
    rater: Rater = Field(default_factory=Rater)


def load_rater_office(path: Path | str) -> RaterOffice:
    """The office-wide sections and `[rater]`, or ConfigError naming file and key."""
    return load_config(path, RaterOffice, others=SECTIONS)
