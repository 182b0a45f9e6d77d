"""Open an item's form: from a nudge, an App Home item, a done message's Edit, a pulse."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.slack.after_ack import MODAL_START_SECONDS
from bot.slack.errors import handler_after_ack
from bot.slack.ids import ActionId, PrivateMetadata
from bot.slack.listeners.acting import after_ack_of, container_of, person_of
from bot.slack.listeners.modals.items import item_form
from bot.slack.listeners.replies import run_or_tell, tell

OPENERS = (
    ActionId.OPEN_FORM,
    ActionId.HOME_OPEN_ITEM,
    ActionId.EDIT_SUBMISSION,
    ActionId.RATE_COACHING,
)


TOO_BUSY = "Cadence was too busy to open the form in time: please click again."


def open_form(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
    respond: Respond,
) -> None:
    ack()
    container, person = container_of(context), person_of(context)

    def build(session: Session) -> View:
        meta = PrivateMetadata.decode(action.get("value"))
        return item_form(session, container, person, meta)

    def build_and_open() -> None:
        view = run_or_tell(client, body, container, build)
        if view is not None:
            # The trigger_id expires 3 s after the click: open the modal before anything else.
            client.views_open(trigger_id=body["trigger_id"], view=view)

    # On the after-ack threads, ahead of work without such a deadline.
    after_ack_of(context).submit(
        build_and_open,
        within=MODAL_START_SECONDS,
        on_error=handler_after_ack(body, context, client, logger, respond),
        too_late=lambda: tell(client, body, TOO_BUSY),
    )


def register(app: App) -> None:
    for action_id in OPENERS:
        app.action(action_id)(open_form)
