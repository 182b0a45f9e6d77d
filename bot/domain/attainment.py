"""Attainment (booked ÷ target) and pacing (the latest forecast ÷ target), for any managers.

Both pool a set of managers — one manager, a leader's subtree, a group of the review — the same
way, so a leader's figure is exactly the sum of their managers' parts:

- attainment counts the managers who have a target for the period; one with a target and no
  imported actual booked nothing (a CRM import only writes teams that won something), unless
  none of them has an actual yet, when there is no figure at all;
- pacing counts the managers who have a target *and* a forecast in the period: a missing
  forecast is unknown, not zero. Their latest commit and best case are set against their targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.actuals import Period
from bot.domain.forecast_results import Actual
from bot.domain.forecast_rollup import ForecastEntry
from bot.domain.targets import Target, booked_in

ZERO = Decimal(0)


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Attainment:
    period: Period
    booked: Decimal
    target: Decimal
    managers: int
    with_target: int
    with_actuals: int

    @property
    def ratio(self) -> Decimal | None:
        return _ratio(self.booked, self.target) if self.with_actuals else None


def _targets_of(targets: Iterable[Target], period: Period) -> dict[str, Decimal]:
    return {
        t.manager.lower(): t.amount
        for t in targets
        if (t.period.start, t.period.end) == (period.start, period.end)
    }


def attainment(
    managers: Iterable[str],
    *,
    targets: Iterable[Target],
    actuals: Iterable[Actual],
    period: Period,
) -> Attainment:
    keys = [m.lower() for m in managers]
    quota = _targets_of(targets, period)
    by_manager: dict[str, list[Actual]] = {}
    for actual in actuals:
        by_manager.setdefault(actual.manager.lower(), []).append(actual)
    counted = [k for k in keys if k in quota]
    booked = {k: booked_in(by_manager.get(k, []), period) for k in counted}
    return Attainment(
        period=period,
        booked=sum((b for b in booked.values() if b is not None), ZERO),
        target=sum((quota[k] for k in counted), ZERO),
        managers=len(keys),
        with_target=len(counted),
        with_actuals=sum(1 for b in booked.values() if b is not None),
    )


@dataclass(frozen=True)
class Pacing:
    """Where the period stands on ``as_of``: time gone, and the latest call against the target."""

    period: Period
    as_of: date
    commit: Decimal
    best_case: Decimal
    target: Decimal
    with_target: int
    with_forecast: int

    @property
    def days_gone(self) -> int:
        return max(0, min((self.as_of - self.period.start).days + 1, self.days))

    @property
    def days(self) -> int:
        return (self.period.end - self.period.start).days + 1

    @property
    def time_gone(self) -> float:
        return self.days_gone / self.days

    @property
    def commit_ratio(self) -> Decimal | None:
        return _ratio(self.commit, self.target)

    @property
    def best_case_ratio(self) -> Decimal | None:
        return _ratio(self.best_case, self.target)


def latest_call(
    entries: Iterable[ForecastEntry], *, manager: str, period: Period, as_of: date
) -> ForecastEntry | None:
    """The manager's latest forecast version for a forecast period begun in ``period`` by
    ``as_of``: the newest period's latest version."""
    mine = [
        e
        for e in entries
        if e.manager.lower() == manager.lower() and period.start <= e.period_start <= as_of
    ]
    return max(mine, key=lambda e: (e.period_start, e.submitted_at), default=None)


def pacing(
    managers: Iterable[str],
    *,
    targets: Iterable[Target],
    entries: Iterable[ForecastEntry],
    period: Period,
    as_of: date,
) -> Pacing:
    keys = sorted({m.lower() for m in managers})
    quota = _targets_of(targets, period)
    versions = list(entries)
    calls = {
        key: call
        for key in keys
        if key in quota
        and (call := latest_call(versions, manager=key, period=period, as_of=as_of)) is not None
    }
    return Pacing(
        period=period,
        as_of=as_of,
        commit=sum((c.commit for c in calls.values()), ZERO),
        best_case=sum((c.best_case for c in calls.values()), ZERO),
        target=sum((quota[k] for k in calls), ZERO),
        with_target=sum(1 for key in keys if key in quota),
        with_forecast=len(calls),
    )
