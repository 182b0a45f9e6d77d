"""1:1 and team-meeting notes: saved (every version kept), the rep told what was agreed.

A modal carries the note version it was opened on; a save from a stale modal is refused
inline, next to the first field, and saves nothing.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy.orm import Session

from bot.services import prefill
from bot.services.submissions import record_one_on_one, record_team_meeting
from bot.slack.blocks.meeting_parsers import parse_one_on_one, parse_team_meeting
from bot.slack.ids import BlockId, CallbackId
from bot.slack.listeners.acting import container_of, local_today, person_of
from bot.slack.listeners.submissions.saving import (
    metadata_of,
    own_item,
    refusing,
    reject,
    save,
    values_of,
    with_checklist,
)


def own_reps(session: Session, manager_id: int) -> list[str]:
    """The roster emails of the manager's own reps: who a note may name."""
    return [r.email for r in prefill.choosable_reps(session, manager_id=manager_id, item=None)]


def submit_one_on_one(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    meta = metadata_of(view)  # without an occurrence, an ad hoc 1:1
    # Any of the manager's own reps; the service checks a planned 1:1 is with its own rep.
    with container.unit_of_work() as uow:
        reps = own_reps(uow.session, person.id)
    parsed = parse_one_on_one(
        values_of(view), allowed_reps=reps, today=local_today(container, person)
    )
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return

    def record(session: Session) -> None:
        record_one_on_one(
            session,
            manager_id=person.id,
            input=parsed,
            now=container.clock(),
            occurrence_id=meta.occurrence_id,
            note_id=meta.version_of if meta.occurrence_id is None else None,
            base_version=meta.note_version,
            operating_system=container.operating_system,
        )

    save(
        ack,
        container,
        block_id=BlockId.REP,
        use_case=with_checklist(view, container, person.id, record),
    )


def submit_team_meeting(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    with container.unit_of_work() as uow:
        item = own_item(uow.session, view, container=container, person=person)
        reps = own_reps(uow.session, person.id)
    occurrence_id, meta = item.occurrence_id, metadata_of(view)
    cadence = container.operating_system.cadence(item.cadence_id)
    parsed = parse_team_meeting(
        values_of(view),
        allowed_reps=reps,
        agenda=cadence.agenda if cadence else (),
        today=local_today(container, person),
    )
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return

    def record(session: Session) -> None:
        record_team_meeting(
            session,
            occurrence_id=occurrence_id,
            person_id=person.id,
            input=parsed,
            now=container.clock(),
            base_version=meta.note_version,
        )

    save(
        ack,
        container,
        block_id=BlockId.HELD_ON,
        use_case=with_checklist(view, container, person.id, record),
    )


def register(app: App) -> None:
    app.view(CallbackId.ONE_ON_ONE)(refusing(submit_one_on_one))
    app.view(CallbackId.TEAM_MEETING)(refusing(submit_team_meeting))
