""" "Done" on an action item: in the rep's 1:1 summary, the overdue reminder or `/cadence items`.

The item is closed for whoever clicked, if it is theirs to close (its owner, or the manager of
its 1:1); the person is told whether it was on time, and a DM the button sat in is updated to
show the item done.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.action_items import ItemState
from bot.services.action_items import close_item
from bot.slack.blocks.action_items import item_block_id
from bot.slack.ids import ActionId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.replies import STALE_BUTTON, run_or_tell, tell

MAX_ID_DIGITS = 18


def complete_action_item(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)
    raw = str(action.get("value") or "")
    if not raw.isdigit() or len(raw) > MAX_ID_DIGITS or int(raw) < 1:
        tell(client, body, STALE_BUTTON)
        return
    item_id = int(raw)

    def close(session: Session) -> ItemState:
        return close_item(session, item_id=item_id, person_id=person.id, now=container.clock())

    state = run_or_tell(client, body, container, close)
    if state is None:
        return
    _show_done(client, body, item_id)
    timing = "on time" if state is ItemState.DONE_ON_TIME else "late, but done"
    tell(client, body, f":white_check_mark: Marked done ({timing}).")


def _show_done(client: WebClient, body: dict[str, Any], item_id: int) -> None:
    """Replace the clicked item's line in a DM by its done version (ephemeral lists can't be)."""
    message, channel = body.get("message") or {}, (body.get("channel") or {}).get("id")
    blocks = message.get("blocks")
    if not blocks or not channel or (body.get("container") or {}).get("is_ephemeral"):
        return
    target = item_block_id(item_id)
    updated = [_done(block) if block.get("block_id") == target else block for block in blocks]
    client.chat_update(
        channel=channel, ts=message["ts"], text=message.get("text", ""), blocks=updated
    )


def _done(block: dict[str, Any]) -> dict[str, Any]:
    text = str((block.get("text") or {}).get("text", "")).removeprefix("• ")
    return {
        "type": "section",
        "block_id": block["block_id"],
        "text": {"type": "mrkdwn", "text": f":white_check_mark: ~{text}~ done"},
    }


def register(app: App) -> None:
    app.action(ActionId.ACTION_ITEM_DONE)(complete_action_item)
