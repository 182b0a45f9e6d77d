"""The periods coaching results are published for: calendar months, and only once closed.

Every output (digest, manager summary and detail, export, App Home, any JSON) cuts its coaching
figures from these periods and no others. A figure computed for a period that is still taking
answers would change as answers arrive, and two copies taken before and after one more answer
give that answer away by subtraction; two outputs with different windows over the same answers
leak the same way. So:

- a rating belongs to the calendar month its ``period_start`` falls in (the pulse's period, or
  the rep's week when they rate without a pulse);
- a month *closes* ``RATINGS_SETTLE`` after it ends (UTC); only then is anything shown for it;
- from the moment it closes a month takes no new or changed rating, so what is shown for it
  never changes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

# A coaching pulse opens on a Friday and stays open into the next week: a month's last ratings
# are in two weeks after it ended.
RATINGS_SETTLE = timedelta(days=14)


@dataclass(frozen=True, order=True)
class CoachingPeriod:
    """One calendar month: ratings with ``start <= period_start < end``."""

    start: date

    def __post_init__(self) -> None:
        if self.start.day != 1:
            raise ValueError(f"a coaching period starts on the 1st, got {self.start}")

    @property
    def end(self) -> date:
        """The first day of the next month (exclusive)."""
        return (self.start + timedelta(days=31)).replace(day=1)

    @property
    def window(self) -> tuple[date, date]:
        return self.start, self.end

    @property
    def closes_on(self) -> date:
        """From this UTC day on the period is final: shown, and closed to ratings."""
        return self.end + RATINGS_SETTLE

    def closed(self, now: datetime) -> bool:
        return _utc_day(now) >= self.closes_on

    def previous(self) -> CoachingPeriod:
        return CoachingPeriod((self.start - timedelta(days=1)).replace(day=1))


def period_of(day: date) -> CoachingPeriod:
    """The period a rating for ``day`` (its ``period_start``) is counted in."""
    return CoachingPeriod(day.replace(day=1))


def latest_closed(now: datetime) -> CoachingPeriod:
    """The most recent period that is closed at ``now``."""
    period = period_of(_utc_day(now))
    while not period.closed(now):
        period = period.previous()
    return period


def accepts_ratings(period_start: date, *, now: datetime) -> bool:
    """Whether a rating for ``period_start`` may still be given or changed at ``now``."""
    return not period_of(period_start).closed(now)


def _utc_day(now: datetime) -> date:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC).date()
