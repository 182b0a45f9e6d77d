"""Open an item's form: from a nudge, an App Home item, a done message's Edit, a pulse."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.slack.ids import ActionId, PrivateMetadata
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.modals.items import item_form
from bot.slack.listeners.replies import run_or_tell

OPENERS = (
    ActionId.OPEN_FORM,
    ActionId.HOME_OPEN_ITEM,
    ActionId.EDIT_SUBMISSION,
    ActionId.RATE_COACHING,
)


def open_form(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)

    def build(session: Session) -> View:
        meta = PrivateMetadata.decode(action.get("value"))
        return item_form(session, container, person, meta)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        # The trigger_id expires 3 s after the click: open the modal before anything else.
        client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    for action_id in OPENERS:
        app.action(action_id)(open_form)
