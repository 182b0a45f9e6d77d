"""The closer: occurrences whose window has closed become missed, or excused where fair.

Missed only if a nudge reached the person before the due time: an occurrence whose opening DM
never arrived (the bot was down, Slack was out, the open moved past due) is *not nudged*.

An occurrence is excused instead of missed when its subject or counterpart left the roster, or
when its due date (the subject's local date) fell in time off either of them declared after it
was planned (time off known at planning time already excused it then). Every final occurrence
then loses its pending nudges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.domain.occurrence import OccurrenceStatus, unanswered_status
from bot.domain.recurrence import to_local
from bot.domain.replanning import LEFT_THE_ROSTER
from bot.persistence.models import Occurrence, Person, TimeOff
from bot.persistence.repositories import nudges, outbox
from bot.persistence.repositories import occurrences as occurrence_rows
from bot.persistence.repositories import time_off as time_off_rows
from bot.persistence.repositories.locks import hold_lifecycle_lock
from bot.services.time_away import COUNTERPART_AWAY, SUBJECT_AWAY


@dataclass(frozen=True)
class CloseReport:
    missed: int
    excused: int
    messages_cancelled: int
    not_nudged: int = 0


def close(session: Session, *, now: datetime) -> CloseReport:
    hold_lifecycle_lock(session)
    overdue = occurrence_rows.overdue(session, now=now)
    absences = time_off_rows.by_person(session, _people_of(overdue))
    nudged = outbox.first_nudge_sent(session, (o.id for o in overdue))
    closed: Counter[OccurrenceStatus] = Counter()
    for occurrence in overdue:
        reason = _excuse(occurrence, absences)
        if reason is None:
            occurrence.status = unanswered_status(
                due_at=occurrence.due_at, first_nudge_at=nudged.get(occurrence.id)
            )
        else:
            occurrence.status, occurrence.excused_reason = OccurrenceStatus.EXCUSED, reason
        closed[occurrence.status] += 1
    session.flush()
    cancelled = nudges.cancel_of_final_occurrences(session)
    return CloseReport(
        missed=closed[OccurrenceStatus.MISSED],
        excused=closed[OccurrenceStatus.EXCUSED],
        not_nudged=closed[OccurrenceStatus.NOT_NUDGED],
        messages_cancelled=cancelled,
    )


def _people_of(occurrences: Sequence[Occurrence]) -> set[int]:
    ids = {o.subject_id for o in occurrences}
    return ids | {o.counterpart_id for o in occurrences if o.counterpart_id is not None}


def _excuse(occurrence: Occurrence, absences: dict[int, list[TimeOff]]) -> str | None:
    people: list[tuple[Person, str]] = [(occurrence.subject, SUBJECT_AWAY)]
    if occurrence.counterpart is not None:
        people.append((occurrence.counterpart, COUNTERPART_AWAY))
    if not all(person.active for person, _ in people):
        return LEFT_THE_ROSTER
    due_day = to_local(occurrence.due_at, occurrence.tz).date()
    for person, reason in people:
        if any(_covers(span, due_day) for span in absences.get(person.id, [])):
            return reason
    return None


def _covers(span: TimeOff, day: date) -> bool:
    return span.starts_on <= day <= span.ends_on
