"""Skip with a reason: the nudge's button opens the skip modal for that item."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.services import prefill
from bot.services.errors import NotAllowed
from bot.slack.ids import ActionId, PrivateMetadata
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.forms.items import STALE_BUTTON, subject
from bot.slack.listeners.replies import REFUSALS, tell
from bot.slack.views.skip_modal import skip_modal


def open_skip(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    meta = PrivateMetadata.decode(action.get("value"))
    try:
        if meta.occurrence_id is None:
            raise NotAllowed(STALE_BUTTON)
        with container.unit_of_work() as uow:
            item = prefill.form_item(
                uow.session,
                occurrence_id=meta.occurrence_id,
                person_id=person.id,
                operating_system=container.operating_system,
            )
    except REFUSALS as refusal:
        tell(client, body, str(refusal))
        return
    client.views_open(trigger_id=body["trigger_id"], view=skip_modal(subject(item, person)))


def register(app: App) -> None:
    app.action(ActionId.SKIP)(open_skip)
