"""The coaching loop in a leader's digest: what managers work on, how they follow through, how
well they run their meetings (checklists), why they skip, and the hints that follow.

It is its own section, computed beside the digest's rhythm and forecast rows from the same
windows: follow-through, the focus mix and checklists over the digest's trailing 8 weeks,
hints from the manager's rows (weeks, coaching gap) and closed forecast periods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from bot.domain.action_items import ActionItemRecord, FollowThrough, follow_through
from bot.domain.attention import ManagerRow
from bot.domain.checklists import ChecklistMark, ChecklistSummary, checklist_summary
from bot.domain.coaching_focus import Diagnosis, FocusMix, FocusPeriod, focus_mix, focus_over_time
from bot.domain.hints import (
    MAX_HINTS,
    Hint,
    HintSettings,
    ManagerPatterns,
    hints_for,
    worst_first,
)

# The focus mix is shown for the trailing 8 weeks, and month by month in a manager's detail.
FOCUS_MONTHS = 3
T = TypeVar("T")


@dataclass(frozen=True)
class ManagerCoaching:
    email: str
    name: str
    follow_through: FollowThrough
    focus: FocusMix
    checklist: ChecklistSummary
    hints: tuple[Hint, ...]
    # The manager's 1:1s by month, oldest first, and each rep's history (newest first).
    months: tuple[FocusPeriod, ...] = ()
    reps: Mapping[str, tuple[Diagnosis, ...]] = field(default_factory=dict)
    items: tuple[ActionItemRecord, ...] = ()


@dataclass(frozen=True)
class CoachingLoop:
    first_day: date
    last_day: date
    focus: FocusMix
    managers: tuple[ManagerCoaching, ...]
    hints: tuple[Hint, ...]
    skips_by_reason: Mapping[str, int]
    # The whole subtree's 1:1s month by month, oldest first.
    months: tuple[FocusPeriod, ...] = ()

    def manager(self, email: str) -> ManagerCoaching | None:
        return next((m for m in self.managers if m.email.lower() == email.lower()), None)


def month_starts(last_day: date, months: int) -> list[date]:
    """The first days of the ``months`` months up to ``last_day``'s, then of the month after."""
    first = last_day.replace(day=1)
    starts = [first, (first + timedelta(days=32)).replace(day=1)]
    for _ in range(months - 1):
        starts.insert(0, (starts[0] - timedelta(days=1)).replace(day=1))
    return starts


def _by_manager(items: Iterable[T], manager: Callable[[T], str]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(manager(item).lower(), []).append(item)
    return grouped


def _manager(
    row: ManagerRow,
    *,
    items: list[ActionItemRecord],
    diagnoses: list[Diagnosis],
    marks: list[ChecklistMark],
    bias: Sequence[float],
    window: tuple[date, date],
    settings: HintSettings,
    threshold: int,
) -> ManagerCoaching:
    first_day, last_day = window
    ft = follow_through(items, today=last_day)
    patterns = ManagerPatterns(
        email=row.email,
        name=row.name,
        bias_by_period=bias,
        weekly_on_time=[w.adherence for w in row.weeks],
        coaching=row.coaching,
        follow_through=ft,
    )
    reps: dict[str, list[Diagnosis]] = {}
    for d in sorted(diagnoses, key=lambda d: d.held_on, reverse=True):
        reps.setdefault(d.rep, []).append(d)
    return ManagerCoaching(
        email=row.email,
        name=row.name,
        follow_through=ft,
        focus=focus_mix(d for d in diagnoses if first_day <= d.held_on <= last_day),
        checklist=checklist_summary(marks),
        hints=tuple(hints_for(patterns, settings, threshold=threshold)),
        months=focus_over_time(diagnoses, boundaries=month_starts(last_day, FOCUS_MONTHS)),
        reps={rep: tuple(history) for rep, history in reps.items()},
        items=tuple(items),
    )


def compose_coaching_loop(
    *,
    rows: Sequence[ManagerRow],
    first_day: date,
    last_day: date,
    items: Iterable[ActionItemRecord],
    diagnoses: Iterable[Diagnosis],
    checklists: Iterable[ChecklistMark],
    biases: Mapping[str, Sequence[float]],
    skips_by_reason: Mapping[str, int],
    settings: HintSettings,
    threshold: int,
) -> CoachingLoop:
    """``rows`` are the digest's manager rows. ``items`` are those of 1:1s held in
    ``[first_day, last_day]``, judged as of ``last_day``; ``diagnoses`` reach back
    ``FOCUS_MONTHS`` months for the month-by-month view; ``checklists`` are the marks of the
    window's occurrences; ``biases`` each manager's closed forecast periods, oldest first."""
    items_of = _by_manager(items, lambda i: i.manager)
    diagnoses_of = _by_manager(diagnoses, lambda d: d.manager)
    marks_of = _by_manager(checklists, lambda m: m.person)
    managers = tuple(
        _manager(
            row,
            items=items_of.get(row.email.lower(), []),
            diagnoses=diagnoses_of.get(row.email.lower(), []),
            marks=marks_of.get(row.email.lower(), []),
            bias=biases.get(row.email.lower(), ()),
            window=(first_day, last_day),
            settings=settings,
            threshold=threshold,
        )
        for row in rows
    )
    in_window = [
        d for group in diagnoses_of.values() for d in group if first_day <= d.held_on <= last_day
    ]
    return CoachingLoop(
        first_day=first_day,
        last_day=last_day,
        focus=focus_mix(in_window),
        managers=managers,
        hints=tuple(worst_first((h for m in managers for h in m.hints), limit=MAX_HINTS)),
        skips_by_reason=dict(skips_by_reason),
        months=focus_over_time(
            (d for group in diagnoses_of.values() for d in group),
            boundaries=month_starts(last_day, FOCUS_MONTHS),
        ),
    )
