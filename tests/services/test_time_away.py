"""Time away declared in Slack excuses what falls due meanwhile; coming back ends it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import OutboxState, TimeOff, TimeOffSource
from bot.services.errors import InvalidSubmission
from bot.services.time_away import (
    FURTHEST_AHEAD,
    LONGEST_ABSENCE,
    away_problem,
    come_back,
    declare_away,
)
from tests.seeds.team import NOW, WEEK, Team, messages, open_item, seed_team, states

THURSDAY, FRIDAY = date(2026, 12, 3), date(2026, 12, 4)
NEXT_WEEK = WEEK + timedelta(weeks=1)


@pytest.fixture
def team(session: Session) -> Team:
    return seed_team(session)


def test_away_excuses_what_falls_due_and_cancels_its_nudges(session: Session, team: Team) -> None:
    forecast = open_item(session, Kind.FORECAST, team.chi)  # due Friday
    one_on_one = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)
    next_week = open_item(session, Kind.FORECAST, team.chi, period_start=NEXT_WEEK)

    away = declare_away(session, person_id=team.chi.id, starts_on=THURSDAY, ends_on=FRIDAY, now=NOW)

    assert away.excused == 2
    assert (forecast.status, forecast.excused_reason) == (OccurrenceStatus.EXCUSED, "time off")
    assert one_on_one.status is OccurrenceStatus.EXCUSED
    assert states(session, forecast)["reminder:2h"] is OutboxState.CANCELLED
    assert states(session, forecast)["excused"] is OutboxState.PENDING
    assert next_week.status is OccurrenceStatus.OPEN
    stored = session.scalars(select(TimeOff)).one()
    assert (stored.starts_on, stored.ends_on, stored.source) == (
        THURSDAY,
        FRIDAY,
        TimeOffSource.SLACK,
    )


def test_a_rep_away_excuses_their_managers_1on1_with_them(session: Session, team: Team) -> None:
    one_on_one = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)

    declare_away(session, person_id=team.ann.id, starts_on=FRIDAY, ends_on=FRIDAY, now=NOW)

    assert (one_on_one.status, one_on_one.excused_reason) == (
        OccurrenceStatus.EXCUSED,
        "counterpart time off",
    )


def test_declaring_the_same_time_off_twice_stores_it_once(session: Session, team: Team) -> None:
    for _ in range(2):
        declare_away(session, person_id=team.chi.id, starts_on=THURSDAY, ends_on=FRIDAY, now=NOW)

    assert len(session.scalars(select(TimeOff)).all()) == 1


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (FRIDAY, THURSDAY),
        (date(2026, 11, 1), date(2026, 11, 2)),
        (FRIDAY, date(2028, 1, 1)),
        (date(2027, 12, 30), date(2027, 12, 31)),
        (date(9999, 12, 30), date(9999, 12, 31)),
    ],
    ids=["reversed", "in the past", "over a year", "over a year ahead", "the calendar's end"],
)
def test_impossible_time_off_is_refused(
    session: Session, team: Team, starts_on: date, ends_on: date
) -> None:
    with pytest.raises(InvalidSubmission):
        declare_away(session, person_id=team.chi.id, starts_on=starts_on, ends_on=ends_on, now=NOW)


def test_back_ends_the_time_off_today_and_reopens_what_it_excused_later(
    session: Session, team: Team
) -> None:
    forecast = open_item(session, Kind.FORECAST, team.chi)  # due Friday
    declare_away(session, person_id=team.chi.id, starts_on=WEEK, ends_on=FRIDAY, now=NOW)

    ended = come_back(session, person_id=team.chi.id, now=NOW)

    assert ended is not None and ended.ends_on == date(2026, 12, 2)
    assert (forecast.status, forecast.excused_reason) == (OccurrenceStatus.OPEN, None)


def test_back_resumes_the_reminders_still_ahead_and_drops_the_excused_update(
    session: Session, team: Team
) -> None:
    forecast = open_item(session, Kind.FORECAST, team.chi)  # due Friday 17:00, open DM sent
    declare_away(session, person_id=team.chi.id, starts_on=WEEK, ends_on=FRIDAY, now=NOW)
    assert states(session, forecast)["reminder:24h"] is OutboxState.CANCELLED

    come_back(session, person_id=team.chi.id, now=NOW)

    after = states(session, forecast)
    assert after["reminder:24h"] is OutboxState.PENDING
    assert after["reminder:2h"] is OutboxState.PENDING
    # The DM was never edited to "excused", so it still stands and needs no new nudge.
    assert after["excused"] is OutboxState.CANCELLED
    assert not any(key.startswith("open:back") for key in after)


def test_back_after_the_dm_was_marked_excused_sends_a_fresh_nudge(
    session: Session, team: Team
) -> None:
    forecast = open_item(session, Kind.FORECAST, team.chi)
    declare_away(session, person_id=team.chi.id, starts_on=WEEK, ends_on=FRIDAY, now=NOW)
    messages(session, forecast)["excused"].state = OutboxState.SENT
    session.flush()

    come_back(session, person_id=team.chi.id, now=NOW)

    fresh = [row for key, row in messages(session, forecast).items() if key.startswith("open:back")]
    assert [(row.state, row.send_after, row.recipient_id) for row in fresh] == [
        (OutboxState.PENDING, NOW, team.chi.id)
    ]


def test_back_leaves_time_off_from_the_config_alone(session: Session, team: Team) -> None:
    session.add(
        TimeOff(
            person_id=team.chi.id,
            starts_on=WEEK,
            ends_on=FRIDAY,
            source=TimeOffSource.CONFIG,
            reason="parental leave",
        )
    )
    session.flush()

    assert come_back(session, person_id=team.chi.id, now=NOW) is None
    assert session.scalars(select(TimeOff.ends_on)).one() == FRIDAY


@given(st.dates(), st.dates(), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_time_off_declared_in_slack_is_bounded_by_a_year_either_way(
    starts_on: date, ends_on: date, today: date
) -> None:
    problem = away_problem(starts_on, ends_on, today=today)

    if problem is None:
        assert today <= ends_on <= today + FURTHEST_AHEAD
        assert timedelta(0) <= ends_on - starts_on <= LONGEST_ABSENCE


def test_back_in_the_evening_the_fresh_nudge_waits_for_the_morning(
    session: Session, team: Team
) -> None:
    # 21:00 on Wednesday in Chicago: the fresh nudge goes at 08:00 on Thursday, not now.
    forecast = open_item(session, Kind.FORECAST, team.chi)
    declare_away(session, person_id=team.chi.id, starts_on=WEEK, ends_on=FRIDAY, now=NOW)
    messages(session, forecast)["excused"].state = OutboxState.SENT
    session.flush()
    evening = NOW + timedelta(hours=12)

    come_back(session, person_id=team.chi.id, now=evening)

    fresh = [row for key, row in messages(session, forecast).items() if key.startswith("open:back")]
    assert [row.send_after for row in fresh] == [datetime(2026, 12, 3, 14, 0, tzinfo=UTC)]
