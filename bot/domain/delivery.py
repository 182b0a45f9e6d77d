"""Whether a due message still makes sense to send, given what happened to its occurrence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.messages import NUDGE_PURPOSES, MessagePurpose
from bot.domain.occurrence import OccurrenceStatus


@dataclass(frozen=True)
class Send:
    pass


@dataclass(frozen=True)
class Cancel:
    reason: str


@dataclass(frozen=True)
class Wait:
    until: datetime


Verdict = Send | Cancel | Wait


def verdict(
    purpose: MessagePurpose,
    *,
    status: OccurrenceStatus | None,
    snoozed_until: datetime | None,
    now: datetime,
) -> Verdict:
    """A nudge about a closed occurrence is pointless; a snoozed person's reminder waits.

    Only reminders wait for a snooze: the escalation goes to the manager, who did not snooze.
    """
    if purpose in NUDGE_PURPOSES and status is not None and status.is_final:
        return Cancel(f"occurrence {status.value}")
    if purpose is MessagePurpose.REMINDER and snoozed_until is not None and snoozed_until > now:
        return Wait(snoozed_until)
    return Send()


def backoff(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling from ``base``, capped."""
    doubled: timedelta = base * 2 ** max(0, attempts - 1)
    return min(cap, doubled)
