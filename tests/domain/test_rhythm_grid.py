"""The digest chart's cells: the most telling outcome of each manager's week."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.adherence import OccurrenceOutcome
from bot.domain.occurrence import FINAL_STATUSES
from bot.domain.occurrence import OccurrenceStatus as S
from bot.domain.rhythm_grid import CellState, cell_state, rhythm_grid

WEEK = date(2026, 9, 7)


def outcome(person: str, day: date, status: S) -> OccurrenceOutcome:
    return OccurrenceOutcome(person, "team", day, datetime(2026, 9, 11, 17, tzinfo=UTC), status)


def test_missed_wins_over_late_over_on_time_over_excused() -> None:
    assert cell_state([S.DONE_ON_TIME, S.MISSED, S.DONE_LATE]) is CellState.MISSED
    assert cell_state([S.DONE_ON_TIME, S.DONE_LATE]) is CellState.LATE
    assert cell_state([S.SKIPPED, S.DONE_ON_TIME]) is CellState.ON_TIME
    assert cell_state([S.SKIPPED, S.EXCUSED]) is CellState.EXCUSED
    assert cell_state([S.OPEN, S.SCHEDULED]) is None
    assert cell_state([]) is None


def test_every_final_status_has_a_cell_and_not_nudged_sits_between_late_and_on_time() -> None:
    assert all(cell_state([status]) is not None for status in FINAL_STATUSES)
    assert cell_state([S.DONE_ON_TIME, S.NOT_NUDGED]) is CellState.NOT_NUDGED
    assert cell_state([S.NOT_NUDGED, S.DONE_LATE]) is CellState.LATE


def test_rows_follow_the_order_given_and_weeks_key_by_monday() -> None:
    outcomes = [
        outcome("A@x", date(2026, 9, 9), S.MISSED),  # a Wednesday: the week of 7 Sep
        outcome("b@x", WEEK, S.DONE_ON_TIME),
    ]

    grid = rhythm_grid(
        outcomes, managers=[("b@x", "B"), ("a@x", "A")], weeks=[WEEK, date(2026, 9, 14)]
    )

    assert [row.name for row in grid.rows] == ["B", "A"]
    assert grid.rows[1].cells == (CellState.MISSED, None)
    assert not grid.empty
    assert rhythm_grid([], managers=[("a@x", "A")], weeks=[WEEK]).empty
