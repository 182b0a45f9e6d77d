"""The closer ends every window: missed, or excused where that is only fair, and nudges stop."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.domain.occurrence import OccurrenceStatus
from bot.persistence.models import Occurrence, OutboxState, TimeOff, TimeOffSource
from bot.services.closer import close
from bot.services.planner import plan
from tests.seeds.synced import (
    SUNDAY,
    messages_of,
    occurrence,
    org,
    pending,
    person_id,
    synced,
    without,
)

# The Monday after WEEK, 09:00 in Chicago: this week's forecasts and 1:1s have closed.
NEXT_MONDAY = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def planned(session: Session) -> None:
    plan(session, synced(session, org()), now=SUNDAY)


def delivered(session: Session, occ: Occurrence, key: str = "open") -> None:
    """The dispatcher sent this nudge when it was due."""
    message = messages_of(session, occ)[key]
    message.state, message.sent_at = OutboxState.SENT, message.send_after
    session.flush()


def test_a_forecast_never_submitted_is_missed_and_its_nudges_stop(session: Session) -> None:
    planned(session)
    delivered(session, occurrence(session, "weekly-forecast", "chi@acme.example"))

    report = close(session, now=NEXT_MONDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.status is OccurrenceStatus.MISSED
    assert pending(session, forecast) == set()
    unsent = [m for m in messages_of(session, forecast).values() if m.state is not OutboxState.SENT]
    assert {m.error for m in unsent} == {"occurrence missed"}
    assert report.missed > 0 and report.messages_cancelled > 0


def test_an_occurrence_still_open_is_left_alone(session: Session) -> None:
    planned(session)

    close(session, now=datetime(2026, 12, 3, 12, 0, tzinfo=UTC))  # Thursday: forecast overdue

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.status is OccurrenceStatus.SCHEDULED
    assert "reminder:24h" in pending(session, forecast)


def test_time_off_declared_in_slack_after_planning_excuses_instead_of_missing(
    session: Session,
) -> None:
    planned(session)
    due_day = date(2026, 12, 2)
    session.add(
        TimeOff(
            person_id=person_id(session, "kol@acme.example"),
            starts_on=due_day,
            ends_on=due_day,
            source=TimeOffSource.SLACK,
            reason="sick",
        )
    )

    delivered(session, occurrence(session, "weekly-forecast", "chi@acme.example"))

    close(session, now=NEXT_MONDAY)

    forecast = occurrence(session, "weekly-forecast", "kol@acme.example")
    assert (forecast.status, forecast.excused_reason) == (OccurrenceStatus.EXCUSED, "time off")
    assert occurrence(session, "weekly-forecast", "chi@acme.example").status is (
        OccurrenceStatus.MISSED
    )


def test_a_1on1_with_a_rep_away_on_the_due_day_is_excused(session: Session) -> None:
    planned(session)
    session.add(
        TimeOff(
            person_id=person_id(session, "ann@acme.example"),
            starts_on=date(2026, 12, 4),
            ends_on=date(2026, 12, 4),
            source=TimeOffSource.SLACK,
            reason="sick",
        )
    )

    close(session, now=NEXT_MONDAY)

    one_on_one = occurrence(session, "rep-1on1", "chi@acme.example", counterpart="ann@acme.example")
    assert one_on_one.excused_reason == "counterpart time off"


def test_someone_who_left_before_the_window_closed_is_excused(session: Session) -> None:
    planned(session)
    # Deactivated by a sync, but not re-planned before the window closed.
    synced(session, without(org(), "chi@acme.example"))

    close(session, now=NEXT_MONDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert (forecast.status, forecast.excused_reason) == (
        OccurrenceStatus.EXCUSED,
        "left the roster",
    )


def test_a_done_occurrence_keeps_its_state_and_loses_its_pending_reminders(
    session: Session,
) -> None:
    planned(session)
    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    forecast.status = OccurrenceStatus.DONE_ON_TIME
    forecast.completed_at = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    session.flush()

    close(session, now=datetime(2026, 11, 30, 16, 5, tzinfo=UTC))

    assert forecast.status is OccurrenceStatus.DONE_ON_TIME
    nudges = messages_of(session, forecast).values()
    assert {(m.state, m.error) for m in nudges} == {
        (OutboxState.CANCELLED, "occurrence done_on_time")
    }


def test_closing_twice_changes_nothing_more(session: Session) -> None:
    planned(session)
    close(session, now=NEXT_MONDAY)

    again = close(session, now=NEXT_MONDAY)

    assert (again.missed, again.excused, again.messages_cancelled) == (0, 0, 0)


def test_an_occurrence_whose_nudges_never_reached_the_person_is_not_nudged_not_missed(
    session: Session,
) -> None:
    planned(session)  # the bot was down all week: nothing was ever sent

    report = close(session, now=NEXT_MONDAY)

    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    assert forecast.status is OccurrenceStatus.NOT_NUDGED
    assert report.not_nudged > 0 and report.missed == 0
    assert pending(session, forecast) == set()


def test_a_reminder_that_got_through_before_due_counts_as_a_nudge(session: Session) -> None:
    planned(session)
    delivered(session, occurrence(session, "weekly-forecast", "chi@acme.example"), "reminder:2h")

    close(session, now=NEXT_MONDAY)

    assert occurrence(session, "weekly-forecast", "chi@acme.example").status is (
        OccurrenceStatus.MISSED
    )


def test_a_nudge_delivered_only_after_the_due_time_leaves_it_not_nudged(
    session: Session,
) -> None:
    planned(session)
    forecast = occurrence(session, "weekly-forecast", "chi@acme.example")
    message = messages_of(session, forecast)["open"]
    message.state, message.sent_at = OutboxState.SENT, forecast.due_at  # Slack was out till then
    session.flush()

    close(session, now=NEXT_MONDAY)

    assert forecast.status is OccurrenceStatus.NOT_NUDGED
