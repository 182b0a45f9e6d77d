"""What a queued message needs to be written: its occurrence, the people, the submission."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from bot.domain.cadence import Kind
from bot.persistence.models import (
    ActivitySubmission,
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    Person,
    TeamMeetingNote,
)


def occurrence(session: Session, occurrence_id: int) -> Occurrence | None:
    """The occurrence with its cadence and people; no query when the session already holds it."""
    return session.get(
        Occurrence,
        occurrence_id,
        options=[
            joinedload(Occurrence.cadence),
            joinedload(Occurrence.subject),
            joinedload(Occurrence.counterpart),
        ],
    )


def person(session: Session, person_id: int | None) -> Person | None:
    return session.get(Person, person_id) if person_id is not None else None


def latest_submission_id(session: Session, occurrence_id: int, kind: Kind) -> int | None:
    """The submission a done message's Edit button opens; None for kinds with nothing to edit."""
    model: type[ForecastSubmission | ActivitySubmission | OneOnOneNote | TeamMeetingNote]
    match kind:
        case Kind.FORECAST:
            model = ForecastSubmission
        case Kind.ACTIVITY:
            model = ActivitySubmission
        case Kind.ONE_ON_ONE:
            model = OneOnOneNote
        case Kind.TEAM_MEETING:
            model = TeamMeetingNote
        case _:
            return None
    found = session.scalar(select(func.max(model.id)).where(model.occurrence_id == occurrence_id))
    return int(found) if found is not None else None
