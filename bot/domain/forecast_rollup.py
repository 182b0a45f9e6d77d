"""Forecast roll-up up the reporting tree, and forecast accuracy once actuals are in.

A manager's number for a period is their latest submission; a leader's number is the sum of the
managers below them (plus their own, when they also manage reps). Leader adjustments are the
leader's own call and are kept beside that sum, never inside it, so the managers' numbers stay
what the managers said. Accuracy compares the *commit* locked at the due instant with the actual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from bot.domain.roster import Role, Roster

ZERO = Decimal(0)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True)
class Figures:
    commit: Decimal
    best_case: Decimal
    pipeline: Decimal

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.commit + other.commit,
            self.best_case + other.best_case,
            self.pipeline + other.pipeline,
        )

    def __sub__(self, other: Figures) -> Figures:
        return Figures(
            self.commit - other.commit,
            self.best_case - other.best_case,
            self.pipeline - other.pipeline,
        )


@dataclass(frozen=True)
class ForecastEntry:
    """One version of a manager's forecast; every edit is a new entry."""

    manager: str
    period_start: date
    commit: Decimal
    best_case: Decimal
    pipeline: Decimal
    submitted_at: datetime

    def __post_init__(self) -> None:
        _require_aware(self.submitted_at, "submitted_at")

    @property
    def figures(self) -> Figures:
        return Figures(self.commit, self.best_case, self.pipeline)


@dataclass(frozen=True)
class LeaderAdjustment:
    """A leader's own correction to the commit of their subtree, with the reason."""

    leader: str
    period_start: date
    amount: Decimal
    note: str


def _latest(entries: Iterable[ForecastEntry]) -> ForecastEntry | None:
    # max() keeps the first of equal keys; the index makes the last-recorded version win ties.
    ordered = list(entries)
    if not ordered:
        return None
    return max(enumerate(ordered), key=lambda pair: (pair[1].submitted_at, pair[0]))[1]


def latest_per_manager(
    entries: Iterable[ForecastEntry], period_start: date
) -> dict[str, ForecastEntry]:
    """Each manager's (lower-case email) latest version for ``period_start``."""
    versions: dict[str, list[ForecastEntry]] = {}
    for entry in entries:
        if entry.period_start == period_start:
            versions.setdefault(entry.manager.lower(), []).append(entry)
    return {m: latest for m, group in versions.items() if (latest := _latest(group)) is not None}


def locked_forecast(entries: Iterable[ForecastEntry], due_at: datetime) -> ForecastEntry | None:
    """The version that stood at the due instant: the latest submitted at or before ``due_at``.

    ``entries`` are one manager's versions for one period; later edits never change accuracy.
    """
    _require_aware(due_at, "due_at")
    versions = list(entries)
    if len({(e.manager.lower(), e.period_start) for e in versions}) > 1:
        raise ValueError("locked_forecast takes one manager's versions for one period")
    return _latest(e for e in versions if e.submitted_at <= due_at)


@dataclass(frozen=True)
class RollUp:
    """One node of the forecast tree (a manager or a leader) for one period.

    ``total`` is the managers' sum for the subtree (None when nobody in it has submitted);
    ``own`` is this person's own submission when they manage reps. ``adjustments`` are this
    leader's, shown beside ``total`` and never added into it or into any ancestor's total.
    """

    person: str
    roles: frozenset[Role]
    own: Figures | None
    total: Figures | None
    previous_total: Figures | None
    missing: tuple[str, ...]
    adjustments: tuple[LeaderAdjustment, ...]
    children: tuple[RollUp, ...]

    @property
    def change(self) -> Figures | None:
        """Total minus the previous period's total, as both stood."""
        if self.total is None or self.previous_total is None:
            return None
        return self.total - self.previous_total

    @property
    def adjustment(self) -> Decimal:
        return sum((a.amount for a in self.adjustments), ZERO)

    @property
    def leader_commit(self) -> Decimal | None:
        """The leader's call: the managers' commit plus this leader's own adjustments."""
        return None if self.total is None else self.total.commit + self.adjustment

    def walk(self) -> Iterator[RollUp]:
        yield self
        for child in self.children:
            yield from child.walk()


def _sum(figures: Iterable[Figures | None]) -> Figures | None:
    present = [f for f in figures if f is not None]
    if not present:
        return None
    total = present[0]
    for f in present[1:]:
        total = total + f
    return total


def _node(
    roster: Roster,
    email: str,
    *,
    current: Mapping[str, ForecastEntry],
    previous: Mapping[str, ForecastEntry],
    adjustments: tuple[LeaderAdjustment, ...],
) -> RollUp:
    roles = roster.roles(email)
    key = email.lower()
    children = tuple(
        _node(roster, r.email, current=current, previous=previous, adjustments=adjustments)
        for r in roster.reports(email)
        if Role.REP not in roster.roles(r.email)
    )
    is_manager = Role.MANAGER in roles
    own = current[key].figures if key in current else None
    own_previous = previous[key].figures if key in previous else None
    missing_self = (roster[email].email,) if is_manager and own is None else ()
    return RollUp(
        person=roster[email].email,
        roles=roles,
        own=own,
        total=_sum([own, *(c.total for c in children)]),
        previous_total=_sum([own_previous, *(c.previous_total for c in children)]),
        missing=missing_self + tuple(m for c in children for m in c.missing),
        adjustments=tuple(a for a in adjustments if a.leader.lower() == key),
        children=children,
    )


def roll_up(
    roster: Roster,
    *,
    leader: str,
    entries: Iterable[ForecastEntry],
    period_start: date,
    previous_period_start: date,
    adjustments: Iterable[LeaderAdjustment] = (),
) -> RollUp:
    """The forecast tree under ``leader`` for ``period_start``, compared with the period before."""
    if leader not in roster:
        raise KeyError(leader)
    versions = list(entries)
    return _node(
        roster,
        leader,
        current=latest_per_manager(versions, period_start),
        previous=latest_per_manager(versions, previous_period_start),
        adjustments=tuple(a for a in adjustments if a.period_start == period_start),
    )


class Bias(StrEnum):
    OVER = "over"
    UNDER = "under"
    EXACT = "exact"


def _bias(error: Decimal) -> Bias:
    if error > 0:
        return Bias.OVER
    return Bias.UNDER if error < 0 else Bias.EXACT


@dataclass(frozen=True)
class Accuracy:
    """``error`` is forecast - actual; ``abs_pct_error`` is |error| ÷ |actual| (APE)."""

    forecast: Decimal
    actual: Decimal
    error: Decimal
    abs_pct_error: Decimal | None
    bias: Bias


def forecast_accuracy(forecast: Decimal, actual: Decimal) -> Accuracy:
    error = forecast - actual
    return Accuracy(
        forecast=forecast,
        actual=actual,
        error=error,
        abs_pct_error=abs(error) / abs(actual) if actual else None,
        bias=_bias(error),
    )


@dataclass(frozen=True)
class GroupAccuracy:
    """WAPE = Σ|F-A| ÷ Σ|A| (big numbers weigh more); ``bias_ratio`` = Σ(F-A) ÷ ΣA."""

    forecast_total: Decimal
    actual_total: Decimal
    wape: Decimal | None
    bias_ratio: Decimal | None
    bias: Bias
    count: int
    # Σ|F-A|, WAPE's numerator (its denominator is ``actual_total``: actuals are never negative).
    abs_error_total: Decimal = ZERO


def group_accuracy(pairs: Iterable[tuple[Decimal, Decimal]]) -> GroupAccuracy:
    """Accuracy of a group of (forecast, actual) pairs, e.g. every manager under a leader."""
    listed = list(pairs)
    abs_errors = sum((abs(f - a) for f, a in listed), ZERO)
    abs_actuals = sum((abs(a) for _, a in listed), ZERO)
    forecast_total = sum((f for f, _ in listed), ZERO)
    actual_total = sum((a for _, a in listed), ZERO)
    net_error = forecast_total - actual_total
    return GroupAccuracy(
        forecast_total=forecast_total,
        actual_total=actual_total,
        wape=abs_errors / abs_actuals if abs_actuals else None,
        bias_ratio=net_error / actual_total if actual_total else None,
        bias=_bias(net_error),
        count=len(listed),
        abs_error_total=abs_errors,
    )


@dataclass(frozen=True)
class ForecastResult:
    """A closed period for one manager: the locked commit and the actual."""

    manager: str
    period_start: date
    forecast: Decimal
    actual: Decimal


@dataclass(frozen=True)
class PeriodAccuracy:
    period_start: date
    accuracy: GroupAccuracy


def accuracy_trend(
    results: Iterable[ForecastResult], *, as_of: date, periods: int = 8
) -> list[PeriodAccuracy]:
    """Group accuracy of the last ``periods`` periods that start on or before ``as_of``, oldest
    first. Filter ``results`` to one manager or one subtree before calling."""
    by_period: dict[date, list[tuple[Decimal, Decimal]]] = {}
    for r in results:
        if r.period_start <= as_of:
            by_period.setdefault(r.period_start, []).append((r.forecast, r.actual))
    recent = sorted(by_period)[-periods:] if periods > 0 else []
    return [PeriodAccuracy(p, group_accuracy(by_period[p])) for p in recent]
