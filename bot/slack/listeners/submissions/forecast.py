"""A forecast submission: a new version each time, the earlier ones kept."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy.orm import Session

from bot.services.submissions import record_forecast
from bot.slack.blocks.submission_parsers import parse_forecast
from bot.slack.ids import BlockId, CallbackId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.submissions.saving import (
    occurrence_id_of,
    refusing,
    reject,
    save,
    values_of,
    with_checklist,
)


def submit_forecast(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    occurrence_id = occurrence_id_of(view)
    currency = container.operating_system.organization.currency
    parsed = parse_forecast(values_of(view), currency=currency)
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return

    def record(session: Session) -> None:
        record_forecast(
            session,
            occurrence_id=occurrence_id,
            person_id=person.id,
            input=parsed,
            currency=currency,
            now=container.clock(),
        )

    save(
        ack,
        container,
        block_id=BlockId.COMMIT,
        use_case=with_checklist(view, container, person.id, record),
    )


def register(app: App) -> None:
    app.view(CallbackId.FORECAST)(refusing(submit_forecast))
