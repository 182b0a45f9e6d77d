"""Roster sync: people, time off and cadences from the config, Slack ids and zones from Slack."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import bot
from bot.cli import main
from bot.domain.operating_system import OperatingSystem, TimeOff
from bot.domain.roster import Roster
from bot.persistence.migrate import upgrade
from bot.persistence.models import Cadence, Person, TimeOffSource
from bot.persistence.models import TimeOff as TimeOffRow
from bot.services.planner import plan
from bot.services.roster_sync import sync_roster
from bot.simulated_slack import SimulatedSlack
from bot.slack.directory import SlackDirectory
from tests.seeds.org import weekly_forecast
from tests.seeds.synced import SUNDAY, messages_of, occurrence, org, person_id, without

SHIPPED_CONFIG = Path(bot.__file__).resolve().parent.parent / "cadence_config.yaml"


def in_slack(
    fake_slack: SimulatedSlack, operating_system: OperatingSystem, **zones: str
) -> dict[str, str]:
    """Give everyone on the roster a Slack account; ``zones`` by name, as ``chi="Asia/Tokyo"``."""
    return {
        p.email: fake_slack.add_user(p.email, p.name, tz=zones.get(p.name.lower(), p.timezone))
        for p in operating_system.roster
    }


def unpinned(operating_system: OperatingSystem, *emails: str) -> OperatingSystem:
    """As if the config gave these people no zone: the organisation's until Slack says."""
    roster = (
        replace(p, timezone="America/Chicago", timezone_pinned=False) if p.email in emails else p
        for p in operating_system.roster
    )
    return replace(operating_system, roster=Roster(roster))


def stored(session: Session) -> dict[str, Person]:
    return {p.email: p for p in session.scalars(select(Person))}


def test_users_list_is_read_200_people_a_call(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = org()
    for n in range(450):
        fake_slack.add_user(f"someone{n}@elsewhere.example", f"Someone {n}")
    ids = in_slack(fake_slack, operating_system)

    sync_roster(session, operating_system, directory=SlackDirectory(fake_slack_client), now=SUNDAY)

    calls = fake_slack.calls("users.list")
    assert len(calls) == 3  # 457 members
    assert {str(call.params["limit"]) for call in calls} == {"200"}
    assert {email: p.slack_id for email, p in stored(session).items()} == ids


def test_emails_match_slack_accounts_whatever_their_case(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    slack_id = fake_slack.add_user("Chi@ACME.example", "Chi")

    sync_roster(session, org(), directory=SlackDirectory(fake_slack_client), now=SUNDAY)

    assert stored(session)["chi@acme.example"].slack_id == slack_id


def test_the_slack_zone_is_used_unless_the_config_pins_one(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = unpinned(org(), "chi@acme.example")
    in_slack(fake_slack, operating_system, chi="Asia/Tokyo", kol="Europe/London")

    report = sync_roster(
        session, operating_system, directory=SlackDirectory(fake_slack_client), now=SUNDAY
    )

    people = stored(session)
    assert people["chi@acme.example"].timezone == "Asia/Tokyo"
    assert people["kol@acme.example"].timezone == "Asia/Kolkata"  # pinned in the config
    assert report.slack_timezones == {"chi@acme.example": "Asia/Tokyo"}


def test_the_planner_nudges_in_the_zone_slack_gave(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = unpinned(org(), "chi@acme.example")
    in_slack(fake_slack, operating_system, chi="Asia/Tokyo")
    sync_roster(session, operating_system, directory=SlackDirectory(fake_slack_client), now=SUNDAY)

    plan(session, operating_system, now=SUNDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.tz == "Asia/Tokyo"
    # Monday 09:00 in Tokyo, not in Chicago.
    assert messages_of(session, forecast)["open"].send_after == datetime(
        2026, 11, 30, 0, 0, tzinfo=UTC
    )


def test_without_slack_a_sync_keeps_the_zone_slack_gave_last_time(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = unpinned(org(), "chi@acme.example")
    in_slack(fake_slack, operating_system, chi="Asia/Tokyo")
    sync_roster(session, operating_system, directory=SlackDirectory(fake_slack_client), now=SUNDAY)

    sync_roster(session, operating_system, directory=None, now=SUNDAY)

    assert stored(session)["chi@acme.example"].timezone == "Asia/Tokyo"


def test_unknown_emails_and_deleted_accounts_are_reported(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = org()
    in_slack(fake_slack, without(operating_system, "raj@acme.example"))
    fake_slack.add_user("bob@acme.example", "Old Bob", deleted=True)
    fake_slack.add_user("bot@acme.example", "Cadence", is_bot=True)

    report = sync_roster(
        session, operating_system, directory=SlackDirectory(fake_slack_client), now=SUNDAY
    )

    assert report.not_in_slack == ["raj@acme.example"]
    assert report.inactive_in_slack == []  # bob also has a live account, which wins
    assert stored(session)["raj@acme.example"].slack_id is None


def test_a_deactivated_slack_account_is_reported(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = org()
    in_slack(fake_slack, without(operating_system, "raj@acme.example"))
    fake_slack.add_user("raj@acme.example", "Raj", deleted=True)

    report = sync_roster(
        session, operating_system, directory=SlackDirectory(fake_slack_client), now=SUNDAY
    )

    assert report.inactive_in_slack == ["raj@acme.example"]


def test_a_rate_limited_page_is_asked_again_after_retry_after(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    operating_system = org()
    in_slack(fake_slack, operating_system)
    fake_slack.fail_next("users.list", status=429, retry_after=7)
    waits: list[float] = []

    directory = SlackDirectory(fake_slack_client, sleep=waits.append)
    report = sync_roster(session, operating_system, directory=directory, now=SUNDAY)

    assert waits == [7.0]
    assert report.not_in_slack == []


def test_people_who_leave_the_config_are_deactivated_not_deleted(session: Session) -> None:
    sync_roster(session, org(), directory=None, now=SUNDAY)

    report = sync_roster(session, without(org(), "bob@acme.example"), directory=None, now=SUNDAY)

    assert report.deactivated == ["bob@acme.example"]
    assert stored(session)["bob@acme.example"].active is False
    back = sync_roster(session, org(), directory=None, now=SUNDAY)
    assert back.added == ["bob@acme.example"] and stored(session)["bob@acme.example"].active


def test_a_new_email_for_the_same_slack_account_moves_the_slack_id(
    session: Session, fake_slack: SimulatedSlack, fake_slack_client: WebClient
) -> None:
    slack_id = fake_slack.add_user("bob@acme.example", "Bob")
    directory = SlackDirectory(fake_slack_client)
    sync_roster(session, org(), directory=directory, now=SUNDAY)
    fake_slack.state.users[slack_id].email = "robert@acme.example"
    renamed = replace(org().roster["bob@acme.example"], email="robert@acme.example")

    operating_system = without(org(), "bob@acme.example")
    sync_roster(
        session,
        replace(operating_system, roster=Roster([*operating_system.roster, renamed])),
        directory=directory,
        now=SUNDAY,
    )

    people = stored(session)
    assert people["robert@acme.example"].slack_id == slack_id
    assert (people["bob@acme.example"].active, people["bob@acme.example"].slack_id) == (False, None)


def test_reporting_lines_follow_the_config(session: Session) -> None:
    sync_roster(session, org(), directory=None, now=SUNDAY)

    people = stored(session)
    assert people["raj@acme.example"].reports_to_id == people["kol@acme.example"].id
    assert people["lead@acme.example"].reports_to_id is None


def test_time_off_from_the_config_is_mirrored_and_slack_time_off_kept(session: Session) -> None:
    holiday = TimeOff(email="chi@acme.example", start=date(2026, 12, 21), end=date(2027, 1, 1))
    sync_roster(session, org(time_off=(holiday,)), directory=None, now=SUNDAY)
    session.add(
        TimeOffRow(
            person_id=person_id(session, "kol@acme.example"),
            starts_on=date(2026, 12, 2),
            ends_on=date(2026, 12, 2),
            source=TimeOffSource.SLACK,
            reason="sick",
        )
    )

    report = sync_roster(session, org(), directory=None, now=SUNDAY)

    rows = session.scalars(select(TimeOffRow)).all()
    assert [(r.source, r.reason) for r in rows] == [(TimeOffSource.SLACK, "sick")]
    assert report.time_off_removed == 1


def test_cadences_are_stored_with_their_definition_and_removed_ones_deactivated(
    session: Session,
) -> None:
    first = sync_roster(session, org(), directory=None, now=SUNDAY)
    stored_hash = session.get(Cadence, "weekly-forecast").config_hash  # type: ignore[union-attr]

    edited = replace(org(with_1on1=False), cadences=(weekly_forecast(reminders=()),))
    second = sync_roster(session, edited, directory=None, now=SUNDAY)

    forecast = session.get(Cadence, "weekly-forecast")
    assert forecast is not None and forecast.config_hash != stored_hash
    assert forecast.definition["reminders"] == []
    assert forecast.definition["schedule"]["due"] == {"weekday": 3, "at": "17:00:00", "nth": None}
    assert sorted(first.cadences.changed) == ["rep-1on1", "weekly-forecast"]
    assert (second.cadences.changed, second.cadences.deactivated) == (
        ["weekly-forecast"],
        ["rep-1on1"],
    )
    assert session.get(Cadence, "rep-1on1").active is False  # type: ignore[union-attr]


def test_sync_command_refuses_an_unmigrated_database(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)

    assert main(["sync", str(SHIPPED_CONFIG)]) == 2  # the environment: the schema is behind

    assert "run `cadence-bot migrate`" in capsys.readouterr().err


def test_sync_command_syncs_the_shipped_config_against_slack(
    empty_database_url: str,
    fake_slack: SimulatedSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    upgrade(empty_database_url)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("SLACK_API_BASE_URL", fake_slack.base_url)
    fake_slack.add_user("aisha@acme.example", "Aisha Brooks", tz="America/Denver")

    assert main(["sync", str(SHIPPED_CONFIG)]) == 0

    out = capsys.readouterr().out
    assert "  vp@acme.example" in out.split("Not found in Slack")[1]
    assert "Time zone from Slack (1):\n  aisha@acme.example (America/Denver)" in out
