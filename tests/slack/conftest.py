"""The real Bolt app over a database of each test module's own, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.simulated_slack.server import SimulatedSlack
from tests.slack.listener_harness import Harness, empty, migrated_database, start


@pytest.fixture(scope="module")
def listener_database(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = lambda: str(request.getfixturevalue("postgres_server_url"))  # noqa: E731
    with migrated_database(backend, tmp_path_factory.mktemp("listeners"), server) as url:
        yield url


@pytest.fixture
def harness(listener_database: str, fake_slack: SimulatedSlack) -> Iterator[Harness]:
    harness = start(listener_database, fake_slack)
    yield harness
    empty(harness)
