"""Targets (quota) per manager and period, and what the team booked against them.

A target is per manager team, like actuals and forecasts: the amount a manager's team is asked
to win in a period (a month, a quarter or an ISO week, written like ``2026-Q4``). Targets come
from the config (``targets:``) or an import (CSV, CRM); an imported target replaces the config's
for the same manager and period, so the config can hold a default and the import the real quota.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.actuals import Period
from bot.domain.forecast_results import Actual


@dataclass(frozen=True)
class Target:
    """The quota of ``manager``'s team (lower-case email) for ``period``."""

    manager: str
    period: Period
    amount: Decimal


def merged_targets(*, configured: Iterable[Target], imported: Iterable[Target]) -> list[Target]:
    """One target per manager and period: an imported target wins over a configured one."""
    merged: dict[tuple[str, date, date], Target] = {}
    for target in [*configured, *imported]:
        merged[target.manager.lower(), target.period.start, target.period.end] = target
    return list(merged.values())


def target_period(targets: Iterable[Target], day: date) -> Period | None:
    """The period a report on ``day`` measures against: the narrowest target period holding it.

    Narrowest, like the actuals a weekly commit is scored with (see ``forecast_results``).
    """
    holding = {t.period for t in targets if t.period.start <= day <= t.period.end}
    return min(holding, key=lambda p: (p.end - p.start, p.start), default=None)


def booked_in(actuals: Sequence[Actual], period: Period) -> Decimal | None:
    """What one manager's team booked in ``period``: the actual of that very period if imported,
    else the sum of the widest non-overlapping imported periods inside it (e.g. its months so
    far). None when nothing inside the period was imported."""
    exact = [a for a in actuals if (a.period_start, a.period_end) == (period.start, period.end)]
    if exact:
        return exact[0].amount
    inside = sorted(
        (a for a in actuals if period.start <= a.period_start and a.period_end <= period.end),
        key=lambda a: (-(a.period_end - a.period_start).days, a.period_start),
    )
    chosen: list[Actual] = []
    for actual in inside:
        if all(
            actual.period_end < c.period_start or c.period_end < actual.period_start for c in chosen
        ):
            chosen.append(actual)
    if not chosen:
        return None
    return sum((a.amount for a in chosen), Decimal(0))
