"""Adherence: did people keep the rhythm? Done on time ÷ expected, with fair exclusions.

Skipped-with-reason, excused and not-nudged occurrences leave the denominator (nobody is punished
for a rep being out, for a holiday, or for a nudge that never reached them), and so do
occurrences still open: only closed ones are judged.
Skips stay visible through ``skipped_by_reason`` and ``frequent_skippers`` so a leader can still
see who skips a lot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from bot.domain.occurrence import OccurrenceStatus
from bot.domain.recurrence import monday_of

K = TypeVar("K", bound=Hashable)

UNSPECIFIED_REASON = "unspecified"


@dataclass(frozen=True)
class OccurrenceOutcome:
    """Where one occurrence stands: the input row of every adherence figure."""

    person: str
    cadence_id: str
    period_start: date
    due_at: datetime
    status: OccurrenceStatus
    skip_reason: str | None = None

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")


@dataclass(frozen=True)
class AdherenceSummary:
    """Counts by outcome; ``rate`` is on time ÷ closed occurrences that were not skipped/excused."""

    on_time: int = 0
    late: int = 0
    missed: int = 0
    skipped: int = 0
    excused: int = 0
    pending: int = 0
    # Closed without a nudge ever reaching the person before due: never held against them.
    not_nudged: int = 0
    skipped_by_reason: Mapping[str, int] = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return (
            self.on_time
            + self.late
            + self.missed
            + self.skipped
            + self.excused
            + self.pending
            + self.not_nudged
        )

    @property
    def judged(self) -> int:
        """The denominator: closed occurrences neither skipped, excused nor left un-nudged."""
        return self.on_time + self.late + self.missed

    @property
    def rate(self) -> float | None:
        return self.on_time / self.judged if self.judged else None

    @property
    def skip_share(self) -> float | None:
        """Skipped ÷ closed occurrences the person was not excused from (excused is no choice)."""
        chosen = self.judged + self.skipped
        return self.skipped / chosen if chosen else None


# What adherence needs of one outcome: its status and, for a skip, the reason given.
Counted = tuple[OccurrenceStatus, str | None]


def adherence(outcomes: Iterable[OccurrenceOutcome]) -> AdherenceSummary:
    return counted_adherence(Counter((o.status, o.skip_reason) for o in outcomes).items())


def counted_adherence(counts: Iterable[tuple[Counted, int]]) -> AdherenceSummary:
    """The summary of outcomes already counted by status and skip reason (a key may repeat):
    the one place that decides what each status counts as, whether outcomes come one by one
    or counted by the thousand (``outcome_tally``)."""
    # Plain dicts: a digest sums thousands of these (a Counter's missing key is slow).
    statuses: dict[OccurrenceStatus, int] = {}
    reasons: dict[str, int] = {}
    for (status, reason), count in counts:
        statuses[status] = statuses.get(status, 0) + count
        if status is OccurrenceStatus.SKIPPED:
            why = reason or UNSPECIFIED_REASON
            reasons[why] = reasons.get(why, 0) + count
    of = statuses.get
    return AdherenceSummary(
        on_time=of(OccurrenceStatus.DONE_ON_TIME, 0),
        late=of(OccurrenceStatus.DONE_LATE, 0),
        missed=of(OccurrenceStatus.MISSED, 0),
        skipped=of(OccurrenceStatus.SKIPPED, 0),
        excused=of(OccurrenceStatus.EXCUSED, 0),
        pending=of(OccurrenceStatus.SCHEDULED, 0) + of(OccurrenceStatus.OPEN, 0),
        not_nudged=of(OccurrenceStatus.NOT_NUDGED, 0),
        skipped_by_reason=dict(sorted(reasons.items())),
    )


def combined(summaries: Iterable[AdherenceSummary]) -> AdherenceSummary:
    """Summaries of separate outcomes as one: what ``counted_adherence`` gives for all of
    them together (every figure is a sum), without counting the outcomes again."""
    on_time = late = missed = skipped = excused = pending = not_nudged = 0
    reasons: dict[str, int] = {}
    for s in summaries:
        on_time += s.on_time
        late += s.late
        missed += s.missed
        skipped += s.skipped
        excused += s.excused
        pending += s.pending
        not_nudged += s.not_nudged
        for why, count in s.skipped_by_reason.items():
            reasons[why] = reasons.get(why, 0) + count
    return AdherenceSummary(
        on_time=on_time,
        late=late,
        missed=missed,
        skipped=skipped,
        excused=excused,
        pending=pending,
        not_nudged=not_nudged,
        skipped_by_reason=dict(sorted(reasons.items())),
    )


# The Monday of the ISO week containing a day: the key of every weekly figure.
week_start = monday_of


def adherence_by(
    outcomes: Iterable[OccurrenceOutcome], key: Callable[[OccurrenceOutcome], K]
) -> dict[K, AdherenceSummary]:
    groups: dict[K, list[OccurrenceOutcome]] = {}
    for outcome in outcomes:
        groups.setdefault(key(outcome), []).append(outcome)
    return {k: adherence(group) for k, group in groups.items()}


def adherence_by_person(outcomes: Iterable[OccurrenceOutcome]) -> dict[str, AdherenceSummary]:
    return adherence_by(outcomes, lambda o: o.person.lower())


def adherence_by_person_and_cadence(
    outcomes: Iterable[OccurrenceOutcome],
) -> dict[tuple[str, str], AdherenceSummary]:
    return adherence_by(outcomes, lambda o: (o.person.lower(), o.cadence_id))


def adherence_by_week(outcomes: Iterable[OccurrenceOutcome]) -> dict[date, AdherenceSummary]:
    """Keyed by the Monday of the week the occurrence's period starts in (the subject's dates)."""
    return dict(sorted(adherence_by(outcomes, lambda o: week_start(o.period_start)).items()))


def trailing_window(as_of: date, weeks: int = 8) -> tuple[date, date]:
    """First and last day (inclusive) of the ``weeks`` ISO weeks ending with ``as_of``'s week.

    The window stops at ``as_of`` itself: later periods of the current week have not begun.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    return week_start(as_of) - timedelta(weeks=weeks - 1), as_of


def trailing_adherence(
    outcomes: Iterable[OccurrenceOutcome], *, as_of: date, weeks: int = 8
) -> AdherenceSummary:
    first, last = trailing_window(as_of, weeks)
    return adherence(o for o in outcomes if first <= o.period_start <= last)


@dataclass(frozen=True)
class Skipper:
    person: str
    summary: AdherenceSummary

    @property
    def skip_share(self) -> float:
        return self.summary.skip_share or 0.0


def frequent_skippers(
    outcomes: Iterable[OccurrenceOutcome], *, threshold: float = 0.25, min_occurrences: int = 3
) -> list[Skipper]:
    """People whose skip share is at least ``threshold``, most skips first.

    ``min_occurrences`` (closed, not excused) keeps one skip out of one occurrence from
    flagging someone as a frequent skipper.
    """
    flagged = [
        Skipper(person, summary)
        for person, summary in adherence_by_person(outcomes).items()
        if skips_often(summary, threshold=threshold, min_occurrences=min_occurrences)
    ]
    return sorted(flagged, key=lambda s: (-s.skip_share, -s.summary.skipped, s.person))


def skips_often(
    summary: AdherenceSummary, *, threshold: float = 0.25, min_occurrences: int = 3
) -> bool:
    """Whether one person's ``summary`` makes them a frequent skipper (``frequent_skippers``)."""
    return (
        summary.judged + summary.skipped >= min_occurrences
        and (summary.skip_share or 0.0) >= threshold
    )
