"""Whether a due message is still worth sending, and how long to wait after a failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.messages import Cancel, MessagePurpose, Send, Wait, backoff, verdict
from bot.domain.occurrence import OccurrenceStatus

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
