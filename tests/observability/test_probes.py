"""Readiness: the database, Slack's word on the bot token, and a running scheduler."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.bootstrap import Container, bootstrap
from bot.observability.probes import SLACK_OK_SECONDS, Probes, SlackAuth
from bot.scheduling.clock import start_clock
from bot.scheduling.ticks import Ticks
from bot.settings import Settings
from bot.simulated_slack import SimulatedSlack
from tests.acceptance.round_trip import EXAMPLE_CONFIG


@pytest.fixture
def container(engine: Engine, database_url: str, fake_slack: SimulatedSlack) -> Iterator[Container]:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        cadence_config=EXAMPLE_CONFIG,
        slack_bot_token=fake_slack.token,
        slack_api_base_url=fake_slack.base_url,
    )
    container = bootstrap(settings)
    yield container
    container.engine.dispose()


def idle_ticks() -> Ticks:
    return Ticks(plan=lambda now: None, dispatch=lambda now: None, close=lambda now: None)


def test_ready_while_the_scheduler_runs_and_not_once_it_stopped(container: Container) -> None:
    clock = start_clock(container, ticks=idle_ticks())
    probes = Probes(container.engine, SlackAuth(container.slack), lambda: clock.alive)
    try:
        assert probes.readiness().checks == {"database": "ok", "slack": "ok", "scheduler": "ok"}
        assert probes.readiness().ready
    finally:
        clock.shutdown()

    stopped = probes.readiness()
    assert not stopped.ready
    assert stopped.checks["scheduler"] == "stopped"


def test_slack_is_asked_again_only_after_a_while(fake_slack: SimulatedSlack) -> None:
    now = [0.0]
    auth = SlackAuth(
        WebClient(token=fake_slack.token, base_url=fake_slack.base_url), monotonic=lambda: now[0]
    )

    assert auth.problem() is None
    now[0] = SLACK_OK_SECONDS - 1
    assert auth.problem() is None
    assert len(fake_slack.calls("auth.test")) == 1
    now[0] = SLACK_OK_SECONDS + 1
    assert auth.problem() is None
    assert len(fake_slack.calls("auth.test")) == 2


def test_a_refused_token_is_named(fake_slack: SimulatedSlack) -> None:
    auth = SlackAuth(WebClient(token="xoxb-wrong", base_url=fake_slack.base_url))

    assert auth.problem() == "auth.test: invalid_auth"
