"""What each form opens with: the item it is about and the answers to start from.

Reading a form is held to the same rule as saving it: only your own items, and for a 1:1 only
your own reps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.domain.cadence import Kind, Question, QuestionType
from bot.domain.operating_system import OperatingSystem
from bot.domain.submissions import Answer
from bot.persistence.models import (
    ForecastSubmission,
    Occurrence,
    OneOnOneNote,
    Person,
    TeamMeetingNote,
)
from bot.persistence.repositories import my_items, people, submissions
from bot.services.errors import NotAllowed
from bot.services.my_status import title_of
from bot.services.outcomes import NOT_YOURS


@dataclass(frozen=True)
class FormItem:
    """The occurrence a form is about, as the form shows it."""

    occurrence_id: int
    cadence_id: str
    kind: Kind
    title: str
    period_start: date
    due_at: datetime
    tz: str
    counterpart_id: int | None
    # What was ticked on the cadence's checklist when it was last submitted.
    checklist_done: tuple[str, ...] = ()


def form_item(
    session: Session, *, occurrence_id: int, person_id: int, operating_system: OperatingSystem
) -> FormItem:
    occurrence = session.get(Occurrence, occurrence_id)
    if occurrence is None or occurrence.subject_id != person_id:
        raise NotAllowed(NOT_YOURS)
    return _form_item(occurrence, operating_system)


def _form_item(occurrence: Occurrence, operating_system: OperatingSystem) -> FormItem:
    return FormItem(
        occurrence_id=occurrence.id,
        cadence_id=occurrence.cadence_id,
        kind=occurrence.cadence.kind,
        title=title_of(occurrence, operating_system),
        period_start=occurrence.period_start,
        due_at=occurrence.due_at,
        tz=occurrence.tz,
        counterpart_id=occurrence.counterpart_id,
        checklist_done=tuple((occurrence.checklist or {}).get("done", ())),
    )


def open_item_of_kind(
    session: Session,
    *,
    person_id: int,
    kind: Kind,
    now: datetime,
    operating_system: OperatingSystem,
) -> FormItem | None:
    """The person's open item of this kind due soonest, for ``/cadence forecast`` and the like;
    once it is submitted, the submitted one, to revise while its window runs."""
    occurrence = my_items.open_of_kind(
        session, person_id=person_id, kind=kind, now=now
    ) or my_items.submitted_of_kind(session, person_id=person_id, kind=kind, now=now)
    if occurrence is None:
        return None
    return _form_item(occurrence, operating_system)


def open_one_on_one(
    session: Session,
    *,
    manager_id: int,
    rep_id: int,
    now: datetime,
    operating_system: OperatingSystem,
) -> FormItem | None:
    """The manager's open planned 1:1 with this rep, else the one logged this period (to
    revise), if there is one."""
    occurrence = my_items.open_one_on_one(
        session, manager_id=manager_id, rep_id=rep_id, now=now
    ) or my_items.submitted_one_on_one(session, manager_id=manager_id, rep_id=rep_id, now=now)
    return _form_item(occurrence, operating_system) if occurrence else None


def forecast_defaults(
    session: Session, *, item: FormItem, person_id: int
) -> ForecastSubmission | None:
    """The latest version of this forecast, else the previous period's."""
    return submissions.latest_forecast_of(
        session, subject_id=person_id, cadence_id=item.cadence_id, up_to=item.period_start
    )


def choosable_reps(session: Session, *, manager_id: int, item: FormItem | None) -> list[Person]:
    """A planned 1:1 is with its own rep; an ad hoc one with any of the manager's reps."""
    reps = list(people.direct_reports(session, manager_id))
    if item is not None:
        reps = [r for r in reps if r.id == item.counterpart_id]
    return reps


def planned_note(session: Session, *, item: FormItem | None) -> OneOnOneNote | None:
    """The notes already logged for this planned 1:1, to edit; None for a new note. (Earlier
    1:1s' open action items are offered by ``action_items.open_items_of_pair``.)"""
    if item is None:
        return None
    return submissions.one_on_one_note(session, occurrence_id=item.occurrence_id)


def ad_hoc_note(session: Session, *, manager_id: int, note_id: int) -> OneOnOneNote:
    note = submissions.one_on_one_note(session, note_id=note_id)
    if note is None or note.manager_id != manager_id:
        raise NotAllowed(NOT_YOURS)
    return note


def team_meeting_defaults(session: Session, *, item: FormItem) -> TeamMeetingNote | None:
    return submissions.team_meeting_note(session, item.occurrence_id)


def activity_defaults(
    session: Session, *, item: FormItem, questions: Sequence[Question]
) -> dict[str, Answer]:
    """The latest answers, read back into the types the form shows."""
    versions = submissions.activity_versions(session, item.occurrence_id)
    if not versions:
        return {}
    stored = versions[-1].answers
    return {q.id: _typed(q, stored.get(q.id)) for q in questions}


def _typed(question: Question, raw: object) -> Answer:
    if not isinstance(raw, str):
        return None
    if question.type is QuestionType.NUMBER:
        return Decimal(raw)
    if question.type is QuestionType.DATE:
        return date.fromisoformat(raw)
    return raw
