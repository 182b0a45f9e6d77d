"""The DM about one occurrence: the nudge (open, reminder, escalation) and what replaces it.

A nudge says what is due and by when, in the reader's local time, and offers one click for each
way out: open the form, snooze, or skip with a reason. When the occurrence closes, the same DM is
updated in place to its outcome (done, skipped, excused).
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    StaticSelectElement,
)

from bot.domain.cadence import Kind
from bot.domain.messages import MessagePurpose
from bot.slack.blocks.context import (
    DoneContext,
    ExcusedContext,
    ItemRef,
    NudgeContext,
    SkippedContext,
)
from bot.slack.blocks.display import context, section
from bot.slack.blocks.inputs import option
from bot.slack.blocks.labels import FORM_BUTTONS, SKIP_REASONS, SNOOZES
from bot.slack.blocks.message import Message, message
from bot.slack.blocks.text import escape, local_datetime, slack_datetime
from bot.slack.ids import ActionId, BlockId, SnoozeRequest

NOT_COUNTED = "A skip with a reason, or time away, never counts against your adherence."

# Slack's limit on a button's text.
MAX_BUTTON_TEXT = 75


def describe(item: ItemRef) -> str:
    """The occurrence in mrkdwn: ``*Weekly 1:1* with Sam Rivera``."""
    what = f"*{escape(item.title)}*"
    if item.kind is Kind.TEAM_MEETING:
        return f"{what} notes"
    if item.kind is Kind.ONE_ON_ONE and item.counterpart_name:
        return f"{what} with {escape(item.counterpart_name)}"
    return what


def _plain(item: ItemRef) -> str:
    return describe(item).replace("*", "")


def _ask(item: ItemRef) -> str:
    counterpart = escape(item.counterpart_name or "your manager")
    return {
        Kind.FORECAST: "Submit your commit, best case and pipeline for the period.",
        Kind.ONE_ON_ONE: "Log the topics, the solution you chose and the action items.",
        Kind.TEAM_MEETING: "Log who came, the agenda items covered and the decisions.",
        Kind.COACHING_PULSE: (
            f"Did {counterpart} coach you this period? Your answer is private: "
            "it is only ever shown in aggregate."
        ),
        Kind.ACTIVITY: "A few questions, a minute to answer.",
    }[item.kind]


def nudge_message(ctx: NudgeContext) -> Message:
    if ctx.purpose is MessagePurpose.ESCALATION:
        return _escalation(ctx)
    if ctx.purpose not in (MessagePurpose.OPEN, MessagePurpose.REMINDER):
        raise ValueError(f"no nudge for purpose {ctx.purpose}")
    what, due = describe(ctx.item), slack_datetime(ctx.due_at, ctx.tz)
    if ctx.overdue_since is not None:
        headline = f":hourglass: {what} is overdue: it was due {due}."
        text = f"{_plain(ctx.item)} is overdue (due {local_datetime(ctx.due_at, ctx.tz)})"
    elif ctx.purpose is MessagePurpose.REMINDER:
        headline = f":alarm_clock: Reminder: {what} is due *{due}*."
        text = f"Reminder: {_plain(ctx.item)} is due {local_datetime(ctx.due_at, ctx.tz)}"
    else:
        headline = f":clipboard: {what} is open. Due *{due}*."
        text = f"{_plain(ctx.item)} is due {local_datetime(ctx.due_at, ctx.tz)}"
    blocks: list[Block] = [
        section(f"{headline}\n{_ask(ctx.item)}", block_id=BlockId.NUDGE),
        nudge_actions(ctx.item),
    ]
    if ctx.item.kind is not Kind.COACHING_PULSE:
        blocks.append(context(f"Can't do it this time? Snooze it or skip it. {NOT_COUNTED}"))
    return message(text, blocks)


def _escalation(ctx: NudgeContext) -> Message:
    since = ctx.overdue_since or ctx.due_at
    who = escape(ctx.subject_name)
    text = f"{who}'s {_plain(ctx.item)} is overdue since {local_datetime(since, ctx.tz)}"
    blocks: list[Block] = [
        section(
            f":warning: {who}'s {describe(ctx.item)} is overdue "
            f"since *{slack_datetime(since, ctx.tz)}*.",
            block_id=BlockId.NUDGE,
        ),
        ActionsBlock(
            block_id=BlockId.NUDGE_ACTIONS,
            elements=[
                ButtonElement(
                    text=f"See {ctx.subject_name}'s status"[:MAX_BUTTON_TEXT],
                    action_id=ActionId.OVERDUE_STATUS,
                    value=str(ctx.item.occurrence_id),
                )
            ],
        ),
        context(
            f"{who} has been reminded. You get this because {who} reports to you; "
            "a skip with a reason or time away would not have been escalated."
        ),
    ]
    return message(text, blocks)


def nudge_actions(item: ItemRef, *, block_id: str = BlockId.NUDGE_ACTIONS) -> ActionsBlock:
    is_pulse = item.kind is Kind.COACHING_PULSE
    elements: list[ButtonElement | StaticSelectElement] = [
        ButtonElement(
            text=FORM_BUTTONS[item.kind],
            action_id=ActionId.RATE_COACHING if is_pulse else ActionId.OPEN_FORM,
            value=item.metadata().encode(),
            style="primary",
        ),
        StaticSelectElement(
            action_id=ActionId.SNOOZE,
            placeholder="Snooze…",
            options=[
                option(SnoozeRequest(item.occurrence_id, choice).encode(), label)
                for choice, label in SNOOZES.items()
            ],
        ),
    ]
    if not is_pulse:
        elements.append(
            ButtonElement(
                text="Skip with a reason", action_id=ActionId.SKIP, value=item.metadata().encode()
            )
        )
    return ActionsBlock(block_id=block_id, elements=elements)


def done_message(ctx: DoneContext) -> Message:
    timing = "on time" if ctx.on_time else "late"
    when = slack_datetime(ctx.completed_at, ctx.tz)
    headline = (
        f":white_check_mark: {describe(ctx.item)}: done by {escape(ctx.completed_by_name)} "
        f"{when} ({timing})."
    )
    if ctx.item.kind is Kind.COACHING_PULSE:
        headline = f":white_check_mark: Thanks, your coaching rating is in ({when})."
    blocks: list[Block] = [section(headline, block_id=BlockId.OUTCOME)]
    if ctx.submission_id is not None:
        edit = ButtonElement(
            text="Edit",
            action_id=ActionId.EDIT_SUBMISSION,
            value=ctx.item.metadata(version_of=ctx.submission_id).encode(),
        )
        blocks.append(ActionsBlock(block_id=BlockId.OUTCOME_ACTIONS, elements=[edit]))
    text = (
        f"{_plain(ctx.item)}: done by {escape(ctx.completed_by_name)} "
        f"{local_datetime(ctx.completed_at, ctx.tz)} ({timing})"
    )
    return message(text, blocks)


def skipped_message(ctx: SkippedContext) -> Message:
    reason = SKIP_REASONS[ctx.reason]
    if ctx.note:
        reason = f"{reason}: {escape(ctx.note)}"
    by = escape(ctx.skipped_by_name)
    blocks: list[Block] = [
        section(
            f":fast_forward: {describe(ctx.item)}: skipped by {by} "
            f"{slack_datetime(ctx.skipped_at, ctx.tz)}.\n>{reason}",
            block_id=BlockId.OUTCOME,
        ),
        context(NOT_COUNTED),
    ]
    return message(f"{_plain(ctx.item)}: skipped by {by}", blocks)


def excused_message(ctx: ExcusedContext) -> Message:
    due = slack_datetime(ctx.due_at, ctx.tz)
    blocks: list[Block] = [
        section(
            f":palm_tree: {describe(ctx.item)} (due {due}) is excused: {escape(ctx.reason)}. "
            "Nothing to do.",
            block_id=BlockId.OUTCOME,
        ),
        context(NOT_COUNTED),
    ]
    return message(f"{_plain(ctx.item)} is excused: {escape(ctx.reason)}", blocks)
