"""The quarterly review: rhythm beside results, for a leader's subtree.

Managers are grouped by how well they kept the rhythm in the quarter, and each group's
attainment and forecast accuracy are shown beside it, with how many managers, targets and
forecasts each figure rests on. It shows what went together, never why: the wording says so,
and a group of fewer than ``MIN_GROUP`` managers shows "not enough data yet" instead of figures.

The rhythm has up to three parts, each kept or not:

- **on time**: at least ``KEPT_RATE`` of the quarter's judged occurrences done on time;
- **checklist**: at least ``KEPT_RATE`` of checklist items done, where cadences have checklists;
- **coaching**: 1:1s logged, at least ``COACHED_SHARE`` of them coaching, and — where enough
  reps answered for their answers to be shown at all — at least ``COACHED_SHARE`` of the reps
  saying they were coached. The quarter's figures are the sum of its three months as every
  output publishes them (``coaching_view``): a month whose answers are not shown adds none.

A manager with fewer than ``MIN_JUDGED`` judged occurrences has too little history to be grouped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.actuals import Period
from bot.domain.adherence import AdherenceSummary, OccurrenceOutcome, adherence_by_person
from bot.domain.attainment import Attainment, attainment
from bot.domain.coaching import CoachingGap
from bot.domain.coaching_periods import CoachingPeriod, period_of
from bot.domain.forecast_results import Actual
from bot.domain.forecast_rollup import ForecastResult, GroupAccuracy, group_accuracy
from bot.domain.roster import Role, Roster
from bot.domain.targets import Target

KEPT_RATE = 0.8
COACHED_SHARE = 0.5
MIN_JUDGED = 4
MIN_GROUP = 3


class RhythmGroup(StrEnum):
    KEPT = "kept the rhythm"
    PARTLY = "kept part of it"
    NOT_KEPT = "did not keep it"
    TOO_LITTLE = "too little history"


@dataclass(frozen=True)
class Share:
    """``numerator`` of ``denominator``: the raw counts behind every share the review shows."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class ReviewManager:
    email: str
    name: str
    on_time: AdherenceSummary
    checklist: Share | None
    coaching: CoachingGap
    group: RhythmGroup
    kept: tuple[str, ...]
    not_kept: tuple[str, ...]
    attainment: Attainment
    accuracy: GroupAccuracy

    @property
    def on_time_share(self) -> Share:
        return Share(self.on_time.on_time, self.on_time.judged)


@dataclass(frozen=True)
class ReviewGroup:
    group: RhythmGroup
    managers: tuple[ReviewManager, ...]
    attainment: Attainment
    accuracy: GroupAccuracy

    @property
    def enough_data(self) -> bool:
        return len(self.managers) >= MIN_GROUP


@dataclass(frozen=True)
class Review:
    leader: str
    leader_name: str
    quarter: Period
    currency: str
    generated_at: datetime
    coaching_settled: bool
    groups: tuple[ReviewGroup, ...]

    @property
    def managers(self) -> tuple[ReviewManager, ...]:
        return tuple(m for g in self.groups for m in g.managers)

    def group(self, which: RhythmGroup) -> ReviewGroup:
        return next(g for g in self.groups if g.group is which)


def _coaching_kept(gap: CoachingGap) -> bool:
    logged = gap.logged_one_on_ones > 0 and (gap.logged_share or 0.0) >= COACHED_SHARE
    reported = gap.reported_share is None or gap.reported_share >= COACHED_SHARE
    return logged and reported


def rhythm_parts(
    on_time: AdherenceSummary, checklist: Share | None, coaching: CoachingGap
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parts of the rhythm kept and not kept, by name."""
    parts = {"on time": (on_time.rate or 0.0) >= KEPT_RATE, "coaching": _coaching_kept(coaching)}
    if checklist is not None and checklist.value is not None:
        parts["checklist"] = checklist.value >= KEPT_RATE
    kept = tuple(name for name, ok in parts.items() if ok)
    return kept, tuple(name for name, ok in parts.items() if not ok)


def rhythm_group(
    on_time: AdherenceSummary, kept: Sequence[str], not_kept: Sequence[str]
) -> RhythmGroup:
    if on_time.judged < MIN_JUDGED:
        return RhythmGroup.TOO_LITTLE
    if not not_kept:
        return RhythmGroup.KEPT
    return RhythmGroup.PARTLY if kept else RhythmGroup.NOT_KEPT


def compose_review(
    *,
    roster: Roster,
    leader: str,
    quarter: Period,
    outcomes: Iterable[OccurrenceOutcome],
    results: Iterable[ForecastResult],
    targets: Iterable[Target],
    actuals: Iterable[Actual],
    coaching: Mapping[str, CoachingGap],
    checklists: Mapping[str, Share],
    coaching_settled: bool,
    now: datetime,
    currency: str = "USD",
) -> Review:
    """``coaching`` is each manager's team gap for the quarter (lower-case email), cut from the
    organisation-wide tree; ``checklists`` is empty where no cadence has a checklist."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    managers = [
        p
        for p in [roster[leader], *roster.subtree(leader)]
        if Role.MANAGER in roster.roles(p.email)
    ]
    in_quarter = [o for o in outcomes if quarter.start <= o.period_start <= quarter.end]
    by_person = adherence_by_person(in_quarter)
    scored = [r for r in results if quarter.start <= r.period_start <= quarter.end]
    target_list, actual_list = list(targets), list(actuals)
    rows = []
    for person in managers:
        key = person.email.lower()
        on_time = by_person.get(key, AdherenceSummary())
        gap = coaching[key]
        checklist = checklists.get(key)
        kept, not_kept = rhythm_parts(on_time, checklist, gap)
        rows.append(
            ReviewManager(
                email=person.email,
                name=person.name,
                on_time=on_time,
                checklist=checklist,
                coaching=gap,
                group=rhythm_group(on_time, kept, not_kept),
                kept=kept,
                not_kept=not_kept,
                attainment=attainment(
                    [key], targets=target_list, actuals=actual_list, period=quarter
                ),
                accuracy=group_accuracy(
                    (r.forecast, r.actual) for r in scored if r.manager.lower() == key
                ),
            )
        )
    groups = []
    for which in RhythmGroup:
        members = tuple(sorted((r for r in rows if r.group is which), key=lambda r: r.name.lower()))
        emails = {m.email.lower() for m in members}
        groups.append(
            ReviewGroup(
                group=which,
                managers=members,
                attainment=attainment(
                    emails, targets=target_list, actuals=actual_list, period=quarter
                ),
                accuracy=group_accuracy(
                    (r.forecast, r.actual) for r in scored if r.manager.lower() in emails
                ),
            )
        )
    return Review(
        leader=roster[leader].email,
        leader_name=roster[leader].name,
        quarter=quarter,
        currency=currency,
        generated_at=now,
        coaching_settled=coaching_settled,
        groups=tuple(groups),
    )


def quarter_months(quarter: Period) -> tuple[CoachingPeriod, ...]:
    """The coaching periods (calendar months) a quarter is made of."""
    months = [period_of(quarter.start)]
    while months[-1].end <= quarter.end:
        months.append(CoachingPeriod(months[-1].end))
    return tuple(months)


def quarter_gap(months: Sequence[CoachingGap]) -> CoachingGap:
    """One manager's coaching over a quarter: the months' published figures added up.

    The reps' side counts only the months whose answers are shown; a sum of shown shares, each
    neither unanimous nor of fewer than the threshold, is neither either.
    """
    logged = sum(g.logged_one_on_ones for g in months)
    coached = sum(round((g.logged_share or 0.0) * g.logged_one_on_ones) for g in months)
    shown = [g for g in months if not g.suppressed and g.reported_share is not None and g.responses]
    responses = sum(g.responses or 0 for g in shown)
    said_yes = sum(round((g.reported_share or 0.0) * (g.responses or 0)) for g in shown)
    return CoachingGap(
        logged_one_on_ones=logged,
        logged_share=coached / logged if logged else None,
        suppressed=not shown,
        responses=responses if shown else None,
        reported_share=said_yes / responses if responses else None,
        average_usefulness=None,
    )
