"""What a person sees about themselves: open items and adherence; a leader sees their managers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.occurrence import OccurrenceStatus, SkipReason
from bot.services.my_status import my_status
from tests.seeds.team import NOW, WEEK, Team, open_item, operating_system, seed_team


@pytest.fixture
def team(session: Session) -> Team:
    return seed_team(session)


def history(session: Session, team: Team) -> None:
    """chi: three past weeks (on time, missed, skipped) and this week's open forecast."""
    for weeks_ago, status in ((1, OccurrenceStatus.MISSED), (2, OccurrenceStatus.SKIPPED)):
        item = open_item(
            session, Kind.FORECAST, team.chi, period_start=WEEK - timedelta(weeks=weeks_ago)
        )
        item.status, item.skip_reason = status, SkipReason.OTHER if weeks_ago == 2 else None
    done = open_item(session, Kind.FORECAST, team.chi, period_start=WEEK - timedelta(weeks=3))
    done.status, done.completed_at = OccurrenceStatus.DONE_ON_TIME, done.due_at
    open_item(session, Kind.FORECAST, team.chi)
    open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)
    session.flush()


def test_a_manager_sees_open_items_and_adherence_by_week(session: Session, team: Team) -> None:
    history(session, team)

    status = my_status(session, person_id=team.chi.id, operating_system=operating_system(), now=NOW)

    assert [(i.title, i.counterpart_name) for i in status.open_items] == [
        ("Weekly forecast", None),
        ("Weekly 1:1", "Ann Rep"),
    ]
    assert [w for w, _ in status.weeks] == [WEEK - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    rates = [summary.rate for _, summary in status.weeks]
    assert rates == [1.0, None, 0.0, None]
    assert status.this_week.pending == 2
    assert status.team is None


def test_a_rep_sees_their_coaching_pulse_about_their_manager(session: Session, team: Team) -> None:
    open_item(session, Kind.COACHING_PULSE, team.ann)

    status = my_status(session, person_id=team.ann.id, operating_system=operating_system(), now=NOW)

    assert [(i.kind, i.counterpart_name) for i in status.open_items] == [
        (Kind.COACHING_PULSE, "Chi Manager")
    ]


def test_a_leader_sees_each_managers_adherence_and_forecast(session: Session, team: Team) -> None:
    history(session, team)
    kol_forecast = open_item(session, Kind.FORECAST, team.kol)
    kol_forecast.status, kol_forecast.completed_at = OccurrenceStatus.DONE_LATE, NOW

    status = my_status(
        session, person_id=team.lead.id, operating_system=operating_system(), now=NOW
    )

    assert status.team is not None
    lines = {
        m.name: (m.summary.on_time, m.summary.missed, m.forecast_submitted) for m in status.team
    }
    assert lines == {"Chi Manager": (1, 1, False), "Kol Manager": (0, 0, True)}
