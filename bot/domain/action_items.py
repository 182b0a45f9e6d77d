"""The life of an action item agreed in a 1:1: open, then done on time or done late.

An item is judged on its owner's local dates: done on or before its due date is on time, done
after it is late, and one still open after its due date is overdue. Follow-through is a measured
behaviour like timeliness: of the items that are judged (done, or open past their due date), how
many were done on time. An open item that is not yet due is not judged yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.calendar import PersonCalendar
from bot.domain.recurrence import to_local, to_utc


class ItemState(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"

    @property
    def is_done(self) -> bool:
        return self in (ItemState.DONE_ON_TIME, ItemState.DONE_LATE)


def item_state(*, due_on: date | None, done_on: date | None, today: date) -> ItemState:
    """``done_on`` and ``today`` are the owner's local dates; no due date is never late."""
    if done_on is not None:
        late = due_on is not None and done_on > due_on
        return ItemState.DONE_LATE if late else ItemState.DONE_ON_TIME
    if due_on is not None and today > due_on:
        return ItemState.OVERDUE
    return ItemState.OPEN


@dataclass(frozen=True)
class ActionItemRecord:
    """One action item as the reports read it; emails are roster emails."""

    manager: str
    rep: str
    owner: str
    held_on: date
    due_on: date | None
    done_on: date | None

    def state(self, today: date) -> ItemState:
        return item_state(due_on=self.due_on, done_on=self.done_on, today=today)


@dataclass(frozen=True)
class FollowThrough:
    """Counts of items by state; ``rate`` is done on time ÷ judged (done, or overdue)."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0

    @property
    def judged(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def still_open(self) -> int:
        return self.overdue + self.open

    @property
    def rate(self) -> float | None:
        return self.on_time / self.judged if self.judged else None

    @property
    def late_share(self) -> float | None:
        """Done late or still open past the due date, ÷ judged."""
        return (self.late + self.overdue) / self.judged if self.judged else None


def follow_through(items: Iterable[ActionItemRecord], *, today: date) -> FollowThrough:
    states = [item.state(today) for item in items]
    return FollowThrough(
        on_time=states.count(ItemState.DONE_ON_TIME),
        late=states.count(ItemState.DONE_LATE),
        overdue=states.count(ItemState.OVERDUE),
        open=states.count(ItemState.OPEN),
    )


def follow_through_by_manager(
    items: Iterable[ActionItemRecord], *, today: date
) -> dict[str, FollowThrough]:
    """Keyed by the manager's lower-case email: the items agreed in that manager's 1:1s."""
    grouped: dict[str, list[ActionItemRecord]] = {}
    for item in items:
        grouped.setdefault(item.manager.lower(), []).append(item)
    return {manager: follow_through(group, today=today) for manager, group in grouped.items()}


def overdue_reminder_at(
    *, due_on: date, person_calendar: PersonCalendar, now: datetime
) -> datetime | None:
    """When the owner of an item due on ``due_on`` gets its one overdue reminder: the start of
    their working hours on the day after the due date, or, if that is gone or they cannot be
    messaged then, the start of their next working hours on a day they can be messaged (never a
    non-working day, holiday or time off). Found during working hours: at once."""
    hours, tz = person_calendar.working_hours, person_calendar.tz
    first = to_utc(datetime.combine(due_on + timedelta(days=1), hours.start), tz)
    at = max(first, now)
    moved = person_calendar.next_messaging_instant(at)
    if moved is None or moved == at:
        return moved
    # Moved on to a later day: its working hours' start, not the hour it was found at.
    return to_utc(datetime.combine(to_local(moved, tz).date(), hours.start), tz)
