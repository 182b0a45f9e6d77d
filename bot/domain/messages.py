"""The messages the bot sends: why each one goes out, and whether a due one still should."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.occurrence import OccurrenceStatus


class MessagePurpose(StrEnum):
    """Why a message is sent; every planned message and every outbox row carries one."""

    OPEN = "open"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    DIGEST = "digest"
    # Edit the original nudge in place once its occurrence is done, skipped or excused.
    DONE_UPDATE = "done_update"
    # A rep's copy of the 1:1 summary and their action items.
    ONE_ON_ONE_SUMMARY = "one_on_one_summary"
    # A manager's short weekly summary of their own rhythm.
    MANAGER_SUMMARY = "manager_summary"
    # A leader's quarterly review: rhythm beside results, once per leader and quarter.
    REVIEW = "review"
    # The one reminder to an action item's owner once it is overdue.
    ACTION_ITEM_OVERDUE = "action_item_overdue"
    # Several nudges due for one person beyond their daily DM budget, merged into one DM.
    MERGED_NUDGES = "merged_nudges"


# Nudges that lose their point once the occurrence is closed.
NUDGE_PURPOSES = frozenset(
    {MessagePurpose.OPEN, MessagePurpose.REMINDER, MessagePurpose.ESCALATION}
)


class CancelReason(StrEnum):
    """Why a queued message was cancelled instead of sent; written on the outbox row.

    Reviving nudges matches on the reason, so it is always one of these or ``occurrence_closed``.
    """

    # Someone closed the occurrence (a submission, a skip, time off declared in Slack).
    OCCURRENCE_DONE = "occurrence done"
    OCCURRENCE_SKIPPED = "occurrence skipped"
    OCCURRENCE_EXCUSED = "occurrence excused"
    SNOOZED = "snoozed"
    BACK_FROM_TIME_OFF = "back from time off"
    NOTHING_TO_UPDATE = "no nudge was sent, so there is nothing to update"
    # A re-plan: the escalation's recipient is no longer the manager, or the nudge left the plan.
    MANAGER_CHANGED = "manager changed"
    NO_LONGER_PLANNED = "no longer planned"
    RECIPIENT_LEFT = "recipient left the roster"
    # An escalation blames a manager's report for a nudge that never reached them.
    NEVER_NUDGED = "the subject was never nudged before the due time"


def occurrence_closed(status: OccurrenceStatus) -> str:
    """The cancel reason of a nudge whose occurrence reached ``status``: ``occurrence missed``.

    The same words as ``CancelReason.OCCURRENCE_SKIPPED`` / ``OCCURRENCE_EXCUSED`` for those.
    """
    return f"occurrence {status.value}"


def occurrence_excused(reason: str) -> str:
    """The cancel reason of a nudge whose occurrence a re-plan excused."""
    return f"occurrence excused: {reason}"


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
    nudged_before_due: bool | None = None,
) -> Verdict:
    """A nudge about a closed occurrence is pointless; a snoozed person's reminder waits.

    Only reminders wait for a snooze: the escalation goes to the manager, who did not snooze.
    An escalation about someone no nudge reached before the due time is not sent at all.
    """
    if purpose in NUDGE_PURPOSES and status is not None and status.is_final:
        return Cancel(occurrence_closed(status))
    if purpose is MessagePurpose.ESCALATION and nudged_before_due is False:
        return Cancel(CancelReason.NEVER_NUDGED)
    if purpose is MessagePurpose.REMINDER and snoozed_until is not None and snoozed_until > now:
        return Wait(snoozed_until)
    return Send()


def backoff(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling from ``base``, capped."""
    doubled: timedelta = base * 2 ** max(0, attempts - 1)
    return min(cap, doubled)
