"""Pytest fixtures for the simulated Slack workspace.

Enable them with ``pytest_plugins = ["tests.simulated_slack.fixtures"]`` in a conftest.py.

One server runs for the whole session (starting a server per test costs a thread and a port);
`fake_slack` resets it before each test, so every test starts with an empty workspace, no
recorded calls and no faults.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.simulated_slack.server import SimulatedSlack


@pytest.fixture(scope="session")
def fake_slack_server() -> Iterator[SimulatedSlack]:
    with SimulatedSlack() as server:
        yield server


@pytest.fixture
def fake_slack(fake_slack_server: SimulatedSlack) -> SimulatedSlack:
    """The fake Slack, empty: seed it with `add_user(...)`, inspect it with `calls(...)`."""
    fake_slack_server.reset()
    return fake_slack_server


@pytest.fixture
def fake_slack_client(fake_slack: SimulatedSlack) -> WebClient:
    """A real `WebClient` pointed at the fake, with the SDK's default retry handlers."""
    return WebClient(token=fake_slack.token, base_url=fake_slack.base_url)
