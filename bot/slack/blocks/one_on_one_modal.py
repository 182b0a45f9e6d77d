"""The 1:1 notes modal: which rep, what was diagnosed and chosen, and who does what by when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block, InputBlock
from slack_sdk.models.views import View

from bot.domain.submissions import ActionItemInput, ActionItemOwner
from bot.slack.blocks.context import CarriedItem, FormSubject, OneOnOneDefaults, RepOption
from bot.slack.blocks.display import context, section
from bot.slack.blocks.inputs import (
    checkboxes_input,
    date_input,
    due_context,
    modal,
    option,
    radio_input,
    select_input,
    text_input,
)
from bot.slack.blocks.labels import FOCUSES, OWNERS, SOLUTIONS
from bot.slack.blocks.text import day
from bot.slack.ids import ActionId, BlockId, CallbackId, row_block_id

# Three rows for a new note; more when a note being edited has more items (one spare row).
ACTION_ITEM_ROWS = 3
MAX_ACTION_ITEM_ROWS = 6


def action_item_rows(drafts: Sequence[ActionItemInput]) -> int:
    return min(max(ACTION_ITEM_ROWS, len(drafts) + 1), MAX_ACTION_ITEM_ROWS)


def one_on_one_modal(
    subject: FormSubject,
    *,
    reps: Sequence[RepOption],
    today: date,
    defaults: OneOnOneDefaults | None = None,
) -> View:
    """``reps`` are the only reps that can be chosen: the manager's own (or the 1:1's rep).

    ``defaults`` is the note being edited, or a new note; either way its ``open_items`` are the
    items still open from earlier 1:1s with that rep, offered as checkboxes to tick done.
    Choosing another rep dispatches ``ActionId.ONE_ON_ONE_REP`` so the listener can re-open the
    modal with that rep's open items.
    """
    given = defaults or OneOnOneDefaults()
    blocks: list[Block] = [
        *due_context(subject),
        _rep_select(reps, given.rep),
        date_input(BlockId.HELD_ON, "Date held", initial=given.held_on or today),
        text_input(BlockId.TOPICS, "Topics", initial=given.topics, multiline=True),
        text_input(
            BlockId.PERFORMANCE_ISSUE,
            "Performance issue diagnosed",
            initial=given.performance_issue,
            multiline=True,
            optional=True,
            hint="Private to you and your leaders; not sent to the rep.",
        ),
        select_input(
            BlockId.SOLUTION,
            "Solution chosen",
            [option(s, label) for s, label in SOLUTIONS.items()],
            initial=given.solution,
        ),
        radio_input(
            BlockId.FOCUS,
            "Worked on",
            [option(f, label) for f, label in FOCUSES.items()],
            initial=given.focus,
            optional=True,
        ),
        text_input(
            BlockId.FOCUS_DETAIL,
            "Skill or mindset worked on",
            initial=given.focus_detail,
            optional=True,
            placeholder="e.g. discovery questions, handling price objections",
        ),
        *_open_items(given.open_items),
        section("*Action items*"),
        context(_action_items_note(given)),
    ]
    rows = action_item_rows(given.action_items)
    drafts: list[ActionItemInput | None] = [*given.action_items[:rows]]
    drafts += [None] * (rows - len(drafts))
    for row, draft in enumerate(drafts, start=1):
        blocks.extend(_action_item_row(row, draft))
    blocks.append(
        date_input(
            BlockId.NEXT_MEETING_ON, "Next 1:1", initial=given.next_meeting_on, optional=True
        )
    )
    return modal(
        callback_id=CallbackId.ONE_ON_ONE,
        title=subject.title,
        submit="Save notes",
        blocks=blocks,
        metadata=subject.metadata,
    )


def _rep_select(reps: Sequence[RepOption], chosen: str | None) -> InputBlock:
    return select_input(
        BlockId.REP,
        "Rep",
        [option(r.email, r.name) for r in reps],
        initial=chosen if chosen else (reps[0].email if len(reps) == 1 else None),
        action_id=ActionId.ONE_ON_ONE_REP,
        dispatch=len(reps) > 1,
    )


def _action_items_note(given: OneOnOneDefaults) -> str:
    note = "New items agreed today. Leave a row empty to skip it."
    return f"{note} The rep gets a summary with their items."


def _open_items(items: Sequence[CarriedItem]) -> list[Block]:
    """The items still open from earlier 1:1s: tick what is done; the rest carry forward."""
    if not items:
        return []
    options = [option(str(item.item_id), _carried_label(item)) for item in items]
    return [
        checkboxes_input(
            BlockId.OPEN_ITEMS,
            "Done since last time",
            options,
            optional=True,
            hint="Open items from earlier 1:1s. What you leave unticked stays open, due when "
            "it was due.",
        )
    ]


def _carried_label(item: CarriedItem) -> str:
    owner = "Rep" if item.owner_is_rep else "You"
    due = f", due {day(item.due_on)}" if item.due_on else ""
    late = " (overdue)" if item.overdue else ""
    return f"{owner}: {item.text}{due}{late}"


def _action_item_row(row: int, draft: ActionItemInput | None) -> list[Block]:
    owner = draft.owner if draft else ActionItemOwner.REP
    return [
        text_input(
            row_block_id(BlockId.ACTION_ITEM_TEXT, row),
            f"Action item {row}",
            initial=draft.text if draft else None,
            optional=True,
        ),
        select_input(
            row_block_id(BlockId.ACTION_ITEM_OWNER, row),
            f"Owner of item {row}",
            [option(o, label) for o, label in OWNERS.items()],
            initial=owner,
            optional=True,
        ),
        date_input(
            row_block_id(BlockId.ACTION_ITEM_DUE, row),
            f"Item {row} due",
            initial=draft.due_on if draft else None,
            optional=True,
        ),
    ]
