from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.services.delivery.dispatcher import Dispatcher
from bot.simulated_slack.server import SimulatedSlack
from bot.slack.delivery.notifier import SlackNotifier
from bot.slack.delivery.web_client import KeepAliveWebClient
from tests.seeds.outbox import Database, migrated


@pytest.fixture
def db(empty_database_url: str) -> Iterator[Database]:
    """A migrated database of the test's own: real commits, several connections."""
    with migrated(empty_database_url) as database:
        yield database


@pytest.fixture
def notifier(fake_slack: SimulatedSlack) -> SlackNotifier:
    client = KeepAliveWebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, timeout=1, retry_handlers=[]
    )
    return SlackNotifier(client)


@pytest.fixture
def dispatcher(db: Database, notifier: SlackNotifier) -> Dispatcher:
    return Dispatcher(db.sessions, notifier, owner="test", jitter=lambda seconds: seconds)
