"""Each person's messaging calendar: working days, organisation holidays and their time off."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.domain.operating_system import TimeOff
from bot.domain.recurrence import to_local, to_utc

# A year of consecutive days off is a configuration problem, not a calendar: stop looking.
_SEARCH_LIMIT_DAYS = 366


@dataclass(frozen=True)
class PersonCalendar:
    """The days one person may be messaged, in their own zone."""

    tz: str
    working_days: frozenset[int]
    holidays: frozenset[date]
    time_off: tuple[TimeOff, ...] = ()
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
        """``instant``, or the same local time on this person's next day they can be messaged."""
        if instant in self._next_instants:
            return self._next_instants[instant]
        found = self._next_instants[instant] = self._next_messaging_instant(instant)
        return found

    def _next_messaging_instant(self, instant: datetime) -> datetime | None:
        local = to_local(instant, self.tz)
        if self.can_message_on(local.date()):
            return instant
        wall = local.replace(tzinfo=None)
        for days in range(1, _SEARCH_LIMIT_DAYS):
            candidate = wall + timedelta(days=days)
            if self.can_message_on(candidate.date()):
                return to_utc(candidate, self.tz)
        return None
