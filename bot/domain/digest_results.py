"""The digest's results: attainment and pacing for the subtree and for each manager.

The period measured is the narrowest target period holding the first day of the reported week,
so the digest of the week that ends a quarter still shows that quarter's final result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.actuals import Period
from bot.domain.attainment import Attainment, Pacing, attainment, pacing
from bot.domain.forecast_results import Actual
from bot.domain.forecast_rollup import ForecastEntry
from bot.domain.targets import Target, target_period


@dataclass(frozen=True)
class DigestResults:
    period: Period
    attainment: Attainment
    pacing: Pacing
    managers: dict[str, Attainment]

    def of(self, email: str) -> Attainment:
        return self.managers[email.lower()]


def digest_results(
    managers: Sequence[str],
    *,
    targets: Iterable[Target],
    actuals: Iterable[Actual],
    entries: Iterable[ForecastEntry],
    reported_week: date,
    as_of: date,
) -> DigestResults | None:
    """None when no manager of the subtree has a target for the reported week."""
    keys = [m.lower() for m in managers]
    mine = [t for t in targets if t.manager.lower() in keys]
    period = target_period(mine, reported_week)
    if period is None:
        return None
    booked = list(actuals)
    return DigestResults(
        period=period,
        attainment=attainment(keys, targets=mine, actuals=booked, period=period),
        pacing=pacing(keys, targets=mine, entries=entries, period=period, as_of=as_of),
        managers={
            key: attainment([key], targets=mine, actuals=booked, period=period) for key in keys
        },
    )
