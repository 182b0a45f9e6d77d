"""Whether a due message is still worth sending, and how long to wait after a failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.messages import Cancel, CancelReason, MessagePurpose, Send, Wait, backoff, verdict
from bot.domain.occurrence import OccurrenceStatus, unanswered_status

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_nudges_of_a_closed_occurrence_are_cancelled_but_its_done_update_goes_out() -> None:
    for purpose in (MessagePurpose.OPEN, MessagePurpose.REMINDER, MessagePurpose.ESCALATION):
        assert verdict(
            purpose, status=OccurrenceStatus.SKIPPED, snoozed_until=None, now=NOW
        ) == Cancel("occurrence skipped")
    assert (
        verdict(
            MessagePurpose.DONE_UPDATE,
            status=OccurrenceStatus.DONE_LATE,
            snoozed_until=None,
            now=NOW,
        )
        == Send()
    )


def test_a_snooze_holds_back_reminders_only_and_only_until_it_ends() -> None:
    until = NOW + timedelta(hours=2)
    open_ = OccurrenceStatus.OPEN
    assert verdict(MessagePurpose.REMINDER, status=open_, snoozed_until=until, now=NOW) == Wait(
        until
    )
    assert verdict(MessagePurpose.ESCALATION, status=open_, snoozed_until=until, now=NOW) == Send()
    assert verdict(MessagePurpose.REMINDER, status=open_, snoozed_until=until, now=until) == Send()


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    base, cap = timedelta(seconds=30), timedelta(minutes=5)
    waits = [backoff(n, base=base, cap=cap).total_seconds() for n in range(1, 7)]
    assert waits == [30, 60, 120, 240, 300, 300]


def test_an_escalation_goes_out_only_about_someone_a_nudge_reached_before_due() -> None:
    def escalation(nudged: bool | None) -> object:
        return verdict(
            MessagePurpose.ESCALATION,
            status=OccurrenceStatus.OPEN,
            snoozed_until=None,
            now=NOW,
            nudged_before_due=nudged,
        )

    assert escalation(True) == Send()
    assert escalation(False) == Cancel(CancelReason.NEVER_NUDGED)


def test_closing_unanswered_is_missed_only_after_a_nudge_arrived_before_due() -> None:
    due = NOW

    assert unanswered_status(due_at=due, first_nudge_at=due - timedelta(hours=1)) is (
        OccurrenceStatus.MISSED
    )
    assert unanswered_status(due_at=due, first_nudge_at=due) is OccurrenceStatus.NOT_NUDGED
    assert unanswered_status(due_at=due, first_nudge_at=None) is OccurrenceStatus.NOT_NUDGED
    assert OccurrenceStatus.NOT_NUDGED.is_final
