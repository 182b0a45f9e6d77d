"""The coaching-loop section of a leader's digest, read and composed beside the digest itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from bot.domain.action_items import ActionItemRecord
from bot.domain.checklists import ChecklistMark
from bot.domain.coaching_focus import Diagnosis
from bot.domain.coaching_loop import FOCUS_MONTHS, CoachingLoop, compose_coaching_loop, month_starts
from bot.domain.digest import Digest
from bot.domain.digest_windows import DigestWindows
from bot.domain.forecast_rollup import ForecastResult
from bot.domain.operating_system import OperatingSystem
from bot.persistence.repositories import coaching_history

T = TypeVar("T")


def forecast_biases(results: Iterable[ForecastResult]) -> dict[str, list[float]]:
    """Each manager's (forecast - actual) ÷ actual per closed period, oldest first."""
    biases: dict[str, list[tuple[date, float]]] = {}
    for r in results:
        if r.actual:
            share = float((r.forecast - r.actual) / r.actual)
            biases.setdefault(r.manager.lower(), []).append((r.period_start, share))
    return {m: [b for _, b in sorted(periods)] for m, periods in biases.items()}


@dataclass(frozen=True)
class ByManager(Generic[T]):
    """Rows in the order they were read, and where each manager's are: a digest takes its
    managers' rows without scanning everyone else's (the Monday run has every manager's)."""

    rows: list[T]
    positions: dict[str, list[int]]

    @classmethod
    def of(cls, rows: list[T], manager: Callable[[T], str]) -> ByManager[T]:
        positions: dict[str, list[int]] = {}
        for n, row in enumerate(rows):
            positions.setdefault(manager(row).lower(), []).append(n)
        return cls(rows, positions)

    def of_managers(self, keys: Iterable[str]) -> list[T]:
        """These managers' rows (lower-case emails), in the order they were read."""
        return [self.rows[n] for n in sorted(n for k in keys for n in self.positions.get(k, ()))]


@dataclass(frozen=True)
class CoachingHistory:
    """What the coaching loop is computed from, read once for the managers of one or more
    digests of the same week (each digest takes its own managers' part)."""

    items: ByManager[ActionItemRecord]
    diagnoses: ByManager[Diagnosis]
    checklists: ByManager[ChecklistMark]


def read_coaching_history(
    session: Session, *, managers: Mapping[int, str], windows: DigestWindows
) -> CoachingHistory:
    """``managers`` by person id: every manager of the digests to be built."""
    first, last = windows.trailing_first, windows.reported_end
    focus_first = min(first, month_starts(last, FOCUS_MONTHS)[0])
    return CoachingHistory(
        items=ByManager.of(
            coaching_history.action_items(session, people=managers, first_day=first, last_day=last),
            lambda i: i.manager,
        ),
        diagnoses=ByManager.of(
            coaching_history.diagnoses(
                session, people=managers, first_day=focus_first, last_day=last
            ),
            lambda d: d.manager,
        ),
        checklists=ByManager.of(
            coaching_history.checklist_marks(
                session, people=managers, first_day=first, last_day=last
            ),
            lambda m: m.person,
        ),
    )


def build_coaching_loop(
    operating_system: OperatingSystem,
    *,
    digest: Digest,
    results: ByManager[ForecastResult],
    history: CoachingHistory,
) -> CoachingLoop:
    """``results`` are the closed forecast periods read for (at least) the digest's managers;
    ``history`` covers at least them too."""
    windows = DigestWindows(digest.week_start)
    keys = [m.email.lower() for m in digest.managers]
    return compose_coaching_loop(
        rows=digest.managers,
        first_day=windows.trailing_first,
        last_day=windows.reported_end,
        items=history.items.of_managers(keys),
        diagnoses=history.diagnoses.of_managers(keys),
        checklists=history.checklists.of_managers(keys),
        biases=forecast_biases(results.of_managers(keys)),
        skips_by_reason=digest.headline.week.skipped_by_reason,
        settings=operating_system.hints,
        threshold=operating_system.organization.anonymity_threshold,
    )
