"""Storing actuals, whichever way they came in (a CSV file or a CRM): an idempotent upsert.

One row per manager and period. A re-import with the same amount and source changes nothing —
not even ``imported_at`` — so importing the same data twice reports everything unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from bot.domain.actuals import Period
from bot.persistence.models import ActualsSource, ForecastActual
from bot.persistence.repositories import actuals

# The amount each manager's team booked, keyed by (manager's person id, period).
ManagerAmounts = dict[tuple[int, Period], Decimal]


@dataclass(frozen=True)
class ImportProblem:
    """Why a row or record was not imported; ``line`` is None when it came from a CRM."""

    line: int | None
    message: str


@dataclass(frozen=True)
class ImportReport:
    inserted: int
    updated: int
    unchanged: int
    # The problems left out with skip_bad_rows.
    skipped: tuple[ImportProblem, ...] = ()


class ActualsRejected(Exception):
    """The data has problems and skipping them was not asked for: nothing was imported."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s), nothing imported")
        self.problems = tuple(problems)


def store_actuals(
    session: Session,
    amounts: ManagerAmounts,
    *,
    source: ActualsSource,
    now: datetime,
    problems: Sequence[ImportProblem] = (),
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Upsert ``amounts``; ``ActualsRejected`` before writing anything if there are problems."""
    if problems and not skip_bad_rows:
        raise ActualsRejected(problems)
    stored = actuals.existing(session, ForecastActual, {(m, p.start, p.end) for m, p in amounts})
    inserted = updated = 0
    for (manager_id, period), amount in amounts.items():
        row = stored.get((manager_id, period.start, period.end))
        if row is None:
            session.add(
                ForecastActual(
                    manager_id=manager_id,
                    period=period.label,
                    period_start=period.start,
                    period_end=period.end,
                    amount=amount,
                    source=source,
                    imported_at=now,
                )
            )
            inserted += 1
        elif (row.amount, row.source, row.period) != (amount, source, period.label):
            row.amount, row.source, row.period, row.imported_at = amount, source, period.label, now
            updated += 1
    session.flush()
    unchanged = len(amounts) - inserted - updated
    return ImportReport(inserted, updated, unchanged, skipped=tuple(problems))
