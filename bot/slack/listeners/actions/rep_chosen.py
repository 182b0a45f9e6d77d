"""In an ad hoc 1:1 modal, choosing the rep brings in that rep's open action items."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.slack.after_ack import RESPONSE_URL_SECONDS
from bot.slack.errors import handler_after_ack
from bot.slack.ids import ActionId
from bot.slack.listeners.acting import after_ack_of, container_of, person_of
from bot.slack.listeners.modals.one_on_one import one_on_one_form
from bot.slack.listeners.replies import run_or_tell


def rep_chosen(
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
    email = action["selected_option"]["value"]

    def build(session: Session) -> View:
        return one_on_one_form(session, container, person, item=None, rep_email=email)

    def update() -> None:
        view = run_or_tell(client, body, container, build)
        if view is not None:
            # The hash makes Slack refuse the update if the modal changed meanwhile.
            client.views_update(view_id=body["view"]["id"], hash=body["view"]["hash"], view=view)

    # On the after-ack threads: besides keeping Bolt's threads for acks, a failure there can
    # no longer race Bolt's wait for the ack (a listener failing within Bolt's 10 ms poll
    # after acking made Bolt forget the ack and answer 404).
    after_ack_of(context).submit(
        update,
        within=RESPONSE_URL_SECONDS,
        on_error=handler_after_ack(body, context, client, logger, respond),
    )


def register(app: App) -> None:
    app.action(ActionId.ONE_ON_ONE_REP)(rep_chosen)
