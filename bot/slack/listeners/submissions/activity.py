"""A custom activity's answers: a new version each time, the earlier ones kept."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy.orm import Session

from bot.services.submissions import record_activity
from bot.slack.blocks.submission_parsers import parse_activity
from bot.slack.ids import BlockId, CallbackId, question_block_id
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.submissions.saving import (
    own_item,
    refusing,
    reject,
    save,
    values_of,
    with_checklist,
)


def submit_activity(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    # The questions come from the item's own cadence, not from what the modal claims.
    with container.unit_of_work() as uow:
        item = own_item(uow.session, view, container=container, person=person)
    occurrence_id = item.occurrence_id
    cadence = container.operating_system.cadence(item.cadence_id)
    questions = cadence.questions if cadence else ()
    parsed = parse_activity(values_of(view), questions)
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return

    def record(session: Session) -> None:
        record_activity(
            session,
            occurrence_id=occurrence_id,
            person_id=person.id,
            input=parsed,
            now=container.clock(),
        )

    first = question_block_id(questions[0].id) if questions else BlockId.QUESTION
    save(
        ack, container, block_id=first, use_case=with_checklist(view, container, person.id, record)
    )


def register(app: App) -> None:
    app.view(CallbackId.ACTIVITY)(refusing(submit_activity))
