"""The digest's picture of the rhythm: one row per manager, one column per week.

Each cell says how that manager's week went, as the most telling outcome of what was due that
week: missed before late, late before *not nudged* (the reminder never reached them, so it is not
counted against them), not nudged before on time, and on time before excused or skipped. A week
with nothing due, or only still open, has no state. Rows come in the digest's attention order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.adherence import OccurrenceOutcome
from bot.domain.occurrence import OccurrenceStatus
from bot.domain.outcome_tally import OutcomeTally, statuses, tally


class CellState(StrEnum):
    MISSED = "missed"
    LATE = "late"
    NOT_NUDGED = "not nudged"
    ON_TIME = "on time"
    EXCUSED = "excused"


# Most telling first.
PRECEDENCE = tuple(CellState)
_STATE_OF = {
    OccurrenceStatus.MISSED: CellState.MISSED,
    OccurrenceStatus.DONE_LATE: CellState.LATE,
    OccurrenceStatus.DONE_ON_TIME: CellState.ON_TIME,
    OccurrenceStatus.SKIPPED: CellState.EXCUSED,
    OccurrenceStatus.EXCUSED: CellState.EXCUSED,
    OccurrenceStatus.NOT_NUDGED: CellState.NOT_NUDGED,
}


def cell_state(statuses: Iterable[OccurrenceStatus]) -> CellState | None:
    states = {_STATE_OF.get(s) for s in statuses}
    return next((state for state in PRECEDENCE if state in states), None)


@dataclass(frozen=True)
class GridRow:
    email: str
    name: str
    cells: tuple[CellState | None, ...]


@dataclass(frozen=True)
class RhythmGrid:
    weeks: tuple[date, ...]
    rows: tuple[GridRow, ...]

    @property
    def empty(self) -> bool:
        """Nothing due in any week for anyone: no picture to draw."""
        return all(cell is None for row in self.rows for cell in row.cells)


def rhythm_grid(
    outcomes: Iterable[OccurrenceOutcome] | OutcomeTally,
    *,
    managers: Sequence[tuple[str, str]],
    weeks: Sequence[date],
) -> RhythmGrid:
    """``managers`` are ``(email, name)`` in the order the rows are shown."""
    counted = tally(outcomes)
    return RhythmGrid(
        weeks=tuple(weeks),
        rows=tuple(
            GridRow(
                email=email,
                name=name,
                cells=tuple(cell_state(statuses(counted.weeks_of(email).get(w))) for w in weeks),
            )
            for email, name in managers
        ),
    )
