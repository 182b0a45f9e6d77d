"""One DM for a busy day: every item due, each with the buttons its own nudge would have.

Sent instead of separate nudges when they would take the person past their daily DM budget.
Each item's buttons carry that item's reference, so they work exactly as on a single nudge.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import Block

from bot.slack.blocks.context import ItemRef
from bot.slack.blocks.display import context, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.nudges import NOT_COUNTED, describe, nudge_actions
from bot.slack.blocks.text import slack_datetime
from bot.slack.ids import BlockId

# Two blocks per item and three around them, within Slack's 50.
MAX_ITEMS = 23


def merged_nudges_message(items: Sequence[tuple[ItemRef, datetime, bool]], *, tz: str) -> Message:
    """``items``: each item, when it is due, and whether it is still open. A closed item stays
    listed, marked done, without buttons: the DM is redrawn as items close."""
    count = sum(1 for _, _, still_open in items if still_open)
    headline = (
        f":clipboard: *{count} of {len(items)} things are due* — in one message, so Cadence "
        "doesn't flood your DMs."
        if count
        else f":white_check_mark: All {len(items)} things in this message are taken care of."
    )
    blocks: list[Block] = [section(headline, block_id=BlockId.NUDGE)]
    for item, due, still_open in items[:MAX_ITEMS]:
        block_id = f"{BlockId.NUDGE}.{item.occurrence_id}"
        if not still_open:
            blocks.append(section(f":white_check_mark: ~{describe(item)}~", block_id=block_id))
            continue
        blocks.append(
            section(f"{describe(item)}\nDue {slack_datetime(due, tz)}", block_id=block_id)
        )
        blocks.append(nudge_actions(item, block_id=f"{BlockId.NUDGE_ACTIONS}.{item.occurrence_id}"))
    if len(items) > MAX_ITEMS:
        blocks.append(context(f"…and {len(items) - MAX_ITEMS} more on your App Home."))
    blocks.append(context(f"Can't do one this time? Snooze it or skip it. {NOT_COUNTED}"))
    titles = ", ".join(i.title for i, _, still_open in items if still_open)
    return message(f"{count} things are due: {titles}" if count else "All done", blocks)
