from __future__ import annotations

from datetime import date

from bot.domain.submissions import TeamMeetingInput
from bot.slack.blocks.context import FormSubject
from bot.slack.blocks.team_meeting_modal import team_meeting_modal
from bot.slack.ids import BlockId, CallbackId
from tests.seeds.slack_people import PRIYA, REPS, SAM
from tests.slack.blocks.slack_payloads import block, serialised

SUBJECT = FormSubject(title="Team meeting", cadence_id="team-meeting", occurrence_id=43)
AGENDA = ("Pipeline review", "Wins of the week", "Enablement topic")
TODAY = date(2024, 5, 14)


def test_the_team_meeting_modal_lists_reps_and_the_agenda_from_config() -> None:
    view = serialised(team_meeting_modal(SUBJECT, reps=REPS, agenda=AGENDA, today=TODAY))

    assert view["callback_id"] == CallbackId.TEAM_MEETING
    attendees = block(view, BlockId.ATTENDEES)["element"]
    assert attendees["type"] == "multi_static_select"
    assert [o["value"] for o in attendees["initial_options"]] == [SAM.email, PRIYA.email]
    agenda = block(view, BlockId.AGENDA_COVERED)["element"]
    assert agenda["type"] == "checkboxes"
    assert [o["text"]["text"] for o in agenda["options"]] == list(AGENDA)
    assert block(view, BlockId.HELD_ON)["element"]["initial_date"] == "2024-05-14"
    assert block(view, BlockId.DECISIONS)["element"]["multiline"] is True


def test_editing_notes_shows_what_was_saved() -> None:
    saved = TeamMeetingInput(
        held_on=date(2024, 5, 13),
        attendees=(PRIYA.email,),
        agenda_covered=("Wins of the week",),
        notes="Short one",
        decisions="Move the meeting to Tuesdays",
    )

    view = serialised(
        team_meeting_modal(SUBJECT, reps=REPS, agenda=AGENDA, today=TODAY, defaults=saved)
    )

    assert [o["value"] for o in block(view, BlockId.ATTENDEES)["element"]["initial_options"]] == [
        PRIYA.email
    ]
    covered = block(view, BlockId.AGENDA_COVERED)["element"]["initial_options"]
    assert [o["value"] for o in covered] == ["Wins of the week"]
    assert (
        block(view, BlockId.DECISIONS)["element"]["initial_value"] == "Move the meeting to Tuesdays"
    )


def test_a_long_agenda_becomes_a_multi_select_and_no_agenda_no_block() -> None:
    long_agenda = tuple(f"Topic {n}" for n in range(12))

    long_view = serialised(team_meeting_modal(SUBJECT, reps=REPS, agenda=long_agenda, today=TODAY))
    bare_view = serialised(team_meeting_modal(SUBJECT, reps=REPS, agenda=(), today=TODAY))

    assert block(long_view, BlockId.AGENDA_COVERED)["element"]["type"] == "multi_static_select"
    assert all(b.get("block_id") != BlockId.AGENDA_COVERED for b in bare_view["blocks"])
