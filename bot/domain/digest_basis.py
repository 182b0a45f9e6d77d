"""What the digests of one week are cut from, with each manager's figures computed once.

Every leader's digest is made of its managers' rows plus sums over them, and a manager's row
does not depend on which leader reads it: only on the manager's own history, the forecast
periods in view and the coaching tree of the organisation. So the basis reads the history of
many leaders' managers at once (the Monday run: every leader of the organisation) and computes
each manager's row, forecast results and coaching node once; every leader's digest
(``digest.digest_of``) then picks its managers' parts. Built for a single leader it is exactly
that leader's digest: the cut is the same whether the basis covers one subtree or all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TypeVar

from bot.domain.attention import ManagerRow, manager_row
from bot.domain.coaching import LoggedOneOnOne, RepRating
from bot.domain.coaching_tree import CoachingGapNode
from bot.domain.coaching_view import node_of, organisation_nodes, team_gap, top_of
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_results import (
    Actual,
    ForecastDue,
    ForecastHistory,
    Periods,
    forecast_results,
    forecast_standings,
)
from bot.domain.forecast_rollup import ForecastEntry, ForecastResult, LeaderAdjustment
from bot.domain.outcome_tally import OutcomeTally
from bot.domain.roster import Person, Roster
from bot.domain.targets import Target

T = TypeVar("T")


def _by_person(items: Iterable[T], person: str) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(getattr(item, person).lower(), []).append(item)
    return grouped


@dataclass
class DigestBasis:
    """The inputs of ``compose_digest`` for any number of leaders (each input covering all of
    their subtrees; coaching the whole organisation, as ``coaching_view`` requires), and the
    parts computed from them so far."""

    roster: Roster
    week_start: date
    tally: OutcomeTally
    forecasts: ForecastHistory
    actuals: Sequence[Actual]
    adjustments: Sequence[LeaderAdjustment]
    logged: Sequence[LoggedOneOnOne]
    ratings: Sequence[RepRating]
    threshold: int
    now: datetime
    titles: Mapping[str, str]
    currency: str
    targets: Sequence[Target]
    lines: Roster
    # Computed so far: the coaching tree of each organisation top, and manager rows.
    _trees: dict[str, dict[str, CoachingGapNode]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _rows: dict[tuple[str, Periods | None, str | None], ManagerRow] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("now must be timezone-aware")

    @cached_property
    def windows(self) -> DigestWindows:
        return DigestWindows(self.week_start)

    @cached_property
    def results(self) -> list[ForecastResult]:
        """Every closed forecast period's result (the coaching loop reads their biases)."""
        return forecast_results(self.forecasts, self.actuals)

    @cached_property
    def results_of(self) -> dict[str, list[ForecastResult]]:
        """Each manager's results for periods in the chart."""
        in_chart = (r for r in self.results if self.windows.in_chart(r.period_start))
        return _by_person(in_chart, "manager")

    @cached_property
    def dues_of(self) -> dict[str, list[ForecastDue]]:
        return _by_person(self.forecasts.dues, "manager")

    @cached_property
    def entries_of(self) -> dict[str, list[ForecastEntry]]:
        return _by_person(self.forecasts.entries, "manager")

    @cached_property
    def actuals_of(self) -> dict[str, list[Actual]]:
        return _by_person(self.actuals, "manager")

    def history_of(self, keys: Sequence[str]) -> ForecastHistory:
        """The forecast history of these managers (lower-case emails) only."""
        return ForecastHistory(
            dues=tuple(d for k in keys for d in self.dues_of.get(k, ())),
            entries=tuple(e for k in keys for e in self.entries_of.get(k, ())),
        )

    def top(self, person: str) -> str | None:
        """The top of ``person``'s organisation in the coaching lines (None: not in them)."""
        return top_of(self.lines, person).lower() if person in self.lines else None

    def nodes(self, person: str) -> Mapping[str, CoachingGapNode]:
        """The org-wide coaching tree ``person`` belongs to, built once per top."""
        top = self.top(person)
        if top is None:
            return {}
        if top not in self._trees:
            self._trees[top] = organisation_nodes(
                self.lines,
                top,
                period=self.windows.coaching_period,
                logged=self.logged,
                ratings=self.ratings,
                threshold=self.threshold,
                now=self.now,
            )
        return self._trees[top]

    def row(self, manager: Person, *, periods: Periods | None, leader: str) -> ManagerRow:
        """``manager``'s row in ``leader``'s digest: the same in every digest that shows the
        same forecast periods and cuts coaching from the same tree."""
        key = manager.email.lower()
        cache_key = (key, periods, self.top(leader))
        if cache_key not in self._rows:
            history = self.history_of([key])
            self._rows[cache_key] = manager_row(
                manager,
                counts=self.tally.weeks_of(key),
                results=self.results_of.get(key, []),
                forecast=forecast_standings(history, [key], periods=periods)[key],
                coaching=team_gap(node_of(manager.email, self.nodes(leader))),
                windows=self.windows,
                titles=self.titles,
            )
        return self._rows[cache_key]
