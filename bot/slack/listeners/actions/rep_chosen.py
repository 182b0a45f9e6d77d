"""In an ad hoc 1:1 modal, choosing the rep brings in that rep's open action items."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.ids import ActionId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.forms.one_on_one import one_on_one_form
from bot.slack.listeners.replies import REFUSALS, tell


def rep_chosen(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    email = action["selected_option"]["value"]
    try:
        with container.unit_of_work() as uow:
            view = one_on_one_form(uow.session, container, person, item=None, rep_email=email)
    except REFUSALS as refusal:
        tell(client, body, str(refusal))
        return
    # The hash makes Slack refuse the update if the modal changed meanwhile.
    client.views_update(view_id=body["view"]["id"], hash=body["view"]["hash"], view=view)


def register(app: App) -> None:
    app.action(ActionId.ONE_ON_ONE_REP)(rep_chosen)
