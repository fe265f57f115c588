"""The sample recap (tests/fo/sample_recap.json) and variants of it: a month, an empty day."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from protocol.recap import Recap

SAMPLE = Path(__file__).with_name("sample_recap.json")


def load_sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def zeroed(value: Any, key: str = "") -> Any:
    """Every count 0, every average and share None: a day on which nobody came."""
    if isinstance(value, dict):
        return {k: zeroed(v, k) for k, v in value.items()}
    if key in ("cases", "incidents", "hours", "officers"):
        return []
    if isinstance(value, list):
        return [zeroed(item) for item in value]
    if isinstance(value, bool) or key in ("number", "threshold_minutes"):
        return value
    if key.startswith(("avg_", "max_")) or key in (
        "called_within_threshold", "mae_minutes", "within_band",
    ):  # fmt: skip
        return None
    if isinstance(value, int | float):
        return 0
    return value


@pytest.fixture
def sample_recap() -> dict[str, Any]:
    return load_sample()


@pytest.fixture
def month_recap() -> dict[str, Any]:
    recap = load_sample()
    recap["period"] = "2026-11"
    return recap


@pytest.fixture
def empty_recap() -> dict[str, Any]:
    return zeroed(copy.deepcopy(load_sample()))


def typed(recap: dict[str, Any]) -> Recap:
    """The recap as the hub sends it and the renderers take it: the protocol's model."""
    return Recap.model_validate(recap)
