"""Scoring forecasts: each manager's locked commit against what their team actually booked.

A weekly commit is the manager's call for the actuals period (a month or a quarter, as imported)
that contains the forecast period's first day. It is scored with the version that stood at the
forecast's due instant, so edits after the deadline never flatter the accuracy, and a forecast
first submitted late has nothing to score (its lateness already shows in adherence).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.domain.forecast_rollup import (
    Figures,
    ForecastEntry,
    ForecastResult,
    latest_per_manager,
    locked_forecast,
)
from bot.domain.occurrence import OccurrenceStatus

# A forecast nobody owed (skipped with a reason, or excused) is not "not submitted".
NOT_OWED = frozenset({OccurrenceStatus.SKIPPED, OccurrenceStatus.EXCUSED})


@dataclass(frozen=True)
class Actual:
    """What a manager's team booked in a closed period, both ends included."""

    manager: str
    period_start: date
    period_end: date
    amount: Decimal

    def covers(self, day: date) -> bool:
        return self.period_start <= day <= self.period_end


@dataclass(frozen=True)
class ForecastDue:
    """One forecast occurrence: whose, for which period, due when, and where it stands."""

    manager: str
    period_start: date
    due_at: datetime
    status: OccurrenceStatus

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")


@dataclass(frozen=True)
class ForecastHistory:
    """Forecast occurrences and every version submitted for them."""

    dues: tuple[ForecastDue, ...] = ()
    entries: tuple[ForecastEntry, ...] = ()


@dataclass(frozen=True)
class ForecastStanding:
    """One manager's latest figures for the current and the previous forecast period."""

    current: Figures | None
    previous: Figures | None
    owed: bool

    @property
    def missing(self) -> bool:
        return self.owed and self.current is None

    @property
    def change(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current.commit - self.previous.commit


def forecast_results(history: ForecastHistory, actuals: Iterable[Actual]) -> list[ForecastResult]:
    versions: dict[tuple[str, date], list[ForecastEntry]] = {}
    for entry in history.entries:
        versions.setdefault((entry.manager.lower(), entry.period_start), []).append(entry)
    booked: dict[str, list[Actual]] = {}
    for booking in actuals:
        booked.setdefault(booking.manager.lower(), []).append(booking)
    results = []
    for due in history.dues:
        key = (due.manager.lower(), due.period_start)
        locked = locked_forecast(versions.get(key, []), due.due_at)
        actual = _narrowest(a for a in booked.get(key[0], []) if a.covers(due.period_start))
        if locked is not None and actual is not None:
            result = ForecastResult(due.manager, due.period_start, locked.commit, actual.amount)
            results.append(result)
    return results


def _narrowest(candidates: Iterable[Actual]) -> Actual | None:
    # Months and quarters imported side by side: the month is the more specific call.
    return min(candidates, key=lambda a: a.period_end - a.period_start, default=None)


# The current forecast period, and the one before it when there was one.
Periods = tuple[date, date | None]


def forecast_periods(dues: Sequence[ForecastDue], *, last_day: date) -> Periods | None:
    """The latest forecast period begun by ``last_day``, and the period before it."""
    starts = sorted({d.period_start for d in dues if d.period_start <= last_day})
    if not starts:
        return None
    return starts[-1], starts[-2] if len(starts) > 1 else None


def forecast_standings(
    history: ForecastHistory, managers: Iterable[str], *, periods: Periods | None
) -> dict[str, ForecastStanding]:
    """Each manager's standing, by lower-case email; the history is read once for all of them."""
    keys = [m.lower() for m in managers]
    if periods is None:
        return {key: ForecastStanding(current=None, previous=None, owed=False) for key in keys}
    current, previous = periods
    now_entries = latest_per_manager(history.entries, current)
    before_entries = latest_per_manager(history.entries, previous) if previous else {}
    owing = {
        d.manager.lower()
        for d in history.dues
        if d.period_start == current and d.status not in NOT_OWED
    }
    standings = {}
    for key in keys:
        now_entry, before = now_entries.get(key), before_entries.get(key)
        standings[key] = ForecastStanding(
            current=now_entry.figures if now_entry else None,
            previous=before.figures if before else None,
            owed=key in owing,
        )
    return standings
