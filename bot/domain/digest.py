"""The weekly leader digest as plain data: what a leader reads on Monday morning.

It covers the leader's whole subtree for the reported week (see ``digest_windows``): whether
the rhythm held, the forecast roll-up and its change, how accurate past forecasts were, the
coaching gap, and one row per manager, who needs attention first (see ``attention``). Slack,
the terminal and the chart render this same object, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.adherence import AdherenceSummary, OccurrenceOutcome, combined
from bot.domain.attention import ManagerRow, by_attention
from bot.domain.coaching import CoachingGap, LoggedOneOnOne, RepRating
from bot.domain.coaching_loop import CoachingLoop
from bot.domain.coaching_view import node_of
from bot.domain.digest_basis import DigestBasis
from bot.domain.digest_forecast import ForecastHeadline, forecast_headline
from bot.domain.digest_results import DigestResults, digest_results
from bot.domain.digest_windows import WeekPoint, weekly_series
from bot.domain.forecast_results import Actual, ForecastHistory, forecast_periods
from bot.domain.forecast_rollup import GroupAccuracy, LeaderAdjustment, group_accuracy
from bot.domain.outcome_tally import OutcomeTally, summary, tally
from bot.domain.rhythm_grid import RhythmGrid, rhythm_grid
from bot.domain.roster import Role, Roster
from bot.domain.targets import Target

NOT_ENOUGH_RESPONSES = "not enough responses"


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


def _rhythm(week: AdherenceSummary, trailing: AdherenceSummary) -> Rhythm:
    if week.rate is None or trailing.rate is None:
        return Rhythm.NO_DATA
    return Rhythm.HELD if week.rate >= trailing.rate else Rhythm.SLIPPED


def compose_digest(
    *,
    roster: Roster,
    leader: str,
    week_start: date,
    outcomes: Iterable[OccurrenceOutcome] | OutcomeTally,
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
    with (``None``: the roster's); the other inputs need only cover the leader's subtree
    (``outcomes`` may come counted, see ``outcome_tally``)."""
    basis = DigestBasis(
        roster=roster,
        week_start=week_start,
        tally=tally(outcomes),
        forecasts=forecasts,
        actuals=list(actuals),
        adjustments=list(adjustments),
        logged=list(logged),
        ratings=list(ratings),
        threshold=threshold,
        now=now,
        titles=titles or {},
        currency=currency,
        targets=list(targets),
        lines=roster if lines is None else lines,
    )
    return digest_of(basis, leader)


def digest_of(basis: DigestBasis, leader: str) -> Digest:
    """``leader``'s digest, cut from a ``basis`` that covers their subtree (and maybe more)."""
    roster, windows = basis.roster, basis.windows
    team = [roster[leader], *roster.subtree(leader)]
    managers = [p for p in team if Role.MANAGER in roster.roles(p.email)]
    keys = [m.email.lower() for m in managers]
    forecasts = basis.history_of(keys)
    periods = forecast_periods(forecasts.dues, last_day=windows.reported_end)
    rows = by_attention([basis.row(m, periods=periods, leader=leader) for m in managers])
    results = [r for k in keys for r in basis.results_of.get(k, ())]
    weeks = {
        w: summary(counts for k in keys if (counts := basis.tally.weeks_of(k).get(w)))
        for w in windows.chart_weeks
    }
    week = weeks[windows.reported_week]
    trailing = combined(weeks[w] for w in windows.chart_weeks if windows.in_trailing(w))
    # Only the adjustments a digest of this subtree alone would read: its leaders' and its own.
    recorders = {team[0].email.lower()} | {
        p.email.lower() for p in team[1:] if Role.LEADER in roster.roles(p.email)
    }
    return Digest(
        leader=roster[leader].email,
        leader_name=roster[leader].name,
        week_start=basis.week_start,
        reported_week=windows.reported_week,
        coaching_window=windows.coaching,
        currency=basis.currency,
        generated_at=basis.now,
        headline=Headline(
            rhythm=_rhythm(week, trailing),
            week=week,
            trailing=trailing,
            forecast=forecast_headline(
                roster,
                leader=leader,
                forecasts=forecasts,
                adjustments=(a for a in basis.adjustments if a.leader.lower() in recorders),
                periods=periods,
                rows=rows,
            ),
            accuracy=group_accuracy((r.forecast, r.actual) for r in results),
            coaching=node_of(leader, basis.nodes(leader)).gap,
        ),
        managers=rows,
        series=weekly_series(
            {w: s for w, s in weeks.items() if s.expected}, results, weeks=windows.chart_weeks
        ),
        results=digest_results(
            [m.email for m in managers],
            targets=basis.targets,
            actuals=(a for k in keys for a in basis.actuals_of.get(k, ())),
            entries=forecasts.entries,
            reported_week=windows.reported_week,
            as_of=windows.reported_end,
        ),
        grid=rhythm_grid(
            basis.tally, managers=[(r.email, r.name) for r in rows], weeks=windows.chart_weeks
        ),
    )
