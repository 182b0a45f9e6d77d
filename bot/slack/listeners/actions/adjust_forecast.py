""" "Adjust forecast" on the weekly digest: the leader's adjustment modal for that period."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.services.adjustments import check_leader, standing_adjustment
from bot.slack.blocks.adjustment_modal import AdjustmentForm, AdjustmentRef, adjustment_modal
from bot.slack.ids import ActionId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.replies import run_or_tell


def open_adjustment(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)

    def build(session: Session) -> View:
        ref = AdjustmentRef.decode(action.get("value"))
        check_leader(session, leader_id=person.id)
        standing = standing_adjustment(session, leader_id=person.id, period_start=ref.period_start)
        form = AdjustmentForm(
            period_start=ref.period_start,
            currency=container.operating_system.organization.currency,
            standing_amount=standing.amount if standing else None,
            standing_note=standing.note if standing else None,
        )
        return adjustment_modal(form)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(ActionId.ADJUST_FORECAST)(open_adjustment)
