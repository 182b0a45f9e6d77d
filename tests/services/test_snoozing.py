"""A snooze moves the person's next reminder to when they asked for it, in their zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.calendar import PersonCalendar
from bot.domain.occurrence import OccurrenceStatus, SnoozeChoice
from bot.domain.operating_system import OperatingSystem, Organization
from bot.domain.roster import Roster
from bot.persistence.models import OutboxState, TimeOff, TimeOffSource
from bot.services.errors import AlreadyClosed, NotAllowed
from bot.services.snoozing import (
    postpone_reminders,
    snooze,
    tomorrow_morning,
    tomorrow_morning_for,
    two_hours_later,
)
from tests.seeds.team import NOW, Team, messages, open_item, seed_team, states

WEEKDAYS = frozenset({1, 2, 3, 4, 5})
ORGANIZATION = Organization(name="Acme", timezone="America/Chicago")
OS = OperatingSystem(organization=ORGANIZATION, roster=Roster([]), cadences=())


@pytest.fixture
def team(session: Session) -> Team:
    return seed_team(session)


def calendar(tz: str) -> PersonCalendar:
    return PersonCalendar(tz=tz, working_days=WEEKDAYS, holidays=frozenset())


def test_tomorrow_morning_is_nine_in_the_persons_own_zone() -> None:
    # NOW is Wednesday 09:00 in Chicago and 20:30 in Kolkata.
    assert tomorrow_morning(NOW, calendar("America/Chicago")) == datetime(
        2026, 12, 3, 15, 0, tzinfo=UTC
    )
    assert tomorrow_morning(NOW, calendar("Asia/Kolkata")) == datetime(
        2026, 12, 3, 3, 30, tzinfo=UTC
    )


def test_tomorrow_morning_skips_the_persons_own_time_off(session: Session, team: Team) -> None:
    # NOW is Wednesday 2 December; the manager is away Thursday and Friday: Monday 09:00 CST.
    session.add(
        TimeOff(
            person_id=team.chi.id,
            starts_on=date(2026, 12, 3),
            ends_on=date(2026, 12, 4),
            source=TimeOffSource.SLACK,
            reason="away (Slack)",
        )
    )
    session.flush()
    until = tomorrow_morning_for(session, organization=ORGANIZATION, person=team.chi, now=NOW)

    assert until == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def test_tomorrow_morning_on_a_friday_is_monday_morning() -> None:
    friday = NOW + timedelta(days=2)

    assert tomorrow_morning(friday, calendar("America/Chicago")) == datetime(
        2026, 12, 7, 15, 0, tzinfo=UTC
    )


def test_a_snooze_replaces_the_reminders_before_it_with_one_at_its_end(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)
    until = item.due_at - timedelta(hours=3)  # after the 24h reminder, before the 2h one

    postpone_reminders(session, occurrence_id=item.id, person_id=team.chi.id, until=until, now=NOW)

    stamp = int(until.timestamp())
    assert item.snoozed_until == until
    assert states(session, item) == {
        "open": OutboxState.SENT,
        "reminder:24h": OutboxState.CANCELLED,
        "reminder:2h": OutboxState.PENDING,
        f"snooze:{stamp}": OutboxState.PENDING,
    }
    reminder = messages(session, item)[f"snooze:{stamp}"]
    assert (reminder.purpose, reminder.send_after) == ("reminder", until)


def test_two_hours_means_two_hours(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)

    until = snooze(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        choice=SnoozeChoice.TWO_HOURS,
        operating_system=OS,
        now=NOW,
    )

    assert until == NOW + timedelta(hours=2)
    assert states(session, item)["reminder:24h"] is OutboxState.PENDING


def test_only_open_items_of_ones_own_can_be_snoozed(session: Session, team: Team) -> None:
    theirs = open_item(session, Kind.FORECAST, team.kol)
    missed = open_item(session, Kind.TEAM_MEETING, team.chi, status=OccurrenceStatus.MISSED)
    later = two_hours_later(NOW)

    with pytest.raises(NotAllowed):
        postpone_reminders(
            session, occurrence_id=theirs.id, person_id=team.chi.id, until=later, now=NOW
        )
    with pytest.raises(AlreadyClosed):
        postpone_reminders(
            session, occurrence_id=missed.id, person_id=team.chi.id, until=later, now=NOW
        )


def test_tomorrow_morning_is_decided_by_the_service_from_the_persons_choice(
    session: Session, team: Team
) -> None:
    # The manager is in Chicago; NOW is Wednesday 09:00 there: Thursday 09:00 CST.
    item = open_item(session, Kind.FORECAST, team.chi)

    until = snooze(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        choice=SnoozeChoice.TOMORROW_MORNING,
        operating_system=OS,
        now=NOW,
    )

    assert until == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert item.snoozed_until == until


def test_a_snooze_ending_after_hours_reminds_at_the_start_of_the_next_working_day(
    session: Session, team: Team
) -> None:
    # 17:00 in Chicago on Wednesday: two hours later is 19:00, after the working hours.
    item = open_item(session, Kind.FORECAST, team.chi)
    evening = NOW + timedelta(hours=8)

    until = snooze(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        choice=SnoozeChoice.TWO_HOURS,
        operating_system=OS,
        now=evening,
    )

    thursday_8 = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    assert until == thursday_8
    stamp = int((evening + timedelta(hours=2)).timestamp())
    assert messages(session, item)[f"snooze:{stamp}"].send_after == thursday_8


def test_a_snooze_whose_reminder_could_only_come_once_due_sends_no_reminder(
    session: Session, team: Team
) -> None:
    # Due Friday 17:00 in Chicago; snoozed at 16:30 for two hours: the next working hours are
    # Monday's, past the due instant, so no reminder is queued.
    item = open_item(session, Kind.FORECAST, team.chi)
    late = item.due_at - timedelta(minutes=30)

    until = snooze(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        choice=SnoozeChoice.TWO_HOURS,
        operating_system=OS,
        now=late,
    )

    assert until is None
    assert item.snoozed_until == late + timedelta(hours=2)
    assert not any(key.startswith("snooze:") for key in messages(session, item))
