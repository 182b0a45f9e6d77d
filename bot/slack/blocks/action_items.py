"""Action items in Slack: a line with its Done button, `/cadence items`, the overdue reminder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block, ButtonElement, SectionBlock

from bot.slack.blocks.context import ActionItemLine
from bot.slack.blocks.display import context, section
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import MAX_TEXT, clip, day, escape
from bot.slack.ids import ActionId, BlockId

# Leaves room for the heading and the footer within Slack's 50 blocks.
MAX_LISTED = 40


def item_block_id(item_id: int) -> str:
    return f"{BlockId.ACTION_ITEM}.{item_id}"


def item_text(item: ActionItemLine) -> str:
    due = f" (due {day(item.due_on)})" if item.due_on else ""
    late = " :hourglass: overdue" if item.overdue and not item.done else ""
    with_whom = f" · 1:1 with {escape(item.with_name)}" if item.with_name else ""
    text = f"{escape(item.text)}{due}{late}{with_whom}"
    return f":white_check_mark: ~{text}~ done" if item.done else f"• {text}"


def item_block(item: ActionItemLine) -> SectionBlock:
    """The item, with a Done button while it is open and has an id to close."""
    button = None
    if item.item_id is not None and not item.done:
        button = ButtonElement(
            text="Done", action_id=ActionId.ACTION_ITEM_DONE, value=str(item.item_id)
        )
    return SectionBlock(
        text=clip(item_text(item), MAX_TEXT),
        block_id=item_block_id(item.item_id) if item.item_id is not None else None,
        accessory=button,
    )


def my_items_message(items: Sequence[ActionItemLine]) -> Message:
    if not items:
        return message("No open action items. :tada:", [section("No open action items. :tada:")])
    shown = items[:MAX_LISTED]
    blocks: list[Block] = [section(f"*Your open action items* ({len(items)})")]
    blocks += [item_block(item) for item in shown]
    if len(items) > len(shown):
        blocks.append(context(f"…and {len(items) - len(shown)} more."))
    blocks.append(context("Click Done when one is done; your manager sees it at your next 1:1."))
    return message(f"You have {len(items)} open action items", blocks)


def overdue_reminder_message(item: ActionItemLine, *, held_on: date) -> Message:
    """The one reminder an owner gets once their item is past its due date."""
    due = day(item.due_on) if item.due_on else "earlier"
    with_whom = f" with {escape(item.with_name)}" if item.with_name else ""
    headline = (
        f":hourglass: An action item from your 1:1{with_whom} on {day(held_on)} was due {due}:"
    )
    blocks: list[Block] = [
        section(headline),
        item_block(ActionItemLine(item.text, None, item.item_id)),
        context("Done already? Click Done. Still on it? It stays on your list for the next 1:1."),
    ]
    return message(f"Overdue action item: {item.text} (due {due})", blocks)
