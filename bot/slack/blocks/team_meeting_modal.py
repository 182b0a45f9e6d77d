"""The team-meeting notes modal: who came, which agenda items were covered, what was decided."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.submissions import TeamMeetingInput
from bot.slack.blocks.context import FormSubject, RepOption
from bot.slack.blocks.inputs import (
    checkboxes_input,
    date_input,
    due_context,
    modal,
    multi_select_input,
    option,
    text_input,
)
from bot.slack.ids import BlockId, CallbackId


def team_meeting_modal(
    subject: FormSubject,
    *,
    reps: Sequence[RepOption],
    agenda: Sequence[str],
    today: date,
    defaults: TeamMeetingInput | None = None,
) -> View:
    """``defaults``: the notes being edited. New notes start on ``today`` with every rep ticked
    as attending; the manager removes who was absent."""
    given = defaults or TeamMeetingInput(held_on=today, attendees=tuple(r.email for r in reps))
    blocks: list[Block] = [
        *due_context(subject),
        date_input(BlockId.HELD_ON, "Date held", initial=given.held_on),
        multi_select_input(
            BlockId.ATTENDEES,
            "Attendees",
            [option(r.email, r.name) for r in reps],
            initial=given.attendees,
        ),
    ]
    if agenda:
        blocks.append(
            checkboxes_input(
                BlockId.AGENDA_COVERED,
                "Agenda items covered",
                [option(item, item) for item in agenda],
                initial=given.agenda_covered,
                optional=True,
            )
        )
    blocks += [
        text_input(BlockId.NOTES, "Notes", initial=given.notes, multiline=True, optional=True),
        text_input(
            BlockId.DECISIONS, "Decisions", initial=given.decisions, multiline=True, optional=True
        ),
    ]
    return modal(
        callback_id=CallbackId.TEAM_MEETING,
        title=subject.title,
        submit="Save notes",
        blocks=blocks,
        metadata=subject.metadata,
    )
