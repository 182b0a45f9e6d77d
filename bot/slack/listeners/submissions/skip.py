"""Skip with a reason: the item closes without counting against the person."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy.orm import Session

from bot.services.skipping import skip
from bot.slack.blocks.submission_parsers import parse_skip
from bot.slack.ids import BlockId, CallbackId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.submissions.saving import (
    occurrence_id_of,
    refusing,
    reject,
    save,
    values_of,
)


def submit_skip(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    occurrence_id = occurrence_id_of(view)
    accepted = container.operating_system.nudges.skip_reasons
    parsed = parse_skip(values_of(view), accepted)
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return

    def record(session: Session) -> None:
        skip(
            session,
            occurrence_id=occurrence_id,
            person_id=person.id,
            input=parsed,
            now=container.clock(),
            accepted=accepted,
        )

    save(ack, container, block_id=BlockId.SKIP_REASON, use_case=record)


def register(app: App) -> None:
    app.view(CallbackId.SKIP_REASON)(refusing(submit_skip))
