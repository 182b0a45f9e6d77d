from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.occurrence import SolutionType
from bot.domain.submissions import (
    ActionItemInput,
    ActionItemOwner,
    Focus,
    OneOnOneInput,
    TeamMeetingInput,
)
from bot.slack.blocks.meeting_parsers import parse_one_on_one, parse_team_meeting
from bot.slack.ids import BlockId
from tests.seeds.slack_people import PRIYA, SAM, SOMEONE_ELSES_REP
from tests.slack.blocks.slack_payloads import (
    checkboxes,
    multi,
    picked,
    plain,
    radio,
    state,
    static,
    with_rows,
)

TODAY = date(2024, 5, 14)
MY_REPS = (SAM.email, PRIYA.email)


def _row(n: int, text: str | None, owner: str | None, due: date | None) -> dict[str, Any]:
    return {
        f"action_item_text__{n}": plain(text),
        f"action_item_owner__{n}": static(owner),
        f"action_item_due__{n}": picked(due),
    }


def _one_on_one(rep: str | None = SAM.email, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "rep": static(rep),
        "held_on": picked(date(2024, 5, 14)),
        "topics": plain("Q2 pipeline; Globex renewal"),
        "performance_issue": plain("Discovery calls skip budget questions"),
        "solution": static("coaching"),
        "focus": radio("skill"),
        "focus_detail": plain("Discovery questions"),
        "next_meeting_on": picked(date(2024, 5, 21)),
    }
    fields.update(changes)
    rows = {
        **_row(1, "Send Globex the revised proposal", "rep", date(2024, 5, 17)),
        **_row(2, "Get pricing approval", "manager", None),
        **_row(3, None, "rep", None),
    }
    return with_rows(state(**fields), **rows)


def test_a_valid_1on1_note_is_parsed_with_its_action_items() -> None:
    parsed = parse_one_on_one(_one_on_one(), allowed_reps=MY_REPS, today=TODAY)

    assert parsed == OneOnOneInput(
        rep=SAM.email,
        held_on=date(2024, 5, 14),
        topics="Q2 pipeline; Globex renewal",
        solution=SolutionType.COACHING,
        performance_issue="Discovery calls skip budget questions",
        focus=Focus.SKILL,
        focus_detail="Discovery questions",
        action_items=(
            ActionItemInput(
                ActionItemOwner.REP, "Send Globex the revised proposal", date(2024, 5, 17)
            ),
            ActionItemInput(ActionItemOwner.MANAGER, "Get pricing approval"),
        ),
        next_meeting_on=date(2024, 5, 21),
    )


def test_a_rep_who_is_not_yours_is_rejected() -> None:
    errors = parse_one_on_one(_one_on_one(rep=SOMEONE_ELSES_REP), allowed_reps=MY_REPS, today=TODAY)

    assert errors == {BlockId.REP: "Choose one of your own reps."}


def test_rep_emails_match_regardless_of_case() -> None:
    parsed = parse_one_on_one(_one_on_one(rep=SAM.email.upper()), allowed_reps=MY_REPS, today=TODAY)

    assert isinstance(parsed, OneOnOneInput)


def test_a_1on1_held_in_the_future_is_rejected() -> None:
    values = _one_on_one(held_on=picked(date(2024, 5, 15)), next_meeting_on=picked(None))

    assert parse_one_on_one(values, allowed_reps=MY_REPS, today=TODAY) == {
        BlockId.HELD_ON: "That date is in the future: log notes after the meeting."
    }


def test_missing_topics_and_solution_are_each_asked_for() -> None:
    values = _one_on_one(topics=plain(" "), solution=static(None))

    assert parse_one_on_one(values, allowed_reps=MY_REPS, today=TODAY) == {
        BlockId.TOPICS: "Add the topics you covered.",
        BlockId.SOLUTION: "Choose the solution (or None needed).",
    }


def test_an_action_item_with_a_due_date_but_no_text_is_an_error_on_its_text() -> None:
    values = with_rows(_one_on_one(), **_row(3, None, "rep", date(2024, 5, 30)))

    assert parse_one_on_one(values, allowed_reps=MY_REPS, today=TODAY) == {
        "action_item_text.3": "Say what needs doing, or clear the due date."
    }


def test_an_action_item_due_before_the_meeting_is_rejected() -> None:
    values = with_rows(_one_on_one(), **_row(2, "Call the CFO", "manager", date(2024, 5, 1)))

    assert parse_one_on_one(values, allowed_reps=MY_REPS, today=TODAY) == {
        "action_item_due.2": "An action item can't be due before the meeting."
    }


def test_an_action_item_without_an_owner_belongs_to_the_rep() -> None:
    values = with_rows(_one_on_one(), **_row(3, "Update the CRM", None, None))

    parsed = parse_one_on_one(values, allowed_reps=MY_REPS, today=TODAY)

    assert isinstance(parsed, OneOnOneInput)
    assert parsed.action_items[-1] == ActionItemInput(ActionItemOwner.REP, "Update the CRM")


def test_the_next_1on1_must_come_after_this_one() -> None:
    values = _one_on_one(next_meeting_on=picked(date(2024, 5, 14)))

    assert parse_one_on_one(values, allowed_reps=MY_REPS, today=TODAY) == {
        BlockId.NEXT_MEETING_ON: "The next 1:1 must be after this one."
    }


AGENDA = ("Pipeline review", "Wins of the week")


def _team(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "held_on": picked(date(2024, 5, 13)),
        "attendees": multi([SAM.email, PRIYA.email]),
        "agenda_covered": checkboxes(["Pipeline review"]),
        "notes": plain("Good energy"),
        "decisions": plain(None),
    }
    fields.update(changes)
    return state(**fields)


def test_a_valid_team_meeting_note_is_parsed() -> None:
    parsed = parse_team_meeting(_team(), allowed_reps=MY_REPS, agenda=AGENDA, today=TODAY)

    assert parsed == TeamMeetingInput(
        held_on=date(2024, 5, 13),
        attendees=(SAM.email, PRIYA.email),
        agenda_covered=("Pipeline review",),
        notes="Good energy",
    )


def test_team_meeting_attendees_must_be_your_reps_and_not_empty() -> None:
    outsider = _team(attendees=multi([SAM.email, SOMEONE_ELSES_REP]))
    nobody = _team(attendees=multi([]))

    assert parse_team_meeting(outsider, allowed_reps=MY_REPS, agenda=AGENDA, today=TODAY) == {
        BlockId.ATTENDEES: "Only your own reps can be listed as attendees."
    }
    assert parse_team_meeting(nobody, allowed_reps=MY_REPS, agenda=AGENDA, today=TODAY) == {
        BlockId.ATTENDEES: "Choose who attended."
    }


def test_an_agenda_item_no_longer_configured_is_rejected() -> None:
    values = _team(
        agenda_covered=checkboxes(["Forecast deep dive"]), held_on=picked(date(2024, 5, 20))
    )

    assert parse_team_meeting(values, allowed_reps=MY_REPS, agenda=AGENDA, today=TODAY) == {
        BlockId.HELD_ON: "That date is in the future: log notes after the meeting.",
        BlockId.AGENDA_COVERED: "The agenda has changed: please tick the items again.",
    }
