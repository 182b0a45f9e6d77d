"""One manager's line in a digest, and the order that puts who needs attention first.

The order: most occurrences missed in the reported week first (a miss is the loudest signal
and the freshest); then the lowest on-time rate over the trailing 8 weeks (a manager who slips
week after week before one with a single bad week; no history sorts last); then a forecast not
submitted; then by name, so the order is stable from one week to the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.adherence import AdherenceSummary, combined, skips_often
from bot.domain.coaching import CoachingGap
from bot.domain.digest_windows import DigestWindows, WeekPoint, weekly_series
from bot.domain.forecast_results import ForecastStanding
from bot.domain.forecast_rollup import Figures, ForecastResult, GroupAccuracy, group_accuracy
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.outcome_tally import WeekCounts, summary, week_summary
from bot.domain.roster import Person

# Below this trailing on-time rate a manager is flagged even without a miss this week.
ATTENTION_RATE = 0.8


@dataclass(frozen=True)
class Missed:
    cadence_id: str
    title: str
    count: int


@dataclass(frozen=True)
class ManagerRow:
    email: str
    name: str
    week: AdherenceSummary
    trailing: AdherenceSummary
    missed: tuple[Missed, ...]
    frequent_skipper: bool
    forecast: ForecastStanding
    accuracy: GroupAccuracy
    coaching: CoachingGap
    weeks: tuple[WeekPoint, ...]

    @property
    def commit(self) -> Decimal | None:
        figures: Figures | None = self.forecast.current
        return figures.commit if figures else None

    @property
    def needs_attention(self) -> bool:
        rate = self.trailing.rate
        return bool(
            self.week.missed
            or self.forecast.missing
            or (rate is not None and rate < ATTENTION_RATE)
        )


def attention_key(row: ManagerRow) -> tuple[int, float, int, str]:
    rate = row.trailing.rate
    return (
        -row.week.missed,
        rate if rate is not None else 2.0,
        0 if row.forecast.missing else 1,
        row.name.lower(),
    )


def by_attention(rows: Sequence[ManagerRow]) -> tuple[ManagerRow, ...]:
    return tuple(sorted(rows, key=attention_key))


def manager_row(
    person: Person,
    *,
    counts: Mapping[date, WeekCounts],
    results: Sequence[ForecastResult],
    forecast: ForecastStanding,
    coaching: CoachingGap,
    windows: DigestWindows,
    titles: Mapping[str, str],
) -> ManagerRow:
    """``counts`` are this manager's outcomes by week (``outcome_tally``); ``results`` are within
    the digest's chart window."""
    week = counts.get(windows.reported_week, Counter())
    by_week = {w: week_summary(counts[w]) for w in windows.chart_weeks if w in counts}
    trailing = combined(
        by_week[w] for w in windows.chart_weeks if windows.in_trailing(w) and w in by_week
    )
    missed: Counter[str] = Counter()
    for (cadence, status, _reason), count in week.items():
        if status is OccurrenceStatus.MISSED:
            missed[cadence] += count
    return ManagerRow(
        email=person.email,
        name=person.name,
        week=by_week.get(windows.reported_week) or summary([]),
        trailing=trailing,
        missed=tuple(
            Missed(cadence, titles.get(cadence, cadence), count)
            for cadence, count in sorted(missed.items())
        ),
        frequent_skipper=skips_often(trailing),
        forecast=forecast,
        accuracy=group_accuracy((r.forecast, r.actual) for r in results),
        coaching=coaching,
        weeks=weekly_series(
            by_week,
            results,
            weeks=windows.chart_weeks,
        ),
    )
