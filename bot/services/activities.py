"""Recording the answers to a custom activity: a new version each time, every version kept."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind
from bot.domain.submissions import ActivityInput, Answer
from bot.persistence.models import ActivitySubmission
from bot.persistence.repositories import submissions
from bot.services.outcomes import Recorded, mark_done, own_occurrence


def record_activity(
    session: Session, *, occurrence_id: int, person_id: int, input: ActivityInput, now: datetime
) -> Recorded:
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds={Kind.ACTIVITY}
    )
    version = submissions.next_activity_version(session, occurrence.id)
    answers = ActivitySubmission(
        occurrence_id=occurrence.id,
        version=version,
        answers={question: _json(answer) for question, answer in input.answers.items()},
        submitted_by_id=person_id,
        submitted_at=now,
    )
    session.add(answers)
    session.flush()
    mark_done(
        session,
        occurrence,
        by_id=person_id,
        now=now,
        submission_key=str(version),
    )
    return Recorded(answers.id, version, occurrence.status)


def _json(answer: Answer) -> Any:
    """Numbers as strings keep every digit; dates in ISO form."""
    if isinstance(answer, Decimal):
        return str(answer)
    if isinstance(answer, date):
        return answer.isoformat()
    return answer
