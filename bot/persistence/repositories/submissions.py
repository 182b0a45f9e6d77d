"""Queries about submissions: the versions of a forecast, an activity or a meeting note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from bot.persistence.models import (
    ActivitySubmission,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    OneOnOneNoteRevision,
    TeamMeetingNote,
    TeamMeetingNoteRevision,
)

Revision = TypeVar("Revision", OneOnOneNoteRevision, TeamMeetingNoteRevision)


def next_forecast_version(session: Session, occurrence_id: int) -> int:
    return _next_version(session, ForecastSubmission, occurrence_id)


# Built once (building costs more than running): it follows every `/cadence forecast`.
_LATEST_FORECAST_OF = (
    select(ForecastSubmission)
    .join(Occurrence, Occurrence.id == ForecastSubmission.occurrence_id)
    .where(
        Occurrence.subject_id == bindparam("subject_id"),
        Occurrence.cadence_id == bindparam("cadence_id"),
        Occurrence.period_start <= bindparam("up_to"),
    )
    .order_by(Occurrence.period_start.desc(), ForecastSubmission.version.desc())
    .limit(1)
)


def latest_forecast_of(
    session: Session, *, subject_id: int, cadence_id: str, up_to: date
) -> ForecastSubmission | None:
    """The subject's latest forecast of this cadence, for a period starting by ``up_to``."""
    return session.scalar(
        _LATEST_FORECAST_OF, {"subject_id": subject_id, "cadence_id": cadence_id, "up_to": up_to}
    )


def next_activity_version(session: Session, occurrence_id: int) -> int:
    return _next_version(session, ActivitySubmission, occurrence_id)


def activity_versions(session: Session, occurrence_id: int) -> Sequence[ActivitySubmission]:
    return session.scalars(
        select(ActivitySubmission)
        .where(ActivitySubmission.occurrence_id == occurrence_id)
        .order_by(ActivitySubmission.version)
    ).all()


def one_on_one_note(
    session: Session, *, occurrence_id: int | None = None, note_id: int | None = None
) -> OneOnOneNote | None:
    """The note of a 1:1 occurrence, or (for an ad hoc 1:1) the note with this id."""
    query = select(OneOnOneNote).options(selectinload(OneOnOneNote.action_items))
    if occurrence_id is not None:
        return session.scalar(query.where(OneOnOneNote.occurrence_id == occurrence_id))
    if note_id is not None:
        return session.scalar(query.where(OneOnOneNote.id == note_id))
    return None


def team_meeting_note(session: Session, occurrence_id: int) -> TeamMeetingNote | None:
    return session.scalar(
        select(TeamMeetingNote).where(TeamMeetingNote.occurrence_id == occurrence_id)
    )


def _next_version(
    session: Session, model: type[ForecastSubmission | ActivitySubmission], occurrence_id: int
) -> int:
    latest = session.scalar(
        select(func.max(model.version)).where(model.occurrence_id == occurrence_id)
    )
    return (latest or 0) + 1


def _revisions(session: Session, model: type[Revision], note_id: int) -> Sequence[Revision]:
    return session.scalars(
        select(model).where(model.note_id == note_id).order_by(model.version)
    ).all()


def one_on_one_revisions(session: Session, note_id: int) -> Sequence[OneOnOneNoteRevision]:
    return _revisions(session, OneOnOneNoteRevision, note_id)


def team_meeting_revisions(session: Session, note_id: int) -> Sequence[TeamMeetingNoteRevision]:
    return _revisions(session, TeamMeetingNoteRevision, note_id)
