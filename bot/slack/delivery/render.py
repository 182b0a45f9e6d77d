"""An outgoing message's facts → the Block Kit message Slack shows, via the Block Kit builders."""

from __future__ import annotations

from datetime import date

from bot.domain.messages import NUDGE_PURPOSES, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.submissions import Focus
from bot.services.delivery.compose import (
    ActionItemFact,
    OccurrenceFacts,
    OneOnOneFacts,
    OutgoingMessage,
)
from bot.slack.blocks.action_items import overdue_reminder_message
from bot.slack.blocks.context import (
    ActionItemLine,
    DoneContext,
    ExcusedContext,
    ItemRef,
    NudgeContext,
    OneOnOneSummary,
    SkippedContext,
)
from bot.slack.blocks.merged_nudges import merged_nudges_message
from bot.slack.blocks.message import Message
from bot.slack.blocks.nudges import done_message, excused_message, nudge_message, skipped_message
from bot.slack.blocks.one_on_one_summary import one_on_one_summary_message


class CannotRender(ValueError):
    """The facts do not make a message (e.g. an outcome update for a missed occurrence)."""


def render(message: OutgoingMessage) -> Message:
    facts = message.occurrence
    if message.purpose is MessagePurpose.ONE_ON_ONE_SUMMARY and message.one_on_one:
        return one_on_one_summary_message(_summary(message.one_on_one))
    if message.purpose is MessagePurpose.ACTION_ITEM_OVERDUE and message.action_item:
        item = message.action_item
        return overdue_reminder_message(_line(item), held_on=item.held_on or date.min)
    if message.purpose is MessagePurpose.MERGED_NUDGES and message.merged:
        return merged_nudges_message(
            [(_item(f), f.due_at, not f.status.is_final) for f in message.merged],
            tz=message.recipient_tz,
        )
    if facts is None:
        raise CannotRender(f"a {message.purpose} message needs an occurrence")
    if message.purpose in NUDGE_PURPOSES:
        return nudge_message(
            NudgeContext(
                item=_item(facts),
                purpose=message.purpose,
                subject_name=facts.subject_name,
                due_at=facts.due_at,
                tz=message.recipient_tz,
                opens_at=facts.opens_at,
                overdue_since=message.overdue_since,
            )
        )
    if message.purpose is MessagePurpose.DONE_UPDATE:
        return _outcome(facts, tz=message.recipient_tz)
    raise CannotRender(f"no message for purpose {message.purpose}")


def _item(facts: OccurrenceFacts) -> ItemRef:
    return ItemRef(
        occurrence_id=facts.occurrence_id,
        cadence_id=facts.cadence_id,
        kind=facts.kind,
        title=facts.title,
        counterpart_name=facts.counterpart_name,
    )


def _outcome(facts: OccurrenceFacts, *, tz: str) -> Message:
    item, closed_at, by = _item(facts), facts.closed_at, facts.closed_by_name or ""
    if facts.status.is_done and closed_at is not None:
        return done_message(
            DoneContext(
                item=item,
                completed_by_name=by,
                completed_at=closed_at,
                on_time=facts.status is OccurrenceStatus.DONE_ON_TIME,
                tz=tz,
                submission_id=facts.submission_id,
            )
        )
    if facts.status is OccurrenceStatus.SKIPPED and facts.skip_reason and closed_at:
        return skipped_message(
            SkippedContext(
                item=item,
                skipped_by_name=by,
                reason=facts.skip_reason,
                skipped_at=closed_at,
                tz=tz,
                note=facts.skip_note,
            )
        )
    if facts.status is OccurrenceStatus.EXCUSED and facts.excused_reason:
        return excused_message(
            ExcusedContext(item=item, reason=facts.excused_reason, due_at=facts.due_at, tz=tz)
        )
    raise CannotRender(f"no outcome message for a {facts.status} occurrence")


def _summary(facts: OneOnOneFacts) -> OneOnOneSummary:
    return OneOnOneSummary(
        manager_name=facts.manager_name,
        held_on=facts.held_on,
        topics=facts.topics,
        focus=Focus(facts.focus) if facts.focus else None,
        focus_detail=facts.focus_detail,
        rep_items=tuple(_line(i) for i in facts.rep_items),
        manager_items=tuple(ActionItemLine(i.text, i.due_on) for i in facts.manager_items),
        next_meeting_on=facts.next_meeting_on,
        carried_items=tuple(_line(i) for i in facts.carried_items),
    )


def _line(item: ActionItemFact) -> ActionItemLine:
    return ActionItemLine(
        item.text, item.due_on, item.item_id, done=item.done, with_name=item.with_name
    )
