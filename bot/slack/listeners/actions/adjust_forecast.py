""" "Adjust forecast" on the weekly digest: the leader's adjustment modal for that period."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services.adjustments import check_leader, standing_adjustment
from bot.slack.ids import ActionId, InvalidReference
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.forms.items import STALE_BUTTON
from bot.slack.listeners.replies import REFUSALS, tell
from bot.slack.views.adjustment_modal import AdjustmentForm, AdjustmentRef, adjustment_modal


def open_adjustment(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    try:
        ref = AdjustmentRef.decode(action.get("value"))
    except InvalidReference:
        tell(client, body, STALE_BUTTON)
        return
    try:
        with container.unit_of_work() as uow:
            check_leader(uow.session, leader_id=person.id)
            standing = standing_adjustment(
                uow.session, leader_id=person.id, period_start=ref.period_start
            )
    except REFUSALS as refusal:
        tell(client, body, str(refusal))
        return
    form = AdjustmentForm(
        period_start=ref.period_start,
        currency=container.operating_system.organization.currency,
        standing_amount=standing.amount if standing else None,
        standing_note=standing.note if standing else None,
    )
    client.views_open(trigger_id=body["trigger_id"], view=adjustment_modal(form))


def register(app: App) -> None:
    app.action(ActionId.ADJUST_FORECAST)(open_adjustment)
