"""The escalation's "See <name>'s status" button: the overdue person's App Home, in a modal.

Only someone the person reports to (directly or up the line) sees it; anyone else is told so.
It is read-only: the item buttons of the person's own App Home open forms only they may fill.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.services.my_status import report_status_subject
from bot.slack.blocks.home import status_blocks
from bot.slack.ids import ActionId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.home import report_context
from bot.slack.listeners.replies import STALE_BUTTON, run_or_tell, tell

# Slack's limit on a modal's title.
MAX_TITLE = 24


def open_overdue_status(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    value = str(action.get("value") or "")
    if not value.isdigit():
        tell(client, body, STALE_BUTTON)
        return

    def build(session: Session) -> View:
        subject = report_status_subject(
            session,
            viewer_email=person.email,
            occurrence_id=int(value),
            operating_system=container.operating_system,
        )
        blocks = status_blocks(report_context(session, container, subject))
        return View(type="modal", title=subject.name[:MAX_TITLE], close="Close", blocks=blocks)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        # The trigger_id expires 3 s after the click: open the modal before anything else.
        client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(ActionId.OVERDUE_STATUS)(open_overdue_status)
