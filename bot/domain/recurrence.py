"""Periods of a schedule and their opens / due instants, in one person's local time.

All arithmetic happens on local wall-clock dates and times; each instant is then attached to
the person's zone with ``zoneinfo`` so DST changes and 30/45-minute offsets come out right.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from bot.domain.cadence import Frequency, Schedule, WeekdayTime

# Periods of a schedule without ``starting`` count from this Monday.
DEFAULT_ANCHOR = date(2024, 1, 1)


@dataclass(frozen=True)
class Period:
    """One period of a schedule: it starts on ``start`` (a local date) and ends before ``end``."""

    start: date
    end: date
    opens: datetime  # local, naive wall-clock
    due: datetime  # local, naive wall-clock


def to_utc(local: datetime, tz: str) -> datetime:
    """Attach ``tz`` to a naive local wall-clock time and return the UTC instant.

    A wall-clock time skipped by a DST jump resolves to the same instant as the time just
    before the jump plus the gap (09:00 never falls in a gap; 02:30 becomes 03:30).
    """
    return local.replace(tzinfo=zone(tz)).astimezone(UTC)


def to_local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(zone(tz))


@cache
def zone(tz: str) -> ZoneInfo:
    """The zone named ``tz``, kept: ``ZoneInfo`` holds only its last few zones strongly and
    reads a dropped zone's file again, once per instant when planning people in many zones."""
    return ZoneInfo(tz)


# Cached: a digest asks for the week of each of tens of thousands of outcomes, on few days.
@lru_cache(maxsize=4096)
def monday_of(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` ISO ``weekday`` of a month; ``nth == -1`` is the last one."""
    first = date(year, month, 1)
    if nth > 0:
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (nth - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def due_after(opens: datetime, due: WeekdayTime) -> datetime:
    """The first local instant matching ``due`` strictly after ``opens``.

    ``first fri`` (or a plain ``fri``) is the first Friday after opening; ``second fri`` the one
    after that; ``last fri`` the last Friday of the opening month (or of the next month when
    the opening month's last Friday has already passed).
    """
    if due.nth == -1:
        for months in (0, 1):
            month = _add_months(opens.date(), months)
            candidate = datetime.combine(
                nth_weekday(month.year, month.month, due.weekday, -1), due.at
            )
            if candidate > opens:
                return candidate
    days = (due.weekday - opens.isoweekday()) % 7
    candidate = datetime.combine(opens.date() + timedelta(days=days), due.at)
    if candidate <= opens:
        candidate += timedelta(days=7)
    return candidate + timedelta(weeks=max((due.nth or 1) - 1, 0))


def _period_at(schedule: Schedule, start: date) -> Period:
    if schedule.every is Frequency.WEEK:
        opens_day = start + timedelta(days=schedule.opens.weekday - 1)
        end = start + timedelta(weeks=schedule.interval)
    else:
        opens_day = nth_weekday(
            start.year, start.month, schedule.opens.weekday, schedule.opens.nth or 1
        )
        end = _add_months(start, schedule.interval)
    opens = datetime.combine(opens_day, schedule.opens.at)
    return Period(start=start, end=end, opens=opens, due=due_after(opens, schedule.due))


def period_starting_on_or_before(schedule: Schedule, day: date) -> date:
    """The start date of the period that contains local date ``day``."""
    anchor = schedule.starting or DEFAULT_ANCHOR
    if schedule.every is Frequency.WEEK:
        anchor_monday = monday_of(anchor)
        weeks = (monday_of(day) - anchor_monday).days // 7
        return anchor_monday + timedelta(weeks=weeks - weeks % schedule.interval)
    months = _months_between(anchor, day)
    return _add_months(anchor, months - months % schedule.interval)


def periods(schedule: Schedule, *, first_day: date, last_day: date) -> Iterator[Period]:
    """Every period whose start lies in the one containing ``first_day`` … ``last_day``."""
    start = period_starting_on_or_before(schedule, first_day)
    while start <= last_day:
        period = _period_at(schedule, start)
        yield period
        start = period.end


def next_period(schedule: Schedule, period: Period) -> Period:
    return _period_at(schedule, period.end)


@dataclass(frozen=True)
class WindowShape:
    """How long the opens → due window can be, and how close consecutive opens can be."""

    shortest_window: timedelta
    longest_window: timedelta
    overlaps_next_period: bool


def window_shape(schedule: Schedule, *, sample_from: date = DEFAULT_ANCHOR) -> WindowShape:
    """Sample enough periods to see every weekday alignment (7 years covers months too)."""
    sample = list(
        periods(schedule, first_day=sample_from, last_day=sample_from + timedelta(days=7 * 366))
    )
    windows = [p.due - p.opens for p in sample]
    overlaps = any(p.due > following.opens for p, following in itertools.pairwise(sample))
    return WindowShape(
        shortest_window=min(windows), longest_window=max(windows), overlaps_next_period=overlaps
    )
