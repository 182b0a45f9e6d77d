"""The DM a rep gets after their manager logs a 1:1: what was covered and who does what by when.

The diagnosed performance issue and the chosen solution are the manager's working notes and are
not repeated to the rep; the topics, the focus and the action items are.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block

from bot.slack.blocks.action_items import item_block, item_text
from bot.slack.blocks.context import ActionItemLine, OneOnOneSummary
from bot.slack.blocks.display import context, section
from bot.slack.blocks.labels import FOCUSES
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import day, escape
from bot.slack.ids import BlockId


def _items(heading: str, items: Sequence[ActionItemLine]) -> str:
    return "\n".join([f"*{heading}*", *(item_text(item) for item in items)])


def _closable(heading: str, items: Sequence[ActionItemLine]) -> list[Block]:
    """The rep's own items, each with a Done button while open."""
    return [section(f"*{heading}*"), *(item_block(item) for item in items)]


def one_on_one_summary_message(summary: OneOnOneSummary) -> Message:
    manager = escape(summary.manager_name)
    held = day(summary.held_on)
    blocks: list[Block] = [
        section(f":memo: Your 1:1 with {manager} on {held}", block_id=BlockId.SUMMARY),
        section(f"*Topics*\n{escape(summary.topics)}"),
    ]
    if summary.focus or summary.focus_detail:
        label = FOCUSES[summary.focus] if summary.focus else "Focus"
        detail = f": {escape(summary.focus_detail)}" if summary.focus_detail else ""
        blocks.append(section(f"*What you're working on*\n{label}{detail}"))
    if summary.rep_items:
        blocks += _closable("Your action items", summary.rep_items)
    if summary.carried_items:
        blocks += _closable("Still open from earlier 1:1s", summary.carried_items)
    if summary.manager_items:
        blocks.append(section(_items(f"{manager} will", summary.manager_items)))
    if summary.next_meeting_on:
        blocks.append(context(f"Next 1:1: {day(summary.next_meeting_on)}"))
    count = len(summary.rep_items)
    items = f", {count} action item{'s' if count != 1 else ''} for you" if count else ""
    return message(f"Summary of your 1:1 with {manager} on {held}{items}", blocks)
