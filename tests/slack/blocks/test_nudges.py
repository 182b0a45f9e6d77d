from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.messages import MessagePurpose
from bot.domain.occurrence import SkipReason, SnoozeChoice
from bot.slack.blocks.context import (
    DoneContext,
    ExcusedContext,
    ItemRef,
    NudgeContext,
    SkippedContext,
)
from bot.slack.blocks.message import MAX_MESSAGE_BLOCKS, Message, message
from bot.slack.blocks.nudges import done_message, excused_message, nudge_message, skipped_message
from bot.slack.ids import ActionId, BlockId, PrivateMetadata, SnoozeRequest
from tests.seeds.slack_people import (
    COACHING_PULSE,
    FORECAST,
    FRIDAY_5PM_BERLIN,
    LEADER_TZ,
    MANAGER_TZ,
    ONE_ON_ONE,
    TEAM_MEETING,
)
from tests.slack.blocks.slack_payloads import elements, serialised, visible_text

EPOCH = int(FRIDAY_5PM_BERLIN.timestamp())


def _nudge(
    item: ItemRef, purpose: MessagePurpose = MessagePurpose.OPEN, **extra: object
) -> Message:
    fields: dict[str, object] = {
        "item": item,
        "purpose": purpose,
        "subject_name": "Dana Whitfield",
        "due_at": FRIDAY_5PM_BERLIN,
        "tz": MANAGER_TZ,
        "opens_at": FRIDAY_5PM_BERLIN - timedelta(days=4),
    }
    return nudge_message(NudgeContext(**{**fields, **extra}))  # type: ignore[arg-type]


def _actions(msg: Message) -> dict[str, dict[str, object]]:
    return {e["action_id"]: e for e in elements(serialised(msg.blocks))}


def test_an_open_forecast_nudge_says_what_is_due_by_when_in_local_time() -> None:
    msg = _nudge(FORECAST)

    shown = visible_text(serialised(msg.blocks))
    assert "*Weekly forecast* is open" in shown
    assert f"<!date^{EPOCH}^{{date_short_pretty}} at {{time}}|Fri 17 May at 17:00 CEST>" in shown
    assert "commit, best case and pipeline" in shown
    assert msg.text == "Weekly forecast is due Fri 17 May at 17:00 CEST"


def test_the_nudge_offers_the_form_a_snooze_and_a_skip() -> None:
    actions = _actions(_nudge(FORECAST))

    assert list(actions) == [ActionId.OPEN_FORM, ActionId.SNOOZE, ActionId.SKIP]
    form = actions[ActionId.OPEN_FORM]
    assert form["style"] == "primary"
    assert form["text"]["text"] == "Submit forecast"  # type: ignore[index]
    assert PrivateMetadata.decode(str(form["value"])) == PrivateMetadata(
        occurrence_id=41, cadence_id="weekly-forecast"
    )
    snoozes = [SnoozeRequest.decode(o["value"]) for o in actions[ActionId.SNOOZE]["options"]]  # type: ignore[attr-defined]
    assert snoozes == [
        SnoozeRequest(41, SnoozeChoice.TWO_HOURS),
        SnoozeRequest(41, SnoozeChoice.TOMORROW_MORNING),
    ]
    labels = [o["text"]["text"] for o in actions[ActionId.SNOOZE]["options"]]  # type: ignore[attr-defined]
    assert labels == ["In 2 hours", "Tomorrow morning"]
    assert actions[ActionId.SKIP]["text"]["text"] == "Skip with a reason"  # type: ignore[index]


def test_a_one_on_one_nudge_names_the_rep_and_escapes_names() -> None:
    item = ItemRef(
        42, "weekly-1on1", ONE_ON_ONE.kind, "Weekly 1:1", counterpart_name="Sam <Rivera>"
    )

    msg = _nudge(item)

    shown = visible_text(serialised(msg.blocks))
    assert "*Weekly 1:1* with Sam &lt;Rivera&gt;" in shown
    assert _actions(msg)[ActionId.OPEN_FORM]["text"]["text"] == "Log 1:1 notes"  # type: ignore[index]


def test_a_reminder_says_it_is_a_reminder() -> None:
    msg = _nudge(TEAM_MEETING, MessagePurpose.REMINDER)

    assert "Reminder: *Team meeting* notes is due" in visible_text(serialised(msg.blocks))
    assert msg.text.startswith("Reminder: Team meeting notes is due Fri 17 May at 17:00 CEST")


def test_a_reminder_after_the_due_time_says_it_is_overdue() -> None:
    msg = _nudge(FORECAST, MessagePurpose.REMINDER, overdue_since=FRIDAY_5PM_BERLIN)

    assert "is overdue: it was due" in visible_text(serialised(msg.blocks))


def test_the_coaching_pulse_asks_the_rep_privately_and_cannot_be_skipped() -> None:
    msg = _nudge(COACHING_PULSE)

    actions = _actions(msg)
    assert list(actions) == [ActionId.RATE_COACHING, ActionId.SNOOZE]
    shown = visible_text(serialised(msg.blocks))
    assert "Did Dana Whitfield coach you this period?" in shown
    assert "only ever shown in aggregate" in shown


def test_an_escalation_tells_the_manager_what_is_overdue_and_since_when() -> None:
    msg = nudge_message(
        NudgeContext(
            item=FORECAST,
            purpose=MessagePurpose.ESCALATION,
            subject_name="Dana Whitfield",
            due_at=FRIDAY_5PM_BERLIN,
            tz=LEADER_TZ,
            overdue_since=FRIDAY_5PM_BERLIN,
        )
    )

    shown = visible_text(serialised(msg.blocks))
    assert "Dana Whitfield's *Weekly forecast* is overdue since" in shown
    assert "|Fri 17 May at 11:00 EDT>" in shown
    assert msg.text == "Dana Whitfield's Weekly forecast is overdue since Fri 17 May at 11:00 EDT"
    [status] = _actions(msg).values()
    assert status["action_id"] == ActionId.OVERDUE_STATUS
    assert status["text"]["text"] == "See Dana Whitfield's status"
    assert status["value"] == str(FORECAST.occurrence_id)


def test_there_is_no_nudge_for_a_digest() -> None:
    with pytest.raises(ValueError, match="digest"):
        _nudge(FORECAST, MessagePurpose.DIGEST)


def test_the_done_version_says_by_whom_when_and_offers_an_edit() -> None:
    msg = done_message(
        DoneContext(
            item=FORECAST,
            completed_by_name="Dana Whitfield",
            completed_at=FRIDAY_5PM_BERLIN - timedelta(hours=3),
            on_time=True,
            tz=MANAGER_TZ,
            submission_id=7,
        )
    )

    shown = visible_text(serialised(msg.blocks))
    assert "*Weekly forecast*: done by Dana Whitfield" in shown
    assert "|Fri 17 May at 14:00 CEST> (on time)" in shown
    edit = _actions(msg)[ActionId.EDIT_SUBMISSION]
    assert PrivateMetadata.decode(str(edit["value"])) == PrivateMetadata(
        occurrence_id=41, cadence_id="weekly-forecast", version_of=7
    )
    assert msg.text == "Weekly forecast: done by Dana Whitfield Fri 17 May at 14:00 CEST (on time)"


def test_a_late_completion_says_late_and_without_a_submission_has_no_edit() -> None:
    msg = done_message(
        DoneContext(
            item=TEAM_MEETING,
            completed_by_name="Dana Whitfield",
            completed_at=FRIDAY_5PM_BERLIN + timedelta(days=1),
            on_time=False,
            tz=MANAGER_TZ,
        )
    )

    assert "(late)" in visible_text(serialised(msg.blocks))
    assert _actions(msg) == {}


def test_the_skipped_version_shows_the_reason_and_that_it_does_not_count() -> None:
    msg = skipped_message(
        SkippedContext(
            item=ONE_ON_ONE,
            skipped_by_name="Dana Whitfield",
            reason=SkipReason.OTHER,
            note="Sam moved to the <EMEA> team",
            skipped_at=FRIDAY_5PM_BERLIN,
            tz=MANAGER_TZ,
        )
    )

    shown = visible_text(serialised(msg.blocks))
    assert "*Weekly 1:1* with Sam Rivera: skipped by Dana Whitfield" in shown
    assert "Other: Sam moved to the &lt;EMEA&gt; team" in shown
    assert "never counts against your adherence" in shown


def test_the_excused_version_says_why_and_that_nothing_is_needed() -> None:
    msg = excused_message(
        ExcusedContext(
            item=TEAM_MEETING,
            reason="Whit Monday (public holiday)",
            due_at=FRIDAY_5PM_BERLIN,
            tz=MANAGER_TZ,
        )
    )

    shown = visible_text(serialised(msg.blocks))
    assert "is excused: Whit Monday (public holiday). Nothing to do." in shown
    assert msg.blocks[0].to_dict()["block_id"] == BlockId.OUTCOME


def test_a_message_refuses_more_blocks_than_slack_allows() -> None:
    blocks = _nudge(FORECAST).blocks[:1] * (MAX_MESSAGE_BLOCKS + 1)

    with pytest.raises(ValueError, match="at most 50 blocks"):
        message("too long", blocks)


@pytest.mark.parametrize("item", [FORECAST, ONE_ON_ONE, TEAM_MEETING, COACHING_PULSE])
def test_every_nudge_serialises_within_slacks_limits(item: ItemRef) -> None:
    for purpose in (MessagePurpose.OPEN, MessagePurpose.REMINDER, MessagePurpose.ESCALATION):
        msg = _nudge(item, purpose)
        assert len(serialised(msg.blocks)["blocks"]) <= MAX_MESSAGE_BLOCKS
