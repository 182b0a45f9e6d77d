"""A manager's short personal weekly summary of their own rhythm.

The same numbers as the manager's row in their leader's digest (it is built by the same
``manager_row``), so a manager and their leader never read two versions of one week. The
coaching figures come from the organisation-wide tree, like every other view of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.adherence import OccurrenceOutcome
from bot.domain.attention import ManagerRow, manager_row
from bot.domain.coaching import LoggedOneOnOne, RepRating
from bot.domain.coaching_view import published_nodes, team_gap
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_results import (
    Actual,
    ForecastHistory,
    forecast_periods,
    forecast_results,
    forecast_standings,
)
from bot.domain.outcome_tally import OutcomeTally, tally
from bot.domain.roster import Roster


@dataclass(frozen=True)
class ManagerSummary:
    week_start: date
    reported_week: date
    coaching_window: tuple[date, date]
    currency: str
    generated_at: datetime
    row: ManagerRow


def compose_manager_summary(
    *,
    roster: Roster,
    manager: str,
    week_start: date,
    outcomes: Iterable[OccurrenceOutcome] | OutcomeTally,
    forecasts: ForecastHistory,
    actuals: Iterable[Actual],
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    threshold: int,
    now: datetime,
    titles: Mapping[str, str] | None = None,
    currency: str = "USD",
    lines: Roster | None = None,
) -> ManagerSummary:
    """``logged`` and ``ratings`` must cover the whole organisation (see ``coaching_view``);
    ``lines`` are the reporting lines the coaching month closed with (``None``: the roster's)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    windows = DigestWindows(week_start)
    person = roster[manager]
    key = person.email.lower()
    dues = [d for d in forecasts.dues if d.manager.lower() == key]
    nodes = published_nodes(
        roster,
        manager,
        lines=roster if lines is None else lines,
        period=windows.coaching_period,
        logged=logged,
        ratings=ratings,
        threshold=threshold,
        now=now,
    )
    row = manager_row(
        person,
        counts=tally(outcomes).weeks_of(key),
        results=[
            r
            for r in forecast_results(forecasts, actuals)
            if r.manager.lower() == key and windows.in_chart(r.period_start)
        ],
        forecast=forecast_standings(
            forecasts, [key], periods=forecast_periods(dues, last_day=windows.reported_end)
        )[key],
        coaching=team_gap(nodes[key]),
        windows=windows,
        titles=titles or {},
    )
    return ManagerSummary(
        week_start=week_start,
        reported_week=windows.reported_week,
        coaching_window=windows.coaching,
        currency=currency,
        generated_at=now,
        row=row,
    )
