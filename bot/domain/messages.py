"""The messages the bot sends: why each one goes out, and whether a due one still should."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.calendar import PersonCalendar
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

# Nudges that ask for the item before it is due: moved to the due instant or past it, they are
# not sent at all. Everything else that is a new DM (escalation, digest, summaries, a merged
# DM, an overdue action item) is only moved.
DUE_BOUND_PURPOSES = frozenset({MessagePurpose.OPEN, MessagePurpose.REMINDER})

# Messages that edit a DM already sent (chat.update) instead of posting one: an edit raises no
# notification, so it is not a DM reaching anyone, and it must land at once, or the nudge
# would still show "open" all night after the manager closed the item at 21:00.
EDIT_PURPOSES = frozenset({MessagePurpose.DONE_UPDATE})


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
    # An open or reminder whose recipient's next working hours begin at or after the due time.
    DUE_OUTSIDE_HOURS = "due before the recipient's next working hours"


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


def delivery_instant(
    purpose: MessagePurpose,
    *,
    person_calendar: PersonCalendar,
    at: datetime,
    due_at: datetime | None,
) -> datetime | None:
    """When a message meant for ``at`` may reach its recipient; None: it is not sent at all.

    Inside the recipient's working hours on a day they can be messaged: ``at``. Otherwise the
    start of their next working period, unless an open or reminder would get there at or after
    the due instant (an escalation or digest only moves). An edit is not a new DM: at once.
    """
    if purpose in EDIT_PURPOSES or person_calendar.may_message_at(at):
        return at
    moved = person_calendar.first_messaging_instant(at)
    if moved is None:
        return None
    if purpose in DUE_BOUND_PURPOSES and due_at is not None and moved >= due_at:
        return None
    return moved


def hours_verdict(
    purpose: MessagePurpose,
    *,
    person_calendar: PersonCalendar,
    due_at: datetime | None,
    now: datetime,
) -> Verdict:
    """The last word before a message goes out ``now``, whatever queued it and when: never
    outside the recipient's working hours (``delivery_instant``)."""
    at = delivery_instant(purpose, person_calendar=person_calendar, at=now, due_at=due_at)
    if at is None:
        return Cancel(CancelReason.DUE_OUTSIDE_HOURS)
    return Wait(at) if at > now else Send()


def backoff(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: doubling from ``base``, capped."""
    doubled: timedelta = base * 2 ** max(0, attempts - 1)
    return min(cap, doubled)
