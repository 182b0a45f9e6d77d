"""Skip with a reason: the nudge's button opens the skip modal for that item."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.services import prefill
from bot.services.errors import NotAllowed
from bot.slack.blocks.skip_modal import skip_modal
from bot.slack.ids import ActionId, PrivateMetadata
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.modals.items import subject
from bot.slack.listeners.replies import STALE_BUTTON, run_or_tell


def open_skip(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)

    def build(session: Session) -> View:
        meta = PrivateMetadata.decode(action.get("value"))
        if meta.occurrence_id is None:
            raise NotAllowed(STALE_BUTTON)
        item = prefill.form_item(
            session,
            occurrence_id=meta.occurrence_id,
            person_id=person.id,
            operating_system=container.operating_system,
        )
        return skip_modal(subject(item, person), container.operating_system.nudges.skip_reasons)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(ActionId.SKIP)(open_skip)
