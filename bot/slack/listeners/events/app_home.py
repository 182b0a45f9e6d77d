"""Opening the App Home tab publishes the person's current status there."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.blocks.home import home_view
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.home import home_context


def publish_home(ack: Ack, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    if event.get("tab") != "home":
        return
    container, person = container_of(context), person_of(context)
    with container.unit_of_work() as uow:
        view = home_view(home_context(uow.session, container, person))
    client.views_publish(user_id=event["user"], view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
