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
from bot.services.outcomes import Recorded, own_occurrence, record_submission


def record_activity(
    session: Session, *, occurrence_id: int, person_id: int, input: ActivityInput, now: datetime
) -> Recorded:
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds={Kind.ACTIVITY}
    )
    answers = ActivitySubmission(
        occurrence_id=occurrence.id,
        version=submissions.next_activity_version(session, occurrence.id),
        answers={question: _json(answer) for question, answer in input.answers.items()},
        submitted_by_id=person_id,
        submitted_at=now,
    )
    return record_submission(session, occurrence, answers, by_id=person_id, now=now)


def _json(answer: Answer) -> Any:
    """Numbers as strings keep every digit; dates in ISO form."""
    if isinstance(answer, Decimal):
        return str(answer)
    if isinstance(answer, date):
        return answer.isoformat()
    return answer
