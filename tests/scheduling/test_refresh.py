"""A running `serve` picks up config and roster edits at its next plan, without a restart."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.bootstrap import Container, bootstrap
from bot.persistence.migrate import upgrade
from bot.persistence.models import Occurrence, Person
from bot.scheduling.refresh import OperatingSystemRefresh
from bot.scheduling.ticks import cadence_ticks
from bot.services.delivery.dispatcher import Dispatcher
from bot.settings import Settings
from bot.simulated_slack import SimulatedSlack
from bot.slack.directory import SlackDirectory

NOW = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # Monday, 10:00 in Chicago

CONFIG = """\
organization: {{name: Refresh Co, timezone: America/Chicago}}
people:
  - {{email: lead@r.example, name: Lead}}
  - {{email: mgr@r.example, name: Manager, reports_to: lead@r.example}}
  - {{email: rep@r.example, name: Rep, reports_to: mgr@r.example}}
{extra}
cadences:
  - id: weekly-forecast
    kind: forecast
    audience: managers
    schedule: {{every: week, opens: mon 09:00, due: wed 17:00}}
"""
NEW_TEAM = """\
  - {email: new.mgr@r.example, name: New Manager, reports_to: lead@r.example}
  - {email: new.rep@r.example, name: New Rep, reports_to: new.mgr@r.example}
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "cadence_config.yaml"
    path.write_text(CONFIG.format(extra=""))
    return path


@pytest.fixture
def container(empty_database_url: str, config: Path, fake_slack: SimulatedSlack) -> Container:
    upgrade(empty_database_url)
    settings = Settings(
        database_url=empty_database_url,
        cadence_config=config,
        slack_bot_token=fake_slack.token,
        slack_api_base_url=fake_slack.base_url,
    )
    container = bootstrap(settings)
    container.clock = lambda: NOW
    return container


def plan_tick(container: Container, directory: SlackDirectory | None) -> None:
    refresh = OperatingSystemRefresh(container, directory=directory)
    # The plan tick never touches the dispatcher.
    ticks = cadence_ticks(container, dispatcher=cast(Dispatcher, object()), refresh=refresh)
    ticks.plan(NOW)


def forecast_subjects(container: Container) -> set[str]:
    with container.unit_of_work() as uow:
        rows = uow.session.scalars(
            select(Person.email).join(Occurrence, Occurrence.subject_id == Person.id)
        )
        return set(rows)


def test_a_manager_added_to_the_config_is_planned_at_the_next_tick(
    container: Container, config: Path, fake_slack: SimulatedSlack
) -> None:
    directory = SlackDirectory(WebClient(token=fake_slack.token, base_url=fake_slack.base_url))
    plan_tick(container, directory)
    assert forecast_subjects(container) == {"mgr@r.example"}

    config.write_text(CONFIG.format(extra=NEW_TEAM))
    new_manager_id = fake_slack.add_user("new.mgr@r.example", "New Manager", tz="Europe/London")
    plan_tick(container, directory)

    assert forecast_subjects(container) == {"mgr@r.example", "new.mgr@r.example"}
    with container.unit_of_work() as uow:
        person = uow.session.scalar(select(Person).where(Person.email == "new.mgr@r.example"))
        assert person is not None
        # The Slack profile's zone wins where the config pins none.
        assert (person.slack_id, person.timezone) == (new_manager_id, "Europe/London")


def test_a_broken_edit_is_reported_and_the_previous_config_keeps_running(
    container: Container, config: Path, caplog: pytest.LogCaptureFixture
) -> None:
    plan_tick(container, None)
    config.write_text(CONFIG.format(extra=NEW_TEAM).replace("wed 17:00", "wed 25:00"))

    with caplog.at_level(logging.ERROR):
        plan_tick(container, None)

    assert "cadences[0].schedule.due" in caplog.text
    assert forecast_subjects(container) == {"mgr@r.example"}
    assert [c.id for c in container.operating_system.cadences] == ["weekly-forecast"]


def test_a_slack_outage_does_not_stop_planning(
    container: Container, config: Path, fake_slack: SimulatedSlack
) -> None:
    fake_slack.fail_next("users.list", status=500, times=10)
    directory = SlackDirectory(WebClient(token=fake_slack.token, base_url=fake_slack.base_url))

    plan_tick(container, directory)

    assert forecast_subjects(container) == {"mgr@r.example"}
    with container.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 3
