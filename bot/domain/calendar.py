"""Each person's messaging calendar: working days and hours, organisation holidays, time off."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from bot.domain.operating_system import TimeOff
from bot.domain.recurrence import to_local, to_utc
from bot.domain.working_hours import DEFAULT_WORKING_HOURS, WorkingHours

# A year of consecutive days off is a configuration problem, not a calendar: stop looking.
_SEARCH_LIMIT_DAYS = 366


@dataclass(frozen=True)
class PersonCalendar:
    """The days and hours one person may be messaged, in their own zone."""

    tz: str
    working_days: frozenset[int]
    holidays: frozenset[date]
    time_off: tuple[TimeOff, ...] = ()
    working_hours: WorkingHours = DEFAULT_WORKING_HOURS
    # Answers of next_messaging_instant: people share calendars (see OperatingSystem), and a
    # plan asks the same zone about the same instants for every one of them.
    _next_instants: dict[datetime, datetime | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def is_away(self, day: date) -> bool:
        return bool(self.time_off) and any(t.covers(day) for t in self.time_off)

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays

    def can_message_on(self, day: date) -> bool:
        return (
            day.isoweekday() in self.working_days
            and not self.is_holiday(day)
            and not self.is_away(day)
        )

    def next_messaging_instant(self, instant: datetime) -> datetime | None:
        """The first moment at or after ``instant`` this person may get a DM; None if none soon.

        Inside their working hours on a day they can be messaged: ``instant`` itself. Before
        the hours start: that day's start; after they end: the next day's start. Then, on a
        day off, the same local time on their next day they can be messaged.
        """
        if instant in self._next_instants:
            return self._next_instants[instant]
        found = self._next_instants[instant] = self.first_messaging_instant(instant)
        return found

    def may_message_at(self, instant: datetime) -> bool:
        """Whether ``instant`` is inside this person's hours on a day they can be messaged."""
        local = to_local(instant, self.tz)
        return self.working_hours.contains(local.time()) and self.can_message_on(local.date())

    def first_messaging_instant(self, instant: datetime) -> datetime | None:
        """``next_messaging_instant`` without remembering the answer: for instants asked once
        (a message's dispatch ``now``), which would only grow the memory."""
        local = to_local(instant, self.tz).replace(tzinfo=None)
        wall = self.working_hours.earliest_at_or_after(local)
        for days in range(_SEARCH_LIMIT_DAYS):
            candidate = wall + timedelta(days=days)
            if self.can_message_on(candidate.date()):
                return instant if candidate == local else to_utc(candidate, self.tz)
        return None


@lru_cache(maxsize=4096)
def hours_calendar(
    tz: str, *, working_days: frozenset[int], holidays: frozenset[date], hours: WorkingHours
) -> PersonCalendar:
    """The calendar of a zone's working days, holidays and hours, without anyone's time off.

    Shared by everyone with the same zone and hours: the dispatcher asks it about every message.
    """
    return PersonCalendar(tz=tz, working_days=working_days, holidays=holidays, working_hours=hours)
