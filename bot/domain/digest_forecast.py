"""The forecast line of a digest's headline: the subtree's commit, its change, the leader's call.

The leader's adjustment is shown beside the managers' sum, never inside it (see ``forecast``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.attention import ManagerRow
from bot.domain.forecast_results import ForecastHistory, Periods
from bot.domain.forecast_rollup import LeaderAdjustment, roll_up
from bot.domain.roster import Roster


@dataclass(frozen=True)
class ForecastHeadline:
    """The subtree's commit for the latest forecast period, and the leader's own call beside it."""

    period_start: date | None
    commit: Decimal | None
    change: Decimal | None
    adjustment: Decimal
    leader_commit: Decimal | None
    adjustment_notes: tuple[str, ...]
    not_submitted: tuple[str, ...]


def forecast_headline(
    roster: Roster,
    *,
    leader: str,
    forecasts: ForecastHistory,
    adjustments: Iterable[LeaderAdjustment],
    periods: Periods | None,
    rows: Iterable[ManagerRow],
) -> ForecastHeadline:
    not_submitted = tuple(r.name for r in rows if r.forecast.missing)
    if periods is None:
        return ForecastHeadline(None, None, None, Decimal(0), None, (), not_submitted)
    current, previous = periods
    tree = roll_up(
        roster,
        leader=leader,
        entries=forecasts.entries,
        period_start=current,
        # With no earlier period in view there is nothing to compare with: date.min has no entries.
        previous_period_start=previous or date.min,
        adjustments=adjustments,
    )
    return ForecastHeadline(
        period_start=current,
        commit=tree.total.commit if tree.total else None,
        change=tree.change.commit if tree.change else None,
        adjustment=tree.adjustment,
        leader_commit=tree.leader_commit,
        adjustment_notes=tuple(a.note for a in tree.adjustments),
        not_submitted=not_submitted,
    )
