"""A rep's coaching rating: stored privately, replacing any earlier answer for the period."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy.orm import Session

from bot.services.coaching_ratings import rate_coaching
from bot.slack.blocks.submission_parsers import parse_coaching_rating
from bot.slack.ids import BlockId, CallbackId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.submissions.saving import (
    metadata_of,
    refusing,
    reject,
    save,
    values_of,
)


def submit_rating(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    meta = metadata_of(view)  # without an occurrence, from /rate-coaching: the current period
    parsed = parse_coaching_rating(values_of(view))
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return

    def record(session: Session) -> None:
        rate_coaching(
            session,
            rep_id=person.id,
            input=parsed,
            now=container.clock(),
            occurrence_id=meta.occurrence_id,
        )

    save(ack, container, block_id=BlockId.RECEIVED_COACHING, use_case=record)


def register(app: App) -> None:
    app.view(CallbackId.COACHING_RATING)(refusing(submit_rating))
