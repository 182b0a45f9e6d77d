"""Outcomes counted once per person and week: what a digest's adherence figures are summed from.

A digest over a large tree reads tens of thousands of occurrences, and each of them feeds
several figures: its manager's reported week, trailing weeks and chart, the grid, and the
headline of every leader above that manager. Counting them once by person, week (the Monday of
the period's start, as ``adherence_by_week``), cadence, status and skip reason turns each
figure into a sum of a few counts; ``adherence.counted_adherence`` judges the counts exactly as
``adherence`` judges outcomes one by one, so both give the same summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache

from bot.domain.adherence import AdherenceSummary, OccurrenceOutcome, counted_adherence, week_start
from bot.domain.occurrence import OccurrenceStatus

# (cadence id, status, skip reason) of the outcomes counted together.
Key = tuple[str, OccurrenceStatus, str | None]
WeekCounts = Counter[Key]
NOTHING: Mapping[date, WeekCounts] = {}


class OutcomeTally:
    """Counts of outcomes by lower-case person and week."""

    def __init__(self) -> None:
        self._weeks: dict[str, dict[date, WeekCounts]] = {}

    def add(self, rows: Iterable[tuple[str, str, date, OccurrenceStatus, str | None]]) -> None:
        """Count each ``(person, cadence id, period start, status, skip reason)``, in one loop:
        a digest of a large tree counts tens of thousands of them."""
        weeks_of = self._weeks
        # A person's rows, and a period's week, are looked up once each, not once per row.
        weeks_by_person: dict[str, dict[date, WeekCounts]] = {}
        week_of: dict[date, date] = {}
        for person, cadence_id, period_start, status, skip_reason in rows:
            weeks = weeks_by_person.get(person)
            if weeks is None:
                weeks = weeks_by_person[person] = weeks_of.setdefault(person.lower(), {})
            week = week_of.get(period_start)
            if week is None:
                week = week_of[period_start] = week_start(period_start)
            counts = weeks.get(week)
            if counts is None:
                counts = weeks[week] = Counter()
            outcome = (cadence_id, status, skip_reason)
            counts[outcome] = counts.get(outcome, 0) + 1

    def weeks_of(self, person: str) -> Mapping[date, WeekCounts]:
        """``person``'s counts by week (only weeks with an outcome)."""
        return self._weeks.get(person.lower(), NOTHING)


def tally(outcomes: Iterable[OccurrenceOutcome] | OutcomeTally) -> OutcomeTally:
    """``outcomes`` counted (a tally is returned as it is)."""
    if isinstance(outcomes, OutcomeTally):
        return outcomes
    counted = OutcomeTally()
    counted.add((o.person, o.cadence_id, o.period_start, o.status, o.skip_reason) for o in outcomes)
    return counted


def summary(counts: Iterable[WeekCounts]) -> AdherenceSummary:
    """The adherence of every outcome in ``counts`` together."""
    return counted_adherence(
        ((status, reason), n) for week in counts for (_cadence, status, reason), n in week.items()
    )


def week_summary(counts: WeekCounts) -> AdherenceSummary:
    """``summary`` of one person's week. Most weeks are counted alike (everything on time), so
    weeks with the same counts share one summary instead of each building its own."""
    return _alike(frozenset(counts.items()))


@lru_cache(maxsize=4096)
def _alike(counts: frozenset[tuple[Key, int]]) -> AdherenceSummary:
    return counted_adherence(((status, reason), n) for (_cadence, status, reason), n in counts)


def statuses(counts: WeekCounts | None) -> set[OccurrenceStatus]:
    """The statuses present in one week's counts."""
    return {status for (_cadence, status, _reason) in counts} if counts else set()
