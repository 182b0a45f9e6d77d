"""Recording forecasts, 1:1 and team-meeting notes and activities closes the item, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import OccurrenceStatus, SolutionType
from bot.domain.submissions import (
    ActionItemInput,
    ActionItemOwner,
    ActivityInput,
    Focus,
    ForecastInput,
    OneOnOneInput,
    TeamMeetingInput,
)
from bot.persistence.models import (
    ActivitySubmission,
    ForecastSubmission,
    OneOnOneNote,
    OutboxMessage,
    OutboxState,
    TeamMeetingNote,
)
from bot.services.errors import EditConflict, InvalidSubmission, NotAllowed
from bot.services.note_history import one_on_one_versions, team_meeting_versions
from bot.services.submissions import (
    record_activity,
    record_forecast,
    record_one_on_one,
    record_team_meeting,
)
from tests.seeds.team import NOW, Team, messages, open_item, seed_team, states

FORECAST = ForecastInput(
    commit=Decimal(100_000), best_case=Decimal(150_000), pipeline=Decimal(400_000)
)


@pytest.fixture
def team(session: Session) -> Team:
    return seed_team(session)


def one_on_one(rep: str = "ann@acme.example", **changes: object) -> OneOnOneInput:
    fields: dict[str, object] = {
        "rep": rep,
        "held_on": date(2026, 12, 1),
        "topics": "Pipeline hygiene",
        "solution": SolutionType.COACHING,
        "focus": Focus.SKILL,
        "focus_detail": "discovery questions",
        "action_items": (
            ActionItemInput(ActionItemOwner.REP, "Clean up stale deals", date(2026, 12, 4)),
            ActionItemInput(ActionItemOwner.MANAGER, "Join the Globex call"),
        ),
    }
    return OneOnOneInput(**(fields | changes))  # type: ignore[arg-type]


def test_a_forecast_on_time_closes_the_item_and_its_reminders(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)

    recorded = record_forecast(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        input=FORECAST,
        currency="USD",
        now=NOW,
    )

    forecast = session.get(ForecastSubmission, recorded.submission_id)
    assert forecast is not None
    assert (forecast.version, forecast.commit, forecast.currency) == (1, Decimal(100_000), "USD")
    assert item.status is OccurrenceStatus.DONE_ON_TIME
    assert (item.completed_at, item.completed_by_id) == (NOW, team.chi.id)
    assert states(session, item) == {
        "open": OutboxState.SENT,
        "reminder:24h": OutboxState.CANCELLED,
        "reminder:2h": OutboxState.CANCELLED,
        "done:1": OutboxState.PENDING,
    }
    assert messages(session, item)["done:1"].purpose == "done_update"


def test_a_forecast_after_the_due_time_is_done_late(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)
    after_due = item.due_at + timedelta(minutes=1)

    record_forecast(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        input=FORECAST,
        currency="USD",
        now=after_due,
    )

    assert item.status is OccurrenceStatus.DONE_LATE


def test_editing_a_forecast_keeps_every_version_and_the_first_completion(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)
    record_forecast(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        input=FORECAST,
        currency="USD",
        now=NOW,
    )
    revised = ForecastInput(
        commit=Decimal(90_000), best_case=Decimal(150_000), pipeline=Decimal(400_000)
    )
    later = item.due_at + timedelta(days=1)

    second = record_forecast(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        input=revised,
        currency="USD",
        now=later,
    )

    versions = session.scalars(
        select(ForecastSubmission.commit)
        .where(ForecastSubmission.occurrence_id == item.id)
        .order_by(ForecastSubmission.version)
    ).all()
    assert versions == [Decimal(100_000), Decimal(90_000)]
    assert second.version == 2
    assert (item.status, item.completed_at) == (OccurrenceStatus.DONE_ON_TIME, NOW)
    assert {"done:1", "done:2"} <= set(states(session, item))


def test_nobody_submits_someone_elses_forecast(session: Session, team: Team) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)

    with pytest.raises(NotAllowed):
        record_forecast(
            session,
            occurrence_id=item.id,
            person_id=team.kol.id,
            input=FORECAST,
            currency="USD",
            now=NOW,
        )

    assert session.scalars(select(ForecastSubmission)).all() == []
    assert item.status is OccurrenceStatus.OPEN


def test_an_inverted_forecast_is_refused_even_without_the_form(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.FORECAST, team.chi)
    inverted = ForecastInput(commit=Decimal(5), best_case=Decimal(4), pipeline=Decimal(10))

    with pytest.raises(InvalidSubmission):
        record_forecast(
            session,
            occurrence_id=item.id,
            person_id=team.chi.id,
            input=inverted,
            currency="USD",
            now=NOW,
        )

    assert item.status is OccurrenceStatus.OPEN


def test_a_1on1_is_saved_with_its_action_items_and_the_rep_gets_a_summary(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)

    recorded = record_one_on_one(
        session, manager_id=team.chi.id, input=one_on_one(), now=NOW, occurrence_id=item.id
    )

    note = session.get(OneOnOneNote, recorded.submission_id)
    assert note is not None
    assert (note.rep_id, note.solution_type, note.version) == (
        team.ann.id,
        SolutionType.COACHING,
        1,
    )
    assert [(i.owner_id, i.text) for i in note.action_items] == [
        (team.ann.id, "Clean up stale deals"),
        (team.chi.id, "Join the Globex call"),
    ]
    assert item.status is OccurrenceStatus.DONE_ON_TIME
    summary = session.scalars(
        select(OutboxMessage).where(OutboxMessage.purpose == "one_on_one_summary")
    ).one()
    assert summary.recipient_id == team.ann.id
    assert summary.payload == {"note_id": note.id}
    assert (note.focus, note.focus_detail) == (Focus.SKILL, "discovery questions")
    assert states(session, item)["reminder:2h"] is OutboxState.CANCELLED


def test_a_manager_cannot_log_a_1on1_with_someone_elses_rep(session: Session, team: Team) -> None:
    with pytest.raises(NotAllowed, match="your own reps"):
        record_one_on_one(
            session, manager_id=team.chi.id, input=one_on_one(rep="raj@acme.example"), now=NOW
        )

    assert session.scalars(select(OneOnOneNote)).all() == []


def test_a_planned_1on1_is_logged_for_its_own_rep(session: Session, team: Team) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)

    with pytest.raises(NotAllowed, match="with Ann Rep"):
        record_one_on_one(
            session,
            manager_id=team.chi.id,
            input=one_on_one(rep="bob@acme.example"),
            now=NOW,
            occurrence_id=item.id,
        )


def test_an_ad_hoc_1on1_needs_no_planned_item(session: Session, team: Team) -> None:
    recorded = record_one_on_one(session, manager_id=team.chi.id, input=one_on_one(), now=NOW)

    assert recorded.status is None
    note = session.get(OneOnOneNote, recorded.submission_id)
    assert note is not None and note.occurrence_id is None
    purposes = session.scalars(select(OutboxMessage.purpose)).all()
    assert purposes == ["one_on_one_summary"]


def test_editing_a_1on1_twice_keeps_every_version_and_resends_the_summary(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)
    first = record_one_on_one(
        session, manager_id=team.chi.id, input=one_on_one(), now=NOW, occurrence_id=item.id
    )
    record_one_on_one(
        session,
        manager_id=team.chi.id,
        input=one_on_one(topics="Pricing", focus_detail="objection handling", action_items=()),
        now=NOW + timedelta(hours=1),
        occurrence_id=item.id,
        base_version=1,
    )
    third = record_one_on_one(
        session,
        manager_id=team.chi.id,
        input=one_on_one(
            topics="Pricing and discounts",
            focus=Focus.MINDSET,
            focus_detail=None,
            action_items=(ActionItemInput(ActionItemOwner.MANAGER, "Send the price book"),),
        ),
        now=NOW + timedelta(hours=2),
        occurrence_id=item.id,
        base_version=2,
    )

    note = session.scalars(select(OneOnOneNote)).one()
    assert (note.id, note.version, note.topics, note.focus_detail) == (
        third.submission_id,
        3,
        "Pricing and discounts",
        None,
    )
    assert [(i.owner_id, i.text) for i in note.action_items] == [
        (team.chi.id, "Send the price book")
    ]
    versions = one_on_one_versions(session, note.id)
    assert [(v.version, v.saved_by_id, v.saved_at) for v in versions] == [
        (1, team.chi.id, NOW),
        (2, team.chi.id, NOW + timedelta(hours=1)),
        (3, team.chi.id, NOW + timedelta(hours=2)),
    ]
    assert [(v.topics, v.focus, v.focus_detail) for v in versions] == [
        ("Pipeline hygiene", Focus.SKILL, "discovery questions"),
        ("Pricing", Focus.SKILL, "objection handling"),
        ("Pricing and discounts", Focus.MINDSET, None),
    ]
    assert [[(i.owner_id, i.text, i.due_on) for i in v.action_items] for v in versions] == [
        [
            (team.ann.id, "Clean up stale deals", date(2026, 12, 4)),
            (team.chi.id, "Join the Globex call", None),
        ],
        [],
        [(team.chi.id, "Send the price book", None)],
    ]
    assert versions[0].solution is SolutionType.COACHING
    assert versions[0].held_on == date(2026, 12, 1)
    assert first.submission_id == note.id
    summaries = session.scalars(
        select(OutboxMessage.dedupe_key).where(OutboxMessage.purpose == "one_on_one_summary")
    ).all()
    assert sorted(summaries) == [f"note:{note.id}:summary:{n}" for n in (1, 2, 3)]


def test_an_edit_from_a_form_opened_before_another_save_is_refused_and_saves_nothing(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)
    record_one_on_one(
        session, manager_id=team.chi.id, input=one_on_one(), now=NOW, occurrence_id=item.id
    )
    # Two forms were opened on version 1; the first one saved version 2.
    record_one_on_one(
        session,
        manager_id=team.chi.id,
        input=one_on_one(topics="Pricing"),
        now=NOW,
        occurrence_id=item.id,
        base_version=1,
    )
    outbox_before = len(session.scalars(select(OutboxMessage)).all())

    with pytest.raises(EditConflict, match="Someone saved this note after you opened it"):
        record_one_on_one(
            session,
            manager_id=team.chi.id,
            input=one_on_one(topics="Stale"),
            now=NOW,
            occurrence_id=item.id,
            base_version=1,
        )
    # A form opened before the note existed is as stale.
    with pytest.raises(EditConflict):
        record_one_on_one(
            session,
            manager_id=team.chi.id,
            input=one_on_one(topics="Also stale"),
            now=NOW,
            occurrence_id=item.id,
        )

    note = session.scalars(select(OneOnOneNote)).one()
    assert (note.version, note.topics) == (2, "Pricing")
    assert [v.topics for v in one_on_one_versions(session, note.id)] == [
        "Pipeline hygiene",
        "Pricing",
    ]
    assert len(session.scalars(select(OutboxMessage)).all()) == outbox_before


def test_a_save_that_lost_a_race_with_another_save_is_refused(session: Session, team: Team) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)
    saved = record_one_on_one(
        session, manager_id=team.chi.id, input=one_on_one(), now=NOW, occurrence_id=item.id
    )
    # This process holds the note as it read it (version 1) while another one saves it.
    read_before = session.get(OneOnOneNote, saved.submission_id)
    session.execute(text("UPDATE one_on_one_notes SET version = version + 1"))
    assert read_before is not None and read_before.version == 1

    with pytest.raises(EditConflict):
        record_one_on_one(
            session,
            manager_id=team.chi.id,
            input=one_on_one(topics="Pricing"),
            now=NOW,
            occurrence_id=item.id,
            base_version=1,
        )


def test_team_meeting_notes_record_who_came_and_every_version_is_kept(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.TEAM_MEETING, team.chi)
    meeting = TeamMeetingInput(
        held_on=date(2026, 12, 1),
        attendees=("ann@acme.example", "bob@acme.example"),
        agenda_covered=("Wins",),
        decisions="Weekly deal desk",
    )

    record_team_meeting(
        session, occurrence_id=item.id, person_id=team.chi.id, input=meeting, now=NOW
    )
    edited = record_team_meeting(
        session,
        occurrence_id=item.id,
        person_id=team.chi.id,
        input=TeamMeetingInput(held_on=date(2026, 12, 1), attendees=("ann@acme.example",)),
        now=NOW,
        base_version=1,
    )

    note = session.scalars(select(TeamMeetingNote)).one()
    assert (note.attendees, note.agenda_covered, note.version) == ([team.ann.id], [], 2)
    versions = team_meeting_versions(session, note.id)
    assert [(v.version, v.attendees, v.agenda_covered, v.decisions) for v in versions] == [
        (1, (team.ann.id, team.bob.id), ("Wins",), "Weekly deal desk"),
        (2, (team.ann.id,), (), None),
    ]
    assert edited.status is OccurrenceStatus.DONE_ON_TIME
    assert {"done:1", "done:2"} <= set(states(session, item))


def test_a_stale_team_meeting_edit_is_refused(session: Session, team: Team) -> None:
    item = open_item(session, Kind.TEAM_MEETING, team.chi)
    meeting = TeamMeetingInput(held_on=date(2026, 12, 1), attendees=("ann@acme.example",))
    record_team_meeting(
        session, occurrence_id=item.id, person_id=team.chi.id, input=meeting, now=NOW
    )

    with pytest.raises(EditConflict):
        record_team_meeting(
            session, occurrence_id=item.id, person_id=team.chi.id, input=meeting, now=NOW
        )

    note = session.scalars(select(TeamMeetingNote)).one()
    assert [v.version for v in team_meeting_versions(session, note.id)] == [1]


def test_activity_answers_are_versioned_and_keep_every_digit(session: Session, team: Team) -> None:
    item = open_item(session, Kind.ACTIVITY, team.chi)

    for deals in ("3", "4.50"):
        answers = ActivityInput({"deals": Decimal(deals), "notes": None})
        record_activity(
            session, occurrence_id=item.id, person_id=team.chi.id, input=answers, now=NOW
        )

    stored = session.scalars(
        select(ActivitySubmission.answers).order_by(ActivitySubmission.version)
    ).all()
    assert stored == [{"deals": "3", "notes": None}, {"deals": "4.50", "notes": None}]
    assert item.status is OccurrenceStatus.DONE_ON_TIME


def test_a_form_of_another_kind_cannot_close_an_item(session: Session, team: Team) -> None:
    item = open_item(session, Kind.TEAM_MEETING, team.chi)

    with pytest.raises(NotAllowed):
        record_activity(
            session, occurrence_id=item.id, person_id=team.chi.id, input=ActivityInput(), now=NOW
        )


def test_a_1on1_logged_without_its_item_closes_the_open_1on1_with_that_rep(
    session: Session, team: Team
) -> None:
    item = open_item(session, Kind.ONE_ON_ONE, team.chi, counterpart=team.ann)

    recorded = record_one_on_one(session, manager_id=team.chi.id, input=one_on_one(), now=NOW)

    note = session.get(OneOnOneNote, recorded.submission_id)
    assert note is not None and note.occurrence_id == item.id
    assert item.status is OccurrenceStatus.DONE_ON_TIME


def test_the_reps_summary_of_a_1on1_logged_in_their_evening_waits_for_their_morning(
    session: Session, team: Team
) -> None:
    # NOW is 20:30 in Kolkata (+05:30), after Raj's working hours: 08:00 there on Thursday.
    recorded = record_one_on_one(
        session, manager_id=team.kol.id, input=one_on_one(rep="raj@acme.example"), now=NOW
    )

    summary = session.scalars(
        select(OutboxMessage).where(OutboxMessage.purpose == MessagePurpose.ONE_ON_ONE_SUMMARY)
    ).one()
    assert summary.recipient_id == team.raj.id
    assert summary.send_after == datetime(2026, 12, 3, 2, 30, tzinfo=UTC)
    assert recorded.submission_id is not None


def test_the_reps_summary_of_a_1on1_logged_in_their_working_hours_goes_at_once(
    session: Session, team: Team
) -> None:
    # NOW is 09:00 in Chicago, where Ann works.
    record_one_on_one(session, manager_id=team.chi.id, input=one_on_one(), now=NOW)

    summary = session.scalars(
        select(OutboxMessage).where(OutboxMessage.purpose == MessagePurpose.ONE_ON_ONE_SUMMARY)
    ).one()
    assert summary.send_after == NOW
