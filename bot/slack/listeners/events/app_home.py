"""Opening the App Home tab publishes the person's current status there."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.after_ack import RESPONSE_URL_SECONDS
from bot.slack.blocks.home import home_view
from bot.slack.errors import handler_after_ack
from bot.slack.listeners.acting import after_ack_of, container_of, person_of
from bot.slack.listeners.home import home_context


def publish_home(
    ack: Ack,
    event: dict[str, Any],
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    logger: logging.Logger,
    respond: Respond,
) -> None:
    ack()
    if event.get("tab") != "home":
        return
    container, person = container_of(context), person_of(context)

    def publish() -> None:
        with container.unit_of_work() as uow:
            view = home_view(home_context(uow.session, container, person))
        client.views_publish(user_id=event["user"], view=view)

    # The App Home takes a dozen queries: on the after-ack threads, behind any modal waiting
    # to be opened (Slack sets no deadline on views.publish; it waits like a response_url).
    after_ack_of(context).submit(
        publish,
        within=RESPONSE_URL_SECONDS,
        on_error=handler_after_ack(body, context, client, logger, respond),
    )


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
