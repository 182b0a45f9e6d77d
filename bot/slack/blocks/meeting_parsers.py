"""1:1 and team-meeting note submissions → typed inputs, or errors per field.

Action items: a row counts when its text is filled in. The owner defaults to the rep (the select
is pre-set to the rep anyway) and the due date is optional; a row with a due date but no text is
an error on its text, so nothing typed is silently dropped. Dates held may not be in the future
of ``today``, the manager's local date.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from enum import StrEnum
from typing import TypeVar

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import (
    ActionItemInput,
    ActionItemOwner,
    Focus,
    OneOnOneInput,
    TeamMeetingInput,
    due_before_meeting,
    held_in_future,
    next_meeting_too_early,
)
from bot.slack.blocks.state import (
    StateValues,
    has_block,
    picked_date,
    selected,
    selected_many,
    text,
)
from bot.slack.blocks.submission_parsers import FieldErrors
from bot.slack.ids import BlockId, row_block_id

E = TypeVar("E", bound=StrEnum)


def _held_on(values: StateValues, today: date, errors: FieldErrors) -> date:
    held_on = picked_date(values, BlockId.HELD_ON)
    if held_on is None:
        errors[BlockId.HELD_ON] = "Pick the date the meeting was held."
    elif held_in_future(held_on, today=today):
        errors[BlockId.HELD_ON] = "That date is in the future: log notes after the meeting."
    return held_on or today


def _enum(kind: type[E], raw: str | None) -> E | None:
    try:
        return kind(raw) if raw is not None else None
    except ValueError:
        return None


def _action_items(
    values: StateValues, held_on: date, errors: FieldErrors
) -> tuple[ActionItemInput, ...]:
    items: list[ActionItemInput] = []
    row = 1
    while has_block(values, row_block_id(BlockId.ACTION_ITEM_TEXT, row)):
        text_block = row_block_id(BlockId.ACTION_ITEM_TEXT, row)
        due_block = row_block_id(BlockId.ACTION_ITEM_DUE, row)
        item_text, due_on = text(values, text_block), picked_date(values, due_block)
        owner = _enum(
            ActionItemOwner, selected(values, row_block_id(BlockId.ACTION_ITEM_OWNER, row))
        )
        if item_text is None and due_on is not None:
            errors[text_block] = "Say what needs doing, or clear the due date."
        elif due_on is not None and due_before_meeting(due_on, held_on=held_on):
            errors[due_block] = "An action item can't be due before the meeting."
        elif item_text is not None:
            items.append(ActionItemInput(owner or ActionItemOwner.REP, item_text, due_on))
        row += 1
    return tuple(items)


def parse_one_on_one(
    values: StateValues, *, allowed_reps: Collection[str], today: date
) -> OneOnOneInput | FieldErrors:
    """``allowed_reps``: roster emails the manager may log a 1:1 for (their own reps)."""
    errors: FieldErrors = {}
    rep = selected(values, BlockId.REP)
    if rep is None or rep.lower() not in {r.lower() for r in allowed_reps}:
        errors[BlockId.REP] = "Choose one of your own reps."
    held_on = _held_on(values, today, errors)
    topics = text(values, BlockId.TOPICS)
    if topics is None:
        errors[BlockId.TOPICS] = "Add the topics you covered."
    solution = _enum(SolutionType, selected(values, BlockId.SOLUTION))
    if solution is None:
        errors[BlockId.SOLUTION] = "Choose the solution (or None needed)."
    action_items = _action_items(values, held_on, errors)
    next_on = picked_date(values, BlockId.NEXT_MEETING_ON)
    if next_on is not None and next_meeting_too_early(next_on, held_on=held_on):
        errors[BlockId.NEXT_MEETING_ON] = "The next 1:1 must be after this one."
    if errors or rep is None or topics is None or solution is None:
        return errors
    return OneOnOneInput(
        rep=rep,
        held_on=held_on,
        topics=topics,
        solution=solution,
        performance_issue=text(values, BlockId.PERFORMANCE_ISSUE),
        focus=_enum(Focus, selected(values, BlockId.FOCUS)),
        focus_detail=text(values, BlockId.FOCUS_DETAIL),
        action_items=action_items,
        next_meeting_on=next_on,
        done_items=_ticked_ids(values),
    )


def _ticked_ids(values: StateValues) -> tuple[int, ...]:
    """Ids of the earlier open items ticked done; the service checks they are this pair's."""
    ticked = selected_many(values, BlockId.OPEN_ITEMS)
    return tuple(int(v) for v in ticked if v.isdigit() and len(v) < 19)


def parse_team_meeting(
    values: StateValues, *, allowed_reps: Collection[str], agenda: Sequence[str], today: date
) -> TeamMeetingInput | FieldErrors:
    errors: FieldErrors = {}
    held_on = _held_on(values, today, errors)
    attendees = selected_many(values, BlockId.ATTENDEES)
    allowed = {r.lower() for r in allowed_reps}
    if not attendees:
        errors[BlockId.ATTENDEES] = "Choose who attended."
    elif any(a.lower() not in allowed for a in attendees):
        errors[BlockId.ATTENDEES] = "Only your own reps can be listed as attendees."
    covered = selected_many(values, BlockId.AGENDA_COVERED)
    if any(item not in agenda for item in covered):
        errors[BlockId.AGENDA_COVERED] = "The agenda has changed: please tick the items again."
    if errors:
        return errors
    return TeamMeetingInput(
        held_on=held_on,
        attendees=tuple(attendees),
        agenda_covered=tuple(covered),
        notes=text(values, BlockId.NOTES),
        decisions=text(values, BlockId.DECISIONS),
    )
