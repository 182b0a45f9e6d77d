"""The export's queries: each table a stream of rows, ``BATCH`` rows in memory at a time.

Columns are labelled with the names the CSV files use; instants end in ``_utc`` and a
``timezone`` column says whose wall clock they are also shown in. Coaching ratings are read
without their comments: the export never shows a rep's words or an individual answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    JSON,
    CompoundSelect,
    Result,
    Select,
    Text,
    case,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from bot.domain.coaching import RepRating
from bot.persistence.models import (
    ActionItem,
    Cadence,
    CoachingRating,
    ForecastActual,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    Person,
    TeamMeetingNote,
)

# A result of any shape: the export reads its columns by the labels below.
Rows = Result[*tuple[Any, ...]]

# Rows fetched per round trip; on PostgreSQL yield_per also streams with a server-side cursor.
BATCH = 1000


def _stream(
    session: Session, statement: Select[*tuple[Any, ...]] | CompoundSelect[*tuple[Any, ...]]
) -> Rows:
    return session.execute(statement.execution_options(yield_per=BATCH))


def occurrences(session: Session) -> Rows:
    o, subject, counterpart = Occurrence, aliased(Person), aliased(Person)
    return _stream(
        session,
        select(
            o.id.label("occurrence_id"),
            o.cadence_id.label("cadence"),
            Cadence.kind,
            subject.email.label("subject"),
            counterpart.email.label("counterpart"),
            o.period_start,
            o.tz.label("timezone"),
            o.opens_at.label("opens_utc"),
            o.due_at.label("due_utc"),
            o.closes_at.label("closes_utc"),
            o.status,
            o.skip_reason,
            o.skip_note,
            o.excused_reason,
            o.completed_at.label("completed_utc"),
        )
        .join(Cadence, o.cadence_id == Cadence.id)
        .join(subject, o.subject_id == subject.id)
        .outerjoin(counterpart, o.counterpart_id == counterpart.id)
        .order_by(o.period_start, o.id),
    )


def forecast_submissions(session: Session) -> Rows:
    f, manager, submitter = ForecastSubmission, aliased(Person), aliased(Person)
    return _stream(
        session,
        select(
            f.occurrence_id,
            Occurrence.cadence_id.label("cadence"),
            manager.email.label("manager"),
            Occurrence.period_start,
            f.version,
            f.commit,
            f.best_case,
            f.pipeline,
            f.currency,
            f.changes,
            f.key_deals,
            f.risks,
            submitter.email.label("submitted_by"),
            submitter.timezone,
            f.submitted_at.label("submitted_utc"),
        )
        .join(Occurrence, f.occurrence_id == Occurrence.id)
        .join(manager, Occurrence.subject_id == manager.id)
        .join(submitter, f.submitted_by_id == submitter.id)
        .order_by(Occurrence.period_start, f.occurrence_id, f.version),
    )


def meeting_notes(session: Session) -> Rows:
    """1:1 and team-meeting notes (their current version) in one table; ``attendees`` is a
    list of person ids."""
    one, team, manager, rep = OneOnOneNote, TeamMeetingNote, aliased(Person), aliased(Person)
    one_on_ones = (
        select(
            literal("one_on_one").label("meeting"),
            one.id.label("note_id"),
            one.version,
            one.occurrence_id,
            manager.email.label("manager"),
            rep.email.label("rep"),
            one.held_on,
            one.topics,
            one.performance_issue,
            one.solution_type,
            one.focus,
            one.focus_detail,
            one.next_meeting_on,
            # Typed: the first SELECT of a UNION decides how each column is read back.
            type_coerce(null(), JSON).label("attendees"),
            type_coerce(null(), JSON).label("agenda_covered"),
            type_coerce(null(), Text).label("notes"),
            type_coerce(null(), Text).label("decisions"),
            manager.timezone,
            one.submitted_at.label("saved_utc"),
        )
        .join(manager, one.manager_id == manager.id)
        .join(rep, one.rep_id == rep.id)
    )
    team_meetings = select(
        literal("team_meeting"),
        team.id,
        team.version,
        team.occurrence_id,
        Person.email,
        null(),
        team.held_on,
        null(),
        null(),
        null(),
        null(),
        null(),
        null(),
        team.attendees,
        team.agenda_covered,
        team.notes,
        team.decisions,
        Person.timezone,
        team.submitted_at,
    ).join(Person, team.manager_id == Person.id)
    both = union_all(one_on_ones, team_meetings).subquery()
    return _stream(session, select(both).order_by(both.c.held_on, both.c.meeting, both.c.note_id))


def action_items(session: Session) -> Rows:
    item, owner, manager, rep = ActionItem, aliased(Person), aliased(Person), aliased(Person)
    return _stream(
        session,
        select(
            item.id.label("action_item_id"),
            item.one_on_one_note_id.label("note_id"),
            OneOnOneNote.held_on,
            manager.email.label("manager"),
            rep.email.label("rep"),
            owner.email.label("owner"),
            item.text,
            item.due_on,
            case((item.done_at.is_(None), "open"), else_="done").label("status"),
            owner.timezone,
            item.done_at.label("done_utc"),
        )
        .join(OneOnOneNote, item.one_on_one_note_id == OneOnOneNote.id)
        .join(manager, OneOnOneNote.manager_id == manager.id)
        .join(rep, OneOnOneNote.rep_id == rep.id)
        .join(owner, item.owner_id == owner.id)
        .order_by(OneOnOneNote.held_on, item.id),
    )


def actuals(session: Session) -> Rows:
    actual = ForecastActual
    return _stream(
        session,
        select(
            Person.email.label("manager"),
            actual.period,
            actual.period_start,
            actual.period_end,
            actual.amount,
            actual.source,
            actual.imported_at.label("imported_utc"),
        )
        .join(Person, actual.manager_id == Person.id)
        .order_by(actual.period_start, Person.email),
    )


def ratings_by_period(session: Session) -> Iterator[RepRating]:
    """Every rating in period order, answers only: comments are never read here."""
    rep, manager = aliased(Person), aliased(Person)
    rows = _stream(
        session,
        select(
            rep.email,
            manager.email,
            CoachingRating.period_start,
            CoachingRating.received_coaching,
            CoachingRating.usefulness,
        )
        .join(rep, CoachingRating.rep_id == rep.id)
        .join(manager, CoachingRating.manager_id == manager.id)
        .order_by(CoachingRating.period_start),
    )
    for rep_email, manager_email, period_start, received, usefulness in rows:
        yield RepRating(rep_email, manager_email, period_start, received, usefulness)
