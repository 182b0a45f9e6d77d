"""The weekly leader digest as plain data: what a leader reads on Monday morning.

It covers the leader's whole subtree for the reported week (see ``digest_windows``): whether
the rhythm held, the forecast roll-up and its change, how accurate past forecasts were, the
coaching gap, and one row per manager, who needs attention first (see ``attention``). Slack,
the terminal and the chart render this same object, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from bot.domain.adherence import AdherenceSummary, OccurrenceOutcome, adherence
from bot.domain.attention import ManagerRow, by_attention, manager_row
from bot.domain.coaching import CoachingGap, LoggedOneOnOne, RepRating
from bot.domain.coaching_loop import CoachingLoop
from bot.domain.coaching_view import published_nodes, team_gap
from bot.domain.digest_forecast import ForecastHeadline, forecast_headline
from bot.domain.digest_results import DigestResults, digest_results
from bot.domain.digest_windows import DigestWindows, WeekPoint, weekly_series
from bot.domain.forecast_results import (
    Actual,
    ForecastHistory,
    forecast_periods,
    forecast_results,
    forecast_standings,
)
from bot.domain.forecast_rollup import GroupAccuracy, LeaderAdjustment, group_accuracy
from bot.domain.rhythm_grid import RhythmGrid, rhythm_grid
from bot.domain.roster import Role, Roster
from bot.domain.targets import Target

NOT_ENOUGH_RESPONSES = "not enough responses"
T = TypeVar("T")


class Rhythm(StrEnum):
    """The reported week against the trailing 8 weeks it belongs to."""

    HELD = "held"
    SLIPPED = "slipped"
    NO_DATA = "no data"


@dataclass(frozen=True)
class Headline:
    rhythm: Rhythm
    week: AdherenceSummary
    trailing: AdherenceSummary
    forecast: ForecastHeadline
    accuracy: GroupAccuracy
    coaching: CoachingGap


@dataclass(frozen=True)
class Digest:
    leader: str
    leader_name: str
    week_start: date
    reported_week: date
    coaching_window: tuple[date, date]
    currency: str
    generated_at: datetime
    headline: Headline
    managers: tuple[ManagerRow, ...]
    series: tuple[WeekPoint, ...]
    # Results against targets (None: no manager has one) and the week-by-manager picture.
    results: DigestResults | None
    grid: RhythmGrid
    # What managers work on, follow-through, checklists, skips and hints (``coaching_loop``).
    coaching: CoachingLoop | None = None

    @property
    def who_missed(self) -> tuple[ManagerRow, ...]:
        return tuple(row for row in self.managers if row.missed)

    def manager(self, email: str) -> ManagerRow:
        found = next((r for r in self.managers if r.email.lower() == email.lower()), None)
        if found is None:
            raise KeyError(email)
        return found


def _by_person(items: Iterable[T], person: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(person(item).lower(), []).append(item)
    return grouped


def _rhythm(week: AdherenceSummary, trailing: AdherenceSummary) -> Rhythm:
    if week.rate is None or trailing.rate is None:
        return Rhythm.NO_DATA
    return Rhythm.HELD if week.rate >= trailing.rate else Rhythm.SLIPPED


def compose_digest(
    *,
    roster: Roster,
    leader: str,
    week_start: date,
    outcomes: Iterable[OccurrenceOutcome],
    forecasts: ForecastHistory,
    actuals: Iterable[Actual],
    adjustments: Iterable[LeaderAdjustment],
    logged: Iterable[LoggedOneOnOne],
    ratings: Iterable[RepRating],
    threshold: int,
    now: datetime,
    titles: Mapping[str, str] | None = None,
    currency: str = "USD",
    targets: Iterable[Target] = (),
    lines: Roster | None = None,
) -> Digest:
    """``logged`` and ``ratings`` must cover the whole organisation above and beside ``leader``
    (see ``coaching_view``), and ``lines`` are the reporting lines the coaching month closed
    with (``None``: the roster's); the other inputs need only cover the leader's subtree."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    windows = DigestWindows(week_start)
    actuals = list(actuals)
    team = [roster[leader], *roster.subtree(leader)]
    managers = [p for p in team if Role.MANAGER in roster.roles(p.email)]
    keys = {m.email.lower() for m in managers}
    seen = [o for o in outcomes if o.person.lower() in keys and windows.in_chart(o.period_start)]
    results = [
        r
        for r in forecast_results(forecasts, actuals)
        if r.manager.lower() in keys and windows.in_chart(r.period_start)
    ]
    dues = [d for d in forecasts.dues if d.manager.lower() in keys]
    periods = forecast_periods(dues, last_day=windows.reported_end)
    nodes = published_nodes(
        roster,
        leader,
        lines=roster if lines is None else lines,
        period=windows.coaching_period,
        logged=logged,
        ratings=ratings,
        threshold=threshold,
        now=now,
    )
    standings = forecast_standings(forecasts, keys, periods=periods)
    outcomes_of = _by_person(seen, lambda o: o.person)
    results_of = _by_person(results, lambda r: r.manager)
    rows = by_attention(
        [
            manager_row(
                m,
                outcomes=outcomes_of.get(m.email.lower(), []),
                results=results_of.get(m.email.lower(), []),
                forecast=standings[m.email.lower()],
                coaching=team_gap(nodes[m.email.lower()]),
                windows=windows,
                titles=titles or {},
            )
            for m in managers
        ]
    )
    week = adherence(o for o in seen if windows.in_reported_week(o.period_start))
    trailing = adherence(o for o in seen if windows.in_trailing(o.period_start))
    return Digest(
        leader=roster[leader].email,
        leader_name=roster[leader].name,
        week_start=week_start,
        reported_week=windows.reported_week,
        coaching_window=windows.coaching,
        currency=currency,
        generated_at=now,
        headline=Headline(
            rhythm=_rhythm(week, trailing),
            week=week,
            trailing=trailing,
            forecast=forecast_headline(
                roster,
                leader=leader,
                forecasts=forecasts,
                adjustments=adjustments,
                periods=periods,
                rows=rows,
            ),
            accuracy=group_accuracy((r.forecast, r.actual) for r in results),
            coaching=nodes[leader.lower()].gap,
        ),
        managers=rows,
        series=weekly_series(seen, results, weeks=windows.chart_weeks),
        results=digest_results(
            [m.email for m in managers],
            targets=targets,
            actuals=actuals,
            entries=forecasts.entries,
            reported_week=windows.reported_week,
            as_of=windows.reported_end,
        ),
        grid=rhythm_grid(
            seen, managers=[(r.email, r.name) for r in rows], weeks=windows.chart_weeks
        ),
    )
