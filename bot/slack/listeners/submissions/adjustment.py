"""A leader saves their forecast adjustment: stored apart from the managers' numbers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from sqlalchemy.orm import Session

from bot.services.adjustments import record_adjustment
from bot.slack.blocks.adjustment_modal import AdjustmentRef, parse_adjustment
from bot.slack.ids import BlockId, CallbackId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.submissions.saving import refusing, reject, save, values_of


def submit_adjustment(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    container, person = container_of(context), person_of(context)
    parsed = parse_adjustment(values_of(view))
    if isinstance(parsed, dict):
        reject(ack, parsed)
        return
    period = AdjustmentRef.decode(view.get("private_metadata")).period_start

    def record(session: Session) -> None:
        record_adjustment(
            session,
            leader_id=person.id,
            period_start=period,
            amount=parsed.amount,
            note=parsed.note,
            now=container.clock(),
        )

    save(ack, container, block_id=BlockId.ADJUSTMENT_AMOUNT, use_case=record)


def register(app: App) -> None:
    app.view(CallbackId.ADJUST_FORECAST)(refusing(submit_adjustment))
