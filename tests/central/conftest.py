"""One throwaway PostgreSQL cluster for the test session (tests/central/pg.py); each test
gets a fresh database of it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.central import pg

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster() -> Iterator[pg.Cluster]:
    missing = pg.available()
    if missing:
        pytest.skip(missing)
    started = pg.Cluster().start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def dsn(cluster: pg.Cluster) -> str:
    """A new empty database of the session's cluster."""
    return cluster.create_database(f"central_{next(_numbers)}")
