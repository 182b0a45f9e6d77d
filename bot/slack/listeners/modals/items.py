"""The form of an item (an occurrence): forecast, team meeting, activity, 1:1 or rating."""

from __future__ import annotations

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.domain.cadence import Kind
from bot.domain.submissions import ForecastInput, TeamMeetingInput
from bot.persistence.models import Person
from bot.services import prefill
from bot.services.errors import NotAllowed
from bot.services.prefill import FormItem
from bot.slack.blocks.activity_modal import activity_modal
from bot.slack.blocks.context import FormSubject, RepOption
from bot.slack.blocks.forecast_modal import forecast_modal
from bot.slack.blocks.inputs import checklist_input
from bot.slack.blocks.team_meeting_modal import team_meeting_modal
from bot.slack.ids import PrivateMetadata
from bot.slack.listeners.acting import local_today
from bot.slack.listeners.modals.one_on_one import one_on_one_form
from bot.slack.listeners.modals.rating import rating_form
from bot.slack.listeners.replies import STALE_BUTTON


def subject(
    item: FormItem,
    person: Person,
    *,
    version_of: int | None = None,
    note_version: int | None = None,
) -> FormSubject:
    return FormSubject(
        title=item.title,
        cadence_id=item.cadence_id,
        occurrence_id=item.occurrence_id,
        version_of=version_of,
        due_at=item.due_at,
        tz=person.timezone,
        note_version=note_version,
    )


def item_form(
    session: Session, container: Container, person: Person, meta: PrivateMetadata
) -> View:
    """The modal a button with ``meta`` opens; an ad hoc 1:1 note has no occurrence."""
    if meta.occurrence_id is None:
        if meta.version_of is None:
            raise NotAllowed(STALE_BUTTON)
        return one_on_one_form(session, container, person, item=None, note_id=meta.version_of)
    item = prefill.form_item(
        session,
        occurrence_id=meta.occurrence_id,
        person_id=person.id,
        operating_system=container.operating_system,
    )
    if item.kind is Kind.COACHING_PULSE:
        return rating_form(session, container, person, occurrence_id=item.occurrence_id)
    if item.kind is Kind.FORECAST:
        view = _forecast(session, container, person, item)
    elif item.kind is Kind.TEAM_MEETING:
        view = _team_meeting(session, container, person, item)
    elif item.kind is Kind.ACTIVITY:
        view = _activity(session, container, person, item)
    else:
        view = one_on_one_form(session, container, person, item=item)
    cadence = container.operating_system.cadence(item.cadence_id)
    if cadence is not None and cadence.checklist:
        view.blocks = [*view.blocks, checklist_input(cadence.checklist, item.checklist_done)]
    return view


def _forecast(session: Session, container: Container, person: Person, item: FormItem) -> View:
    previous = prefill.forecast_defaults(session, item=item, person_id=person.id)
    defaults = None
    if previous is not None:
        defaults = ForecastInput(
            commit=previous.commit,
            best_case=previous.best_case,
            pipeline=previous.pipeline,
            changes=previous.changes,
            key_deals=previous.key_deals,
            risks=previous.risks,
        )
    editing = previous is not None and previous.occurrence_id == item.occurrence_id
    return forecast_modal(
        subject(item, person, version_of=previous.id if previous and editing else None),
        currency=container.operating_system.organization.currency,
        defaults=defaults,
    )


def _team_meeting(session: Session, container: Container, person: Person, item: FormItem) -> View:
    reps = prefill.choosable_reps(session, manager_id=person.id, item=None)
    note = prefill.team_meeting_defaults(session, item=item)
    defaults = None
    if note is not None:
        emails = {rep.id: rep.email for rep in reps}
        defaults = TeamMeetingInput(
            held_on=note.held_on,
            attendees=tuple(emails[i] for i in note.attendees if i in emails),
            agenda_covered=tuple(note.agenda_covered),
            notes=note.notes,
            decisions=note.decisions,
        )
    cadence = container.operating_system.cadence(item.cadence_id)
    return team_meeting_modal(
        subject(
            item,
            person,
            version_of=note.id if note else None,
            note_version=note.version if note else None,
        ),
        reps=[RepOption(rep.email, rep.name) for rep in reps],
        agenda=cadence.agenda if cadence else (),
        today=local_today(container, person),
        defaults=defaults,
    )


def _activity(session: Session, container: Container, person: Person, item: FormItem) -> View:
    cadence = container.operating_system.cadence(item.cadence_id)
    if cadence is None:
        raise NotAllowed("This activity is no longer part of the operating system.")
    answers = prefill.activity_defaults(session, item=item, questions=cadence.questions)
    return activity_modal(subject(item, person), questions=cadence.questions, defaults=answers)
