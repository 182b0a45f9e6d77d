"""The 1:1 notes modal: a planned 1:1, an ad hoc one, or notes being edited."""

from __future__ import annotations

from dataclasses import replace

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.bootstrap import Container
from bot.domain.action_items import ItemState
from bot.domain.submissions import ActionItemInput, ActionItemOwner
from bot.persistence.models import OneOnOneNote, Person
from bot.services import action_items, prefill
from bot.services.errors import NotAllowed
from bot.services.prefill import FormItem
from bot.services.submissions import NOT_YOUR_REP
from bot.slack.blocks.context import CarriedItem, FormSubject, OneOnOneDefaults, RepOption
from bot.slack.blocks.one_on_one_modal import one_on_one_modal
from bot.slack.listeners.acting import local_today

AD_HOC_TITLE = "1:1 notes"
NO_REPS = "You have no reps on the roster to log a 1:1 with."


def one_on_one_form(
    session: Session,
    container: Container,
    person: Person,
    *,
    item: FormItem | None,
    rep_email: str | None = None,
    note_id: int | None = None,
) -> View:
    """``item`` is the planned 1:1; ``rep_email`` the rep chosen for an ad hoc one; ``note_id``
    the ad hoc note being edited."""
    reps = prefill.choosable_reps(session, manager_id=person.id, item=item)
    if not reps:
        raise NotAllowed(NO_REPS)
    note: OneOnOneNote | None
    if note_id is not None:
        note = prefill.ad_hoc_note(session, manager_id=person.id, note_id=note_id)
    else:
        note = prefill.planned_note(session, item=item)
    rep_id = note.rep_id if note else item.counterpart_id if item else _rep_id(reps, rep_email)
    emails = {rep.id: rep.email for rep in reps}
    defaults = _edited(note, emails) if note else OneOnOneDefaults(rep=emails.get(rep_id or 0))
    if rep_id is not None:
        carried = _carried(session, container, manager_id=person.id, rep_id=rep_id, editing=note)
        defaults = replace(defaults, open_items=carried)
    form = FormSubject(
        title=item.title if item else AD_HOC_TITLE,
        cadence_id=item.cadence_id if item else None,
        occurrence_id=item.occurrence_id if item else None,
        version_of=note.id if note is not None else None,
        due_at=item.due_at if item else None,
        tz=person.timezone,
        note_version=note.version if note is not None else None,
    )
    return one_on_one_modal(
        form,
        reps=[RepOption(rep.email, rep.name) for rep in reps],
        today=local_today(container, person),
        defaults=defaults,
    )


def _rep_id(reps: list[Person], email: str | None) -> int | None:
    if email is None:
        return reps[0].id if len(reps) == 1 else None
    chosen = next((rep.id for rep in reps if rep.email == email.lower()), None)
    if chosen is None:
        raise NotAllowed(NOT_YOUR_REP)
    return chosen


def _drafts(note: OneOnOneNote) -> tuple[ActionItemInput, ...]:
    return tuple(
        ActionItemInput(
            owner=ActionItemOwner.REP if item.owner_id == note.rep_id else ActionItemOwner.MANAGER,
            text=item.text,
            due_on=item.due_on,
        )
        for item in note.action_items
    )


def _edited(note: OneOnOneNote, emails: dict[int, str]) -> OneOnOneDefaults:
    return OneOnOneDefaults(
        rep=emails.get(note.rep_id),
        held_on=note.held_on,
        topics=note.topics,
        performance_issue=note.performance_issue,
        solution=note.solution_type,
        focus=note.focus,
        focus_detail=note.focus_detail,
        action_items=_drafts(note),
        next_meeting_on=note.next_meeting_on,
    )


def _carried(
    session: Session,
    container: Container,
    *,
    manager_id: int,
    rep_id: int,
    editing: OneOnOneNote | None,
) -> tuple[CarriedItem, ...]:
    """The items still open from earlier 1:1s with the rep (the edited note's own are in its
    rows), offered to tick done; unticked, they carry forward with their own due date."""
    lines = action_items.open_items_of_pair(
        session, manager_id=manager_id, rep_id=rep_id, now=container.clock()
    )
    return tuple(
        CarriedItem(
            item_id=line.item_id,
            text=line.text,
            owner_is_rep=line.owner_id == rep_id,
            due_on=line.due_on,
            overdue=line.state is ItemState.OVERDUE,
        )
        for line in lines
        if editing is None or line.note_id != editing.id
    )
