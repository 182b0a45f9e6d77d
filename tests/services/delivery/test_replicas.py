"""Three bot processes on one PostgreSQL deliver a wave exactly once between them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.persistence.models import OutboxState
from bot.simulated_slack.server import SimulatedSlack
from tests.db import throwaway_postgres_database
from tests.seeds.outbox import Database, migrated, seed_wave, states
from tests.services.delivery.workers import finish, outbox_ids_posted, start_worker

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def postgres(postgres_server_url: str) -> Iterator[Database]:
    with throwaway_postgres_database(postgres_server_url) as url, migrated(url) as database:
        yield database


def test_three_processes_deliver_a_wave_exactly_once(
    postgres: Database, fake_slack: SimulatedSlack, tmp_path: Path
) -> None:
    wave = seed_wave(
        postgres.sessions, fake_slack, size=300, start=datetime.now(UTC) - timedelta(hours=1)
    )
    fake_slack.rate_limit("chat.postMessage", per_second=50)

    workers = [
        start_worker(postgres.url, fake_slack, cwd=tmp_path, lease_seconds=30) for _ in range(3)
    ]
    for worker in workers:
        finish(worker, timeout=40)

    copies = Counter(outbox_ids_posted(fake_slack))
    assert set(copies) == set(wave)
    assert set(copies.values()) == {1}
    assert set(states(postgres.sessions).values()) == {OutboxState.SENT}
