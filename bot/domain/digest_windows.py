"""The stretches of time a weekly digest looks at, and the week-by-week series it charts.

A digest sent in the week starting ``week_start`` reports on the week before it (the *reported
week*), judges adherence over the 8 weeks ending with it and charts the last 12. Coaching is
shown for the latest coaching period closed by the digest's week (``coaching_periods``): a
fixed, closed window shows the same aggregate in every digest and every other output, so no two
can be subtracted to isolate the answers that arrived in between.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property

from bot.domain.adherence import AdherenceSummary, week_start
from bot.domain.coaching_periods import CoachingPeriod, latest_closed
from bot.domain.forecast_rollup import ForecastResult, group_accuracy

CHART_WEEKS = 12
TRAILING_WEEKS = 8


@dataclass(frozen=True)
class DigestWindows:
    week_start: date

    def __post_init__(self) -> None:
        if self.week_start.weekday() != 0:
            raise ValueError(f"week_start must be a Monday, got {self.week_start}")

    # Cached: a digest asks for these once per outcome it reads (tens of thousands of times).
    @cached_property
    def reported_week(self) -> date:
        return self.week_start - timedelta(weeks=1)

    @cached_property
    def reported_end(self) -> date:
        return self.week_start - timedelta(days=1)

    @cached_property
    def trailing_first(self) -> date:
        return self.reported_week - timedelta(weeks=TRAILING_WEEKS - 1)

    @cached_property
    def chart_weeks(self) -> tuple[date, ...]:
        first = self.reported_week - timedelta(weeks=CHART_WEEKS - 1)
        return tuple(first + timedelta(weeks=n) for n in range(CHART_WEEKS))

    @cached_property
    def chart_first(self) -> date:
        return self.chart_weeks[0]

    def in_chart(self, day: date) -> bool:
        return self.chart_first <= day <= self.reported_end

    def in_trailing(self, day: date) -> bool:
        return self.trailing_first <= day <= self.reported_end

    def in_reported_week(self, day: date) -> bool:
        return self.reported_week <= day <= self.reported_end

    @property
    def coaching_period(self) -> CoachingPeriod:
        """The latest coaching period closed when the digest's week starts."""
        return latest_closed(datetime.combine(self.week_start, time(), tzinfo=UTC))

    @property
    def coaching(self) -> tuple[date, date]:
        """``coaching_period`` as ``[first day, next month)``."""
        return self.coaching_period.window


@dataclass(frozen=True)
class WeekPoint:
    """One week: the on-time rate, and the WAPE of the forecasts made that week."""

    week_start: date
    adherence: float | None
    wape: Decimal | None


def weekly_series(
    by_week: Mapping[date, AdherenceSummary],
    results: Iterable[ForecastResult],
    *,
    weeks: Sequence[date],
) -> tuple[WeekPoint, ...]:
    """``by_week``: the adherence of each week (by its Monday) that had outcomes."""
    pairs: dict[date, list[tuple[Decimal, Decimal]]] = {}
    for result in results:
        pairs.setdefault(week_start(result.period_start), []).append(
            (result.forecast, result.actual)
        )
    return tuple(
        WeekPoint(
            week_start=week,
            adherence=by_week[week].rate if week in by_week else None,
            wape=group_accuracy(pairs[week]).wape if week in pairs else None,
        )
        for week in weeks
    )
