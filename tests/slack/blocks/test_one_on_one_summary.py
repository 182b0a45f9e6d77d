from __future__ import annotations

from datetime import date

from bot.domain.submissions import Focus
from bot.slack.blocks.context import ActionItemLine, OneOnOneSummary
from bot.slack.blocks.one_on_one_summary import one_on_one_summary_message
from tests.slack.blocks.slack_payloads import serialised, visible_text


def test_the_rep_gets_topics_focus_and_their_action_items_with_due_dates() -> None:
    msg = one_on_one_summary_message(
        OneOnOneSummary(
            manager_name="Dana Whitfield",
            held_on=date(2024, 5, 14),
            topics="Q2 pipeline review; the Globex renewal",
            focus=Focus.SKILL,
            focus_detail="Discovery questions",
            rep_items=(
                ActionItemLine("Send Globex the revised proposal", date(2024, 5, 17)),
                ActionItemLine("Book two discovery calls"),
            ),
            manager_items=(ActionItemLine("Introduce Sam to the Globex CFO", date(2024, 5, 20)),),
            next_meeting_on=date(2024, 5, 21),
        )
    )

    shown = visible_text(serialised(msg.blocks))
    assert "Your 1:1 with Dana Whitfield on Tue 14 May" in shown
    assert "Q2 pipeline review; the Globex renewal" in shown
    assert "Skill: Discovery questions" in shown
    assert (
        "*Your action items*\n"
        "• Send Globex the revised proposal (due Fri 17 May)\n"
        "• Book two discovery calls"
    ) in shown
    assert "*Dana Whitfield will*\n• Introduce Sam to the Globex CFO (due Mon 20 May)" in shown
    assert "Next 1:1: Tue 21 May" in shown
    assert (
        msg.text == "Summary of your 1:1 with Dana Whitfield on Tue 14 May, 2 action items for you"
    )


def test_a_summary_without_items_stays_short() -> None:
    msg = one_on_one_summary_message(
        OneOnOneSummary(manager_name="Dana Whitfield", held_on=date(2024, 5, 14), topics="Check-in")
    )

    assert len(msg.blocks) == 2
    assert msg.text == "Summary of your 1:1 with Dana Whitfield on Tue 14 May"
