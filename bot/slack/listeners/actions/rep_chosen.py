"""In an ad hoc 1:1 modal, choosing the rep brings in that rep's open action items."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.slack.ids import ActionId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.modals.one_on_one import one_on_one_form
from bot.slack.listeners.replies import run_or_tell


def rep_chosen(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    email = action["selected_option"]["value"]

    def build(session: Session) -> View:
        return one_on_one_form(session, container, person, item=None, rep_email=email)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        # The hash makes Slack refuse the update if the modal changed meanwhile.
        client.views_update(view_id=body["view"]["id"], hash=body["view"]["hash"], view=view)


def register(app: App) -> None:
    app.action(ActionId.ONE_ON_ONE_REP)(rep_chosen)
