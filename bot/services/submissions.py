"""Recording what people submit to close an occurrence: forecasts, custom activities, 1:1 and
team-meeting notes. Each save is a new version and every version is kept; one current note per
meeting."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.submissions import (
    ActionItemInput,
    ActionItemOwner,
    ActivityInput,
    Answer,
    ForecastInput,
    OneOnOneInput,
    TeamMeetingInput,
    forecast_fits_the_rules,
)
from bot.persistence.models import (
    ActionItem,
    ActivitySubmission,
    ForecastSubmission,
    OneOnOneNote,
    Person,
    TeamMeetingNote,
)
from bot.persistence.repositories import my_items, outbox, people, submissions
from bot.services.action_items import close_from_one_on_one
from bot.services.delivery.hours import send_at
from bot.services.errors import EditConflict, InvalidSubmission, NotAllowed
from bot.services.note_history import keep_one_on_one, keep_team_meeting
from bot.services.outcomes import NOT_YOURS, Recorded, mark_done, own_occurrence, record_submission

NOT_YOUR_REP = "You can only log 1:1s with your own reps."
STALE_EDIT = "Someone saved this note after you opened it — reopen it to see their changes."


def own_rep(session: Session, *, manager_id: int, email: str) -> Person:
    rep = people.by_email(session, email)
    if rep is None or not rep.active or rep.reports_to_id != manager_id:
        raise NotAllowed(NOT_YOUR_REP)
    return rep


def record_one_on_one(
    session: Session,
    *,
    manager_id: int,
    input: OneOnOneInput,
    now: datetime,
    occurrence_id: int | None = None,
    note_id: int | None = None,
    base_version: int | None = None,
    operating_system: OperatingSystem | None = None,
) -> Recorded:
    """Save the notes of a 1:1 and queue the rep's summary.

    ``occurrence_id`` is the planned 1:1; without it, the open planned 1:1 with the rep, else an
    ad hoc one. ``note_id`` names the ad hoc note being edited; ``base_version`` the version
    the form was opened on (None: the form started a new note).
    """
    rep = own_rep(session, manager_id=manager_id, email=input.rep)
    if occurrence_id is None and note_id is None:
        # Logged from ``/cadence 1on1``: it is the planned 1:1 with that rep, if one is open.
        planned = my_items.open_one_on_one(session, manager_id=manager_id, rep_id=rep.id, now=now)
        occurrence_id = planned.id if planned else None
    occurrence = None
    if occurrence_id is not None:
        occurrence = own_occurrence(
            session, occurrence_id=occurrence_id, person_id=manager_id, kinds={Kind.ONE_ON_ONE}
        )
        if occurrence.counterpart_id != rep.id:
            name = occurrence.counterpart.name if occurrence.counterpart else "another rep"
            raise NotAllowed(f"This 1:1 is with {name}.")
    note = submissions.one_on_one_note(session, occurrence_id=occurrence_id, note_id=note_id)
    if note is not None and note.manager_id != manager_id:
        raise NotAllowed(NOT_YOURS)
    _ensure_current(note, base_version)
    note = note or OneOnOneNote(occurrence_id=occurrence_id, manager_id=manager_id)
    _fill(note, input, rep=rep, manager_id=manager_id, now=now)
    session.add(note)
    _flush(session)
    keep_one_on_one(session, note, saved_by_id=manager_id)
    close_from_one_on_one(
        session, manager_id=manager_id, rep_id=rep.id, item_ids=input.done_items, now=now
    )
    if occurrence is not None:
        mark_done(session, occurrence, by_id=manager_id, now=now, submission_key=str(note.version))
    # Logged at 21:00, the rep reads it at the start of their next working hours.
    summary_at = send_at(
        operating_system, recipient=rep, purpose=MessagePurpose.ONE_ON_ONE_SUMMARY, at=now
    )
    outbox.enqueue(
        session,
        dedupe_key=f"note:{note.id}:summary:{note.version}",
        purpose=MessagePurpose.ONE_ON_ONE_SUMMARY,
        key=f"summary:{note.version}",
        recipient_id=rep.id,
        send_after=summary_at or now,
        occurrence_id=occurrence_id,
        payload={"note_id": note.id},
    )
    return Recorded(note.id, note.version, occurrence.status if occurrence else None)


def _fill(
    note: OneOnOneNote, input: OneOnOneInput, *, rep: Person, manager_id: int, now: datetime
) -> None:
    owners = {ActionItemOwner.REP: rep.id, ActionItemOwner.MANAGER: manager_id}
    note.rep_id = rep.id
    note.held_on = input.held_on
    note.topics = input.topics
    note.performance_issue = input.performance_issue
    note.solution_type = input.solution
    note.focus = input.focus
    note.focus_detail = input.focus_detail
    note.next_meeting_on = input.next_meeting_on
    note.submitted_at = now
    # The form shows every item, so what comes back is the whole list. An item that comes back
    # unchanged is the same item: it keeps its id and, once done, when it was done.
    kept = {(i.owner_id, i.text, i.due_on): i for i in note.action_items} if note.id else {}
    note.action_items = [
        _item(kept, owner_id=owners[item.owner], given=item) for item in input.action_items
    ]


def _item(
    kept: dict[tuple[int, str, date | None], ActionItem], *, owner_id: int, given: ActionItemInput
) -> ActionItem:
    same = kept.pop((owner_id, given.text, given.due_on), None)
    return same or ActionItem(owner_id=owner_id, text=given.text, due_on=given.due_on)


def record_team_meeting(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    input: TeamMeetingInput,
    now: datetime,
    base_version: int | None = None,
) -> Recorded:
    """Save the notes of a team meeting; ``base_version`` as for ``record_one_on_one``."""
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds={Kind.TEAM_MEETING}
    )
    roster = people.active_by_email(session)
    unknown = [email for email in input.attendees if email.lower() not in roster]
    if unknown:
        raise InvalidSubmission(f"Not on the roster: {', '.join(unknown)}.")
    note = submissions.team_meeting_note(session, occurrence.id)
    _ensure_current(note, base_version)
    note = note or TeamMeetingNote(occurrence_id=occurrence.id, manager_id=person_id)
    note.held_on = input.held_on
    note.attendees = [roster[email.lower()].id for email in input.attendees]
    note.agenda_covered = list(input.agenda_covered)
    note.notes = input.notes
    note.decisions = input.decisions
    note.submitted_at = now
    session.add(note)
    _flush(session)
    keep_team_meeting(session, note, saved_by_id=person_id)
    mark_done(session, occurrence, by_id=person_id, now=now, submission_key=str(note.version))
    return Recorded(note.id, note.version, occurrence.status)


def _ensure_current(note: OneOnOneNote | TeamMeetingNote | None, base_version: int | None) -> None:
    """Refuse a save from a form opened on an older version (or before the note existed)."""
    current = note.version if note is not None else None
    if current != base_version:
        raise EditConflict(STALE_EDIT)


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as error:
        raise EditConflict(STALE_EDIT) from error


def record_forecast(
    session: Session,
    *,
    occurrence_id: int,
    person_id: int,
    input: ForecastInput,
    currency: str,
    now: datetime,
) -> Recorded:
    """Save ``input`` as the next version and close the occurrence (an edit keeps its status)."""
    if not forecast_fits_the_rules(input):
        raise InvalidSubmission(FORECAST_RULES)
    occurrence = own_occurrence(
        session, occurrence_id=occurrence_id, person_id=person_id, kinds={Kind.FORECAST}
    )
    forecast = ForecastSubmission(
        occurrence_id=occurrence.id,
        version=submissions.next_forecast_version(session, occurrence.id),
        commit=input.commit,
        best_case=input.best_case,
        pipeline=input.pipeline,
        currency=currency,
        changes=input.changes,
        key_deals=input.key_deals,
        risks=input.risks,
        submitted_by_id=person_id,
        submitted_at=now,
    )
    return record_submission(session, occurrence, forecast, by_id=person_id, now=now)


FORECAST_RULES = (
    "Forecast figures need at most 2 decimals and 12 digits, and 0 ≤ commit ≤ best case ≤ pipeline."
)


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
